public import LanyardAPI

/// Where a tenant's OAuth endpoints are, for audience checks and discovery: the issuer URL and the route catalogue's
/// path of each endpoint under it (``APIRoute/pathUnderIssuer``), so no endpoint path is written a second time.
public struct IssuerURLs: Sendable, Hashable {
    public var issuer: String
    public var tokenEndpoint: String { url(.token) }
    public var introspectionEndpoint: String { url(.introspect) }
    public var revocationEndpoint: String { url(.revoke) }
    public var jwksURI: String { url(.jwks) }
    public var jwtSVIDEndpoint: String { url(.jwtSVID) }
    public var x509SVIDEndpoint: String { url(.x509SVID) }
    public var spiffeBundleEndpoint: String { url(.spiffeBundle) }

    /// The URL of `route` under this issuer.
    public func url(_ route: APIRoute) -> String { issuer + route.pathUnderIssuer }

    public init(issuer: String) { self.issuer = issuer }
}
