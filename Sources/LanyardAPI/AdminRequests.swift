public import LanyardModel
public import Foundation

/// `POST /t/{tenant}/v1/admin/tokens` (or `/v1/admin/tokens` for a platform administrator token): makes an
/// administrator token. The token is shown once; only its hash is kept.
public struct CreateAdminTokenRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// `platform-admin`, `tenant-admin`, `security-reviewer`, `auditor`, `owner`, `builder` or `pep`.
    public var role: String
    /// The person an `owner` or `builder` token acts for (required for those roles).
    public var subject: String?
    /// Lifetime such as `30d` (default 90 days, at most 365 days; there is no "never").
    public var ttl: String?
    public var description: String?

    public static let allowedFields: Set<String> = ["role", "subject", "ttl", "description"]

    public init(role: String, subject: String? = nil, ttl: String? = nil, description: String? = nil) {
        self.role = role
        self.subject = subject
        self.ttl = ttl
        self.description = description
    }
}

/// An administrator token as listed: never the token itself.
public struct AdminTokenView: Sendable, Hashable, Codable {
    public var id: String
    public var role: String
    /// `nil` for a platform administrator token.
    public var tenant: String?
    public var subject: String?
    public var description: String
    public var createdAt: Date?
    public var expiresAt: Date?
    public var revokedAt: Date?

    public init(
        id: String, role: String, tenant: String?, subject: String?, description: String, createdAt: Date?, expiresAt: Date?, revokedAt: Date?
    ) {
        self.id = id
        self.role = role
        self.tenant = tenant
        self.subject = subject
        self.description = description
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}

/// A newly made administrator token: shown this once.
public struct CreatedAdminToken: Sendable, Hashable, Codable {
    public var token: String
    public var info: AdminTokenView
    public init(token: String, info: AdminTokenView) {
        self.token = token
        self.info = info
    }
}

/// `GET …/v1/admin/tokens`: a page of administrator tokens, newest first.
public struct AdminTokenList: Sendable, Hashable, Codable {
    public var tokens: [AdminTokenView]
    /// The cursor of the next page (send it back as `cursor`); absent on the last page.
    public var next: String?
    public init(tokens: [AdminTokenView], next: String? = nil) {
        self.tokens = tokens
        self.next = next
    }
}

/// `GET /v1/whoami`: the caller as the server sees it.
public struct WhoAmI: Sendable, Hashable, Codable {
    /// `administrator` (an admin token).
    public var kind: String
    public var tokenId: String
    public var role: String
    /// `nil` for a platform administrator.
    public var tenant: String?
    public var subject: String?
    public var expiresAt: Date?

    public init(kind: String, tokenId: String, role: String, tenant: String?, subject: String?, expiresAt: Date?) {
        self.kind = kind
        self.tokenId = tokenId
        self.role = role
        self.tenant = tenant
        self.subject = subject
        self.expiresAt = expiresAt
    }
}

/// `GET /v1/admin/policies` and `GET /t/{tenant}/v1/admin/policies`: the `Lanyard::Admin` schema, the built-in
/// roles, every admin operation, and (per tenant) the tenant's own admin policies.
public struct AdminPoliciesView: Sendable, Hashable, Codable {
    public var schema: String
    public var builtin: String
    /// Every admin operation (Cedar action id).
    public var actions: [String]
    /// The tenant's own admin policies (`GET /t/{tenant}/v1/admin/policies` only).
    public var tenant: AdminPolicyVersion?

    public init(schema: String, builtin: String, actions: [String], tenant: AdminPolicyVersion?) {
        self.schema = schema
        self.builtin = builtin
        self.actions = actions
        self.tenant = tenant
    }
}

/// `PUT /t/{tenant}/v1/admin/policies`: replaces the tenant's own admin policies (validated against the
/// `Lanyard::Admin` schema first; nothing changes when they do not validate).
public struct PushAdminPoliciesRequest: Sendable, Hashable, Codable, StrictDecodable {
    public var policies: String
    public var message: String
    public static let allowedFields: Set<String> = ["policies", "message"]
    public init(policies: String, message: String) {
        self.policies = policies
        self.message = message
    }
}
