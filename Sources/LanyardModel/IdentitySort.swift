import Foundation

/// An order the inventory lists identities in: one field, ascending or descending, ties broken by name A to Z. Names
/// are unique in a tenant, so every order is total and a page cursor neither skips nor repeats an identity.
public struct IdentitySort: Sendable, Hashable {
    /// The fields identities can be sorted by.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case name, kind, owner, environment, stage, status, template
        /// The expiry instant.
        case expiry
        /// The registration instant.
        case created

        /// Whether the field is an instant (its cursor key is Unix seconds).
        public var isInstant: Bool { self == .expiry || self == .created }

        /// The field's sort key for `identity`, as a cursor carries it.
        public func key(of identity: Identity) -> String {
            switch self {
            case .name: identity.name
            case .kind: identity.kind.rawValue
            case .owner: identity.owner
            case .environment: identity.environment.rawValue
            case .stage: identity.stage.rawValue
            case .status: identity.status.rawValue
            case .template: identity.template
            case .expiry: String(Int64(identity.expiresAt.timeIntervalSince1970.rounded(.down)))
            case .created: String(Int64(identity.createdAt.timeIntervalSince1970.rounded(.down)))
            }
        }
    }

    public var field: Field
    public var descending: Bool

    /// By name, A to Z: the default.
    public static let byName = IdentitySort(.name)

    public init(_ field: Field, descending: Bool = false) {
        self.field = field
        self.descending = descending
    }
}
