public import Foundation
public import LanyardModel

/// The columns the inventory can be sorted by; the raw value is the `sort` query parameter.
public enum InventorySortKey: String, Sendable, Hashable, CaseIterable {
    case name, kind, owner, environment, stage, status, template
    case expires
}

/// The inventory's filters as the request carried them; each becomes a field of the filter form and a query
/// parameter of every sort and pagination link (`q`, `kind`, `owner`, `environment`, `stage`, `status`, `template`,
/// `expiring_within`). `nil` means "any".
public struct InventoryFilters: Sendable, Hashable {
    /// Free text (names, purposes), parameter `q`.
    public var query: String?
    public var kind: IdentityKind?
    /// An owner's user name.
    public var owner: String?
    public var environment: DeploymentEnvironment?
    public var stage: LifecycleStage?
    public var status: IdentityStatus?
    /// A template's name.
    public var template: String?
    /// A span such as `7d`, parameter `expiring_within`.
    public var expiringWithin: String?

    /// Creates filters; every one defaults to "any".
    public init(
        query: String? = nil, kind: IdentityKind? = nil, owner: String? = nil, environment: DeploymentEnvironment? = nil,
        stage: LifecycleStage? = nil, status: IdentityStatus? = nil, template: String? = nil, expiringWithin: String? = nil
    ) {
        self.query = query
        self.kind = kind
        self.owner = owner
        self.environment = environment
        self.stage = stage
        self.status = status
        self.template = template
        self.expiringWithin = expiringWithin
    }

    /// The filters that are set, as query parameters in a fixed order (empty strings count as unset).
    public var queryItems: [(String, String)] {
        let pairs: [(String, String?)] = [
            ("q", query), ("kind", kind?.rawValue), ("owner", owner), ("environment", environment?.rawValue), ("stage", stage?.rawValue),
            ("status", status?.rawValue), ("template", template), ("expiring_within", expiringWithin),
        ]
        return pairs.compactMap { name, value in
            guard let value, !value.isEmpty else { return nil }
            return (name, value)
        }
    }
}

/// One page of the identity inventory.
public struct InventoryView: Sendable {
    /// The identities of this page, in the order to show.
    public var rows: [Identity]
    public var filters: InventoryFilters
    /// The column the rows are sorted by (query parameter `sort`).
    public var sort: InventorySortKey
    /// Whether the order is descending (query parameter `order=desc`; `asc` otherwise).
    public var descending: Bool
    /// The cursor of the next page, when there is one: the "Next page" link carries it as `cursor`, with the filters
    /// and the order.
    public var nextCursor: String?
    /// How many identities match the filters in all, when known.
    public var total: Int?
    /// Now, to mark identities that expire within 7 days; `nil` marks none.
    public var now: Date?

    /// Creates an inventory page.
    public init(
        rows: [Identity], filters: InventoryFilters = InventoryFilters(), sort: InventorySortKey = .name, descending: Bool = false,
        nextCursor: String? = nil, total: Int? = nil, now: Date? = nil
    ) {
        self.rows = rows
        self.filters = filters
        self.sort = sort
        self.descending = descending
        self.nextCursor = nextCursor
        self.total = total
        self.now = now
    }
}
