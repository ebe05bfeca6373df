/// RFC 9728 protected resource metadata: how a client gets a token for a resource Lanyard protects (an MCP server
/// behind the gateway), served at the resource identifier's well-known URL (RFC 9728 §3.1, ``WellKnownURL``).
///
/// `resource` is the resource identifier exactly (RFC 9728 §3.3: a client refuses a document whose `resource` is not
/// the URL it started from), and `authorization_servers` the tenant's issuer, byte for byte the `issuer` of its
/// authorization server metadata.
public struct ProtectedResourceMetadata: Sendable, Hashable, Codable {
    public var resource: String
    public var authorizationServers: [String]
    /// RFC 6750 §2.1 only: the access token travels in the `Authorization` header, never in a body or a query.
    public var bearerMethodsSupported: [String]
    /// The scopes a token for this resource needs.
    public var scopesSupported: [String]
    /// A name for people.
    public var resourceName: String
    /// RFC 9449 §5.2 (RFC 9728 §2): the DPoP proof algorithms the resource accepts, for DPoP-bound tokens.
    public var dpopSigningAlgValuesSupported: [String]

    enum CodingKeys: String, CodingKey {
        case resource
        case authorizationServers = "authorization_servers"
        case bearerMethodsSupported = "bearer_methods_supported"
        case scopesSupported = "scopes_supported"
        case resourceName = "resource_name"
        case dpopSigningAlgValuesSupported = "dpop_signing_alg_values_supported"
    }

    public init(resource: String, authorizationServer: String, scopes: [String], resourceName: String, dpopAlgorithms: [String]) {
        self.resource = resource
        authorizationServers = [authorizationServer]
        bearerMethodsSupported = ["header"]
        scopesSupported = scopes
        self.resourceName = resourceName
        dpopSigningAlgValuesSupported = dpopAlgorithms.sorted()
    }
}
