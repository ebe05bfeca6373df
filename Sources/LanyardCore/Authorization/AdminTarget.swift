/// What an admin operation acts on, as the `resource` of its Cedar request (`Lanyard::Admin::Target`).
public struct AdminTarget: Sendable, Hashable {
    /// `tenant`, `identity` or `platform`.
    public var kind: String
    /// The tenant acted in; empty for the platform.
    public var tenant: String
    /// The owner of the identity acted on; empty for other targets.
    public var owner: String
    /// The identity acted on, when there is one (for audit events).
    public var identity: String?

    public init(kind: String, tenant: String, owner: String = "", identity: String? = nil) {
        self.kind = kind
        self.tenant = tenant
        self.owner = owner
        self.identity = identity
    }

    /// A tenant as a whole.
    public static func tenant(_ name: String) -> AdminTarget { AdminTarget(kind: "tenant", tenant: name) }

    /// The platform, above every tenant.
    public static let platform = AdminTarget(kind: "platform", tenant: "")

    /// One identity of a tenant, with its owner.
    public static func identity(_ id: String, owner: String, tenant: String) -> AdminTarget {
        AdminTarget(kind: "identity", tenant: tenant, owner: owner, identity: id)
    }

    /// How audit events name it.
    var auditName: String {
        if let identity { return "identity:\(identity)" }
        return tenant.isEmpty ? "platform" : "tenant:\(tenant)"
    }
}

/// The outcome of an admin authorization: allowed or not, and why, in a sentence for the caller.
public struct AdminDecision: Sendable, Hashable {
    public var allowed: Bool
    /// The policies that determined it (permits when allowed, forbids when denied; empty for a default deny or
    /// an invariant).
    public var policies: [String]
    /// Why, for the error message and the audit event.
    public var reason: String

    public init(allowed: Bool, policies: [String], reason: String) {
        self.allowed = allowed
        self.policies = policies
        self.reason = reason
    }
}
