public import LanyardModel
public import Foundation

/// `POST /t/{tenant}/v1/credentials/revoke`: revokes by token, credential id, identity or owner (exactly one).
public struct RevokeCredentialsRequest: Sendable, Hashable, Codable, StrictDecodable {
    public var token: String?
    public var jti: String?
    public var identity: String?
    public var owner: String?
    public var reason: String?
    public static let allowedFields: Set<String> = ["token", "jti", "identity", "owner", "reason"]
    public init(token: String? = nil, jti: String? = nil, identity: String? = nil, owner: String? = nil, reason: String? = nil) {
        self.token = token
        self.jti = jti
        self.identity = identity
        self.owner = owner
        self.reason = reason
    }
}

/// How many credentials a revocation affected.
public struct RevocationResult: Sendable, Hashable, Codable {
    public var revoked: Int
    public init(revoked: Int) { self.revoked = revoked }
}

/// A page of credential records.
public struct CredentialList: Sendable, Hashable, Codable {
    public var credentials: [CredentialRecord]
    /// The cursor of the next page (send it back as `cursor`); absent on the last page.
    public var next: String?
    public init(credentials: [CredentialRecord], next: String? = nil) {
        self.credentials = credentials
        self.next = next
    }
}

/// `POST /t/{tenant}/v1/keys/rotate`.
public struct RotateKeysRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// `EdDSA` or `ES256`; both when absent.
    public var algorithm: String?
    public static let allowedFields: Set<String> = ["algorithm"]
    public init(algorithm: String? = nil) { self.algorithm = algorithm }
}

/// A signing key as the admin API shows it (never the private half).
public struct SigningKeyView: Sendable, Hashable, Codable {
    public var kid: String
    public var algorithm: String
    public var state: String
    public var createdAt: Date
    public var publishUntil: Date?
    public init(kid: String, algorithm: String, state: String, createdAt: Date, publishUntil: Date?) {
        self.kid = kid
        self.algorithm = algorithm
        self.state = state
        self.createdAt = createdAt
        self.publishUntil = publishUntil
    }
}

/// The tenant's signing keys: a page of them, oldest first (`GET …/v1/keys`), or all of them after a rotation.
public struct SigningKeyList: Sendable, Hashable, Codable {
    public var keys: [SigningKeyView]
    /// The cursor of the next page (send it back as `cursor`); absent on the last page.
    public var next: String?
    public init(keys: [SigningKeyView], next: String? = nil) {
        self.keys = keys
        self.next = next
    }
}

/// RFC 6749 §5.1 successful token response.
public struct TokenResponse: Sendable, Hashable, Codable {
    public var accessToken: String
    public var tokenType: String
    public var expiresIn: Int
    public var scope: String
    /// RFC 8693 §2.2.1: the type of the issued token, in token-exchange responses only.
    public var issuedTokenType: String?

    public init(accessToken: String, tokenType: String, expiresIn: Int, scope: String, issuedTokenType: String? = nil) {
        self.accessToken = accessToken
        self.tokenType = tokenType
        self.expiresIn = expiresIn
        self.scope = scope
        self.issuedTokenType = issuedTokenType
    }

    /// In wire-name order, so that ``CompactJSONEncoder`` streams the answer.
    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token", expiresIn = "expires_in", issuedTokenType = "issued_token_type", scope
        case tokenType = "token_type"
    }
}
