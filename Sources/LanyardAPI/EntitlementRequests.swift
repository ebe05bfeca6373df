public import LanyardModel

/// `POST /t/{tenant}/v1/entitlements`: grants an entitlement directly (an administrator's decision; access requests
/// grant through approval).
public struct GrantEntitlementRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// An identity (id or name), or a Cedar entity reference `Type::"id"` of the tenant's data that identities are in.
    public var principal: String
    /// `build`, `test`, `publish`, `deploy`, `data-read`, `data-write` or `tool:NAME`.
    public var tier: String
    /// Cedar action names; default: the tier's (`data-read` → `read`, `deploy` → `deploy`, `tool:NAME` → `call`).
    public var actions: [String]?
    /// A Cedar entity reference `Type::"id"` (that entity and everything in it) or `Type::*`.
    public var resource: String
    /// OAuth scopes of the identity's template that need an approval, unlocked while the entitlement lives.
    public var scopes: [String]?
    /// How long it lasts (`10m`, `8h`, `30d`; at most 90d). Mandatory: no entitlement is forever.
    public var duration: String
    /// Why (1–2000 characters).
    public var reason: String
    /// A task of the identity: the entitlement ends with it (and lasts no longer).
    public var task: String?
    /// Allows one decision only.
    public var singleUse: Bool?

    public static let allowedFields: Set<String> = [
        "principal", "tier", "actions", "resource", "scopes", "duration", "reason", "task", "singleUse",
    ]

    public init(
        principal: String, tier: String, actions: [String]? = nil, resource: String, scopes: [String]? = nil, duration: String, reason: String,
        task: String? = nil, singleUse: Bool? = nil
    ) {
        self.principal = principal
        self.tier = tier
        self.actions = actions
        self.resource = resource
        self.scopes = scopes
        self.duration = duration
        self.reason = reason
        self.task = task
        self.singleUse = singleUse
    }
}

/// `POST /t/{tenant}/v1/entitlements/{id}/revoke`.
public struct RevokeEntitlementRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// Why (1–2000 characters).
    public var reason: String

    public static let allowedFields: Set<String> = ["reason"]

    public init(reason: String) {
        self.reason = reason
    }
}

/// A page of entitlements, newest first.
public struct EntitlementList: Sendable, Hashable, Codable {
    public var entitlements: [Entitlement]
    /// The cursor of the next page (send it back as `cursor`); absent on the last page.
    public var next: String?
    public init(entitlements: [Entitlement], next: String? = nil) {
        self.entitlements = entitlements
        self.next = next
    }
}
