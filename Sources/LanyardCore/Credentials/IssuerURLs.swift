/// Where a tenant's OAuth endpoints are, for audience checks and discovery.
public struct IssuerURLs: Sendable, Hashable {
    public var issuer: String
    public var tokenEndpoint: String { issuer + "/oauth2/token" }
    public var introspectionEndpoint: String { issuer + "/oauth2/introspect" }
    public var revocationEndpoint: String { issuer + "/oauth2/revoke" }
    public var jwksURI: String { issuer + "/.well-known/jwks.json" }
    public var jwtSVIDEndpoint: String { issuer + "/spiffe/jwt-svid" }
    public var x509SVIDEndpoint: String { issuer + "/spiffe/x509-svid" }
    public var spiffeBundleEndpoint: String { issuer + "/spiffe/bundle" }

    public init(issuer: String) { self.issuer = issuer }
}
