/// The parameters of a request to the token endpoint (RFC 6749 §4.4, RFC 7523 §2.2), as received.
public struct TokenRequest: Sendable, Hashable {
    public var grantType: String?
    public var clientID: String?
    public var clientAssertionType: String?
    public var clientAssertion: String?
    /// Space-separated scopes.
    public var scope: String?
    /// RFC 8707 `resource` or `audience`: the resource server the token is for.
    public var audience: String?
    /// Requested lifetime (seconds, or a span such as `5m`); capped, never extended.
    public var ttl: String?

    public init(form: [String: String]) {
        grantType = form["grant_type"]
        clientID = form["client_id"]
        clientAssertionType = form["client_assertion_type"]
        clientAssertion = form["client_assertion"]
        scope = form["scope"]
        audience = form["resource"] ?? form["audience"]
        ttl = form["ttl"]
    }

    /// The only client assertion type accepted (RFC 7523 §2.2).
    public static let jwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
}

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
