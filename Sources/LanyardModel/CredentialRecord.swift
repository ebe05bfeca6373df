public import Foundation

/// The record of one issued credential (an access token), kept for audit, revocation and drift detection.
/// The token itself is never stored.
public struct CredentialRecord: Sendable, Hashable, Codable {
    /// The token's `jti`.
    public var jti: String
    public var tenant: String
    public var identityId: String
    /// The identity's owner when the credential was issued (for revocation by owner).
    public var owner: String
    public var scopes: [String]
    public var audience: String
    public var issuedAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?
    public var revokeReason: String?
    /// The task the credential is bound to, if any.
    public var task: String?
    /// The credential this one was exchanged from (RFC 8693 down-scoping); revoking the parent revokes it.
    public var parentJTI: String?

    public init(
        jti: String, tenant: String, identityId: String, owner: String, scopes: [String], audience: String, issuedAt: Date,
        expiresAt: Date, revokedAt: Date? = nil, revokeReason: String? = nil, task: String? = nil, parentJTI: String? = nil
    ) {
        self.jti = jti
        self.tenant = tenant
        self.identityId = identityId
        self.owner = owner
        self.scopes = scopes
        self.audience = audience
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.revokeReason = revokeReason
        self.task = task
        self.parentJTI = parentJTI
    }

    /// Longest chain of exchanges (RFC 8693 down-scoping) from a token issued to a client.
    public static let maxExchangeDepth = 4
}

/// Which credentials to revoke.
public enum RevocationTarget: Sendable, Hashable {
    case credential(jti: String)
    case identity(id: String)
    case owner(String)
}
