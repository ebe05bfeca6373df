public import Foundation
public import LanyardModel

/// `PUT /t/{tenant}/v1/sso`: how the tenant's administrators sign in to the console.
public struct SetSSORequest: Sendable, Hashable, Codable, StrictDecodable {
    /// The OpenID Provider's issuer URL (`https`; `http` only on a loopback host).
    public var issuer: String
    public var clientId: String
    /// `private_key_jwt` (default: Lanyard signs with the tenant's ES256 key, published in its JWKS),
    /// `client_secret_basic` or `client_secret_post`.
    public var clientAuthentication: String?
    /// Required with the `client_secret_*` methods; kept encrypted, never shown again.
    public var clientSecret: String?
    /// The provider's group names and the admin role each gives (`tenant-admin`, `security-reviewer`, `auditor`,
    /// `owner`, `builder`). A person in none of them cannot sign in.
    public var roles: [String: String]
    /// The ID token claim with the groups (`groups`).
    public var groupsClaim: String?
    public static let allowedFields: Set<String> = ["issuer", "clientId", "clientAuthentication", "clientSecret", "roles", "groupsClaim"]

    public init(
        issuer: String, clientId: String, clientAuthentication: String? = nil, clientSecret: String? = nil, roles: [String: String],
        groupsClaim: String? = nil
    ) {
        self.issuer = issuer
        self.clientId = clientId
        self.clientAuthentication = clientAuthentication
        self.clientSecret = clientSecret
        self.roles = roles
        self.groupsClaim = groupsClaim
    }
}

/// A tenant's SSO configuration as the API shows it: everything but the secret, with the addresses to register at
/// the provider.
public struct SSOConfigurationView: Sendable, Hashable, Codable {
    public var issuer: String
    public var clientId: String
    public var clientAuthentication: String
    /// Whether a client secret is kept.
    public var hasClientSecret: Bool
    public var roles: [String: String]
    public var groupsClaim: String
    /// The redirect URI to register at the provider.
    public var redirectUri: String
    /// With `private_key_jwt`: the JWKS URI to register at the provider.
    public var jwksUri: String?
    public var updatedAt: Date
    public var updatedBy: String

    public init(_ configuration: SSOConfiguration, redirectURI: String, jwksURI: String) {
        issuer = configuration.issuer
        clientId = configuration.clientID
        clientAuthentication = configuration.clientAuthentication.rawValue
        hasClientSecret = configuration.sealedSecret != nil
        roles = configuration.roles.mapValues(\.rawValue)
        groupsClaim = configuration.groupsClaim
        redirectUri = redirectURI
        jwksUri = configuration.clientAuthentication == .privateKeyJWT ? jwksURI : nil
        updatedAt = configuration.updatedAt
        updatedBy = configuration.updatedBy
    }
}
