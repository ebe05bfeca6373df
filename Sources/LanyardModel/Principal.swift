/// Who is making a call, as established by authentication.
public struct Principal: Sendable, Hashable {
    /// What the principal may administer.
    public enum Role: String, Sendable, Hashable, Codable {
        /// Every tenant, and tenant creation.
        case platformAdmin = "platform-admin"
        /// One tenant.
        case tenantAdmin = "tenant-admin"
        /// A policy enforcement point of one tenant: may ask for authorization decisions there, nothing else.
        case pep = "pep"
    }

    /// Identifier of the credential used (an admin token id), recorded in audit events.
    public var tokenId: String
    public var role: Role
    /// The tenant a tenant admin belongs to; `nil` for a platform admin.
    public var tenant: String?

    public init(tokenId: String, role: Role, tenant: String?) {
        self.tokenId = tokenId
        self.role = role
        self.tenant = tenant
    }

    /// The actor string written to audit events.
    public var actor: String { "token:\(tokenId)" }

    /// Throws `forbidden` unless this principal may administer `tenant`.
    public func requireAdministers(tenant name: String) throws {
        guard mayAdminister(tenant: name) else {
            throw LanyardError(.forbidden, "This token may not administer tenant '\(name)'.")
        }
    }

    /// Whether this principal may administer `tenant`.
    public func mayAdminister(tenant name: String) -> Bool {
        switch role {
        case .platformAdmin: true
        case .tenantAdmin: tenant == name
        case .pep: false
        }
    }

    /// Throws `forbidden` unless this principal may ask for authorization decisions in `tenant`.
    public func requireMayAskDecisions(tenant name: String) throws {
        let allowed: Bool =
            switch role {
            case .platformAdmin: true
            case .tenantAdmin, .pep: tenant == name
            }
        guard allowed else {
            throw LanyardError(.forbidden, "This token may not ask for decisions in tenant '\(name)'.")
        }
    }

    /// Whether this principal administers (rather than only enforces in) a tenant: administrators see policy
    /// annotations in decision explanations.
    public var isAdministrator: Bool { role != .pep }
}

/// A stored administrator token: only its hash is kept.
public struct AdminTokenRecord: Sendable, Hashable {
    public var id: String
    public var tenant: String?
    public var role: Principal.Role
    /// Lower-case hex SHA-256 of the token.
    public var tokenHash: String
    public var description: String

    public init(id: String, tenant: String?, role: Principal.Role, tokenHash: String, description: String) {
        self.id = id
        self.tenant = tenant
        self.role = role
        self.tokenHash = tokenHash
        self.description = description
    }
}
