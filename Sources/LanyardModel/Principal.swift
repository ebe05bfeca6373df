public import Foundation

/// An administrator token's holder, as established by authentication: a role, the tenant it belongs to and,
/// for the roles that act for a person (`owner`, `builder`), that person.
///
/// What the principal may do is decided by Lanyard's own Cedar policies (`AdminAuthorizer` in LanyardCore);
/// this type only carries the facts those policies read and the invariants no policy can override.
public struct Principal: Sendable, Hashable {
    /// The built-in administrator roles. Each is a set of Cedar policies shipped with the server
    /// (`lanyard admin policies` prints them).
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        /// Every tenant, and tenant creation.
        case platformAdmin = "platform-admin"
        /// Everything in one tenant.
        case tenantAdmin = "tenant-admin"
        /// Reads everything in one tenant; suspends, resumes and revokes; no policy or template changes.
        case securityReviewer = "security-reviewer"
        /// Reads the inventory, the audit log and its proofs in one tenant; changes nothing.
        case auditor = "auditor"
        /// The identities its subject owns: read, extend within the template's caps, suspend, offboard, trusts.
        case owner = "owner"
        /// Registers identities its subject owns, from the tenant's templates; lists and reads those it owns; nothing else.
        case builder = "builder"
        /// A policy enforcement point of one tenant: may ask for authorization decisions there, nothing else.
        case pep = "pep"

        /// Whether a token of this role acts for a named person (and so must carry a subject).
        public var needsSubject: Bool { self == .owner || self == .builder }

        /// Whether a holder of this role may mint tokens of role `other`: a caller never widens its own role.
        /// Only administrators mint tokens; a tenant administrator mints any role below platform administrator.
        public func mayMint(_ other: Role) -> Bool {
            switch self {
            case .platformAdmin: true
            case .tenantAdmin: other != .platformAdmin
            default: false
            }
        }
    }

    /// Identifier of the credential used (an admin token id), recorded in audit events.
    public var tokenId: String
    public var role: Role
    /// The tenant the token belongs to; `nil` for a platform admin.
    public var tenant: String?
    /// The person an `owner` or `builder` token acts for (matched against identities' `owner`).
    public var subject: String?
    /// When the token stops working; `nil` only for the bootstrap platform token.
    public var expiresAt: Date?

    public init(tokenId: String, role: Role, tenant: String?, subject: String? = nil, expiresAt: Date? = nil) {
        self.tokenId = tokenId
        self.role = role
        self.tenant = tenant
        self.subject = subject
        self.expiresAt = expiresAt
    }

    /// The actor string written to audit events.
    public var actor: String { "token:\(tokenId)" }

    /// Tenant isolation, enforced in code under every policy: throws `forbidden` unless the token belongs to
    /// `tenant` (a platform administrator belongs to every tenant). What the caller may do there is decided by
    /// the admin policies before the use case runs.
    public func requireActsIn(tenant name: String) throws {
        guard actsIn(tenant: name) else {
            throw LanyardError(.forbidden, "This token belongs to another tenant and may not act in tenant '\(name)'.")
        }
    }

    /// Whether the token belongs to `tenant` (always, for a platform administrator).
    public func actsIn(tenant name: String) -> Bool {
        role == .platformAdmin || tenant == name
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
    /// The person an `owner` or `builder` token acts for.
    public var subject: String?
    /// When it was made (`nil` for tokens made before schema version 8).
    public var createdAt: Date?
    /// When it stops working; `nil` for the bootstrap platform token and tokens made before schema version 8.
    public var expiresAt: Date?
    /// When it was revoked, if it was.
    public var revokedAt: Date?

    public init(
        id: String, tenant: String?, role: Principal.Role, tokenHash: String, description: String, subject: String? = nil,
        createdAt: Date? = nil, expiresAt: Date? = nil, revokedAt: Date? = nil
    ) {
        self.id = id
        self.tenant = tenant
        self.role = role
        self.tokenHash = tokenHash
        self.description = description
        self.subject = subject
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// Whether the token authenticates at `now`: not revoked and not expired.
    public func isUsable(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { now < $0 } ?? true)
    }

    /// The principal this token stands for.
    public var principal: Principal {
        Principal(tokenId: id, role: role, tenant: tenant, subject: subject, expiresAt: expiresAt)
    }
}
