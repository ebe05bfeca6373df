public import Foundation

/// How a tenant's administrators sign in to the console: their company's OpenID Provider, the client Lanyard is
/// registered as there, and which of the provider's groups make which admin role.
public struct SSOConfiguration: Sendable, Hashable, Codable {
    /// How Lanyard authenticates itself at the provider's token endpoint.
    public enum ClientAuthentication: String, Sendable, Hashable, Codable, CaseIterable {
        /// A client assertion signed with the tenant's signing key; the provider reads the public key from the
        /// tenant's JWKS (`{issuer}/.well-known/jwks.json`). No secret is kept.
        case privateKeyJWT = "private_key_jwt"
        case clientSecretBasic = "client_secret_basic"
        case clientSecretPost = "client_secret_post"
    }

    public var tenant: String
    /// The provider's issuer URL (its discovery document is `{issuer}/.well-known/openid-configuration`).
    public var issuer: String
    public var clientID: String
    public var clientAuthentication: ClientAuthentication
    /// The client secret, sealed with the key-encryption key bound to ``sealContext`` (a secret Lanyard must present
    /// is encrypted, not hashed); nil with `private_key_jwt`.
    public var sealedSecret: [UInt8]?
    /// The provider's group names and the role each gives; a person in several gets the strongest.
    public var roles: [String: Principal.Role]
    /// The ID token claim holding the groups (`groups`).
    public var groupsClaim: String
    public var updatedAt: Date
    public var updatedBy: String

    public init(
        tenant: String, issuer: String, clientID: String, clientAuthentication: ClientAuthentication, sealedSecret: [UInt8]? = nil,
        roles: [String: Principal.Role], groupsClaim: String = "groups", updatedAt: Date, updatedBy: String
    ) {
        self.tenant = tenant
        self.issuer = issuer
        self.clientID = clientID
        self.clientAuthentication = clientAuthentication
        self.sealedSecret = sealedSecret
        self.roles = roles
        self.groupsClaim = groupsClaim
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }

    /// What the client secret is sealed to: this tenant's SSO client.
    public var sealContext: String { "console-sso:\(tenant)" }
}

/// A console sign-in begun at the provider and not yet come back: what the callback checks (`state` names it; only
/// its hash is kept) and the values bound to it. Good for ``ConsoleLimits/signInWindow``, used once.
public struct ConsoleSignInAttempt: Sendable, Hashable {
    /// SHA-256 (hex) of the `state` sent to the provider.
    public var stateHash: String
    public var tenant: String
    /// The `nonce` the ID token must carry, and the PKCE `code_verifier`, sealed together (context: the state hash).
    public var sealedSecrets: [UInt8]
    /// Where to go after signing in: a path inside this tenant's console.
    public var returnTo: String
    public var createdAt: Date

    public init(stateHash: String, tenant: String, sealedSecrets: [UInt8], returnTo: String, createdAt: Date) {
        self.stateHash = stateHash
        self.tenant = tenant
        self.sealedSecrets = sealedSecrets
        self.returnTo = returnTo
        self.createdAt = createdAt
    }
}

/// A signed-in console session. The browser holds a random token in an `HttpOnly` cookie; only its hash is kept.
public struct ConsoleSession: Sendable, Hashable {
    /// How the person signed in.
    public enum Method: String, Sendable, Hashable, Codable {
        /// Through the tenant's OpenID Provider.
        case sso
        /// Break-glass: with an administrator token, once.
        case adminToken = "admin-token"
    }

    /// SHA-256 (hex) of the cookie's token.
    public var idHash: String
    /// A short public id (`cs_…`), the session's name in the audit log.
    public var id: String
    public var tenant: String
    public var method: Method
    /// The provider's `sub` (or the admin token's id).
    public var subject: String
    public var email: String
    public var name: String
    public var role: Principal.Role
    public var createdAt: Date
    public var lastSeenAt: Date
    /// The absolute end, whatever the activity.
    public var expiresAt: Date
    public var endedAt: Date?

    public init(
        idHash: String, id: String, tenant: String, method: Method, subject: String, email: String, name: String, role: Principal.Role,
        createdAt: Date, lastSeenAt: Date, expiresAt: Date, endedAt: Date? = nil
    ) {
        self.idHash = idHash
        self.id = id
        self.tenant = tenant
        self.method = method
        self.subject = subject
        self.email = email
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
        self.endedAt = endedAt
    }
}

/// The console's time limits.
public enum ConsoleLimits {
    /// How long a sign-in may take at the provider.
    public static let signInWindow: TimeInterval = 600
    /// A session unused this long is over.
    public static let idleTimeout: TimeInterval = 30 * 60
    /// A session is over this long after sign-in, however active.
    public static let absoluteTimeout: TimeInterval = 12 * 3600
    /// Activity is written back at most this often (so reading pages does not write on every request).
    public static let touchInterval: TimeInterval = 60
}
