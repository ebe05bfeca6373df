/// A tenant's issuer described for OAuth clients: RFC 8414 authorization server metadata, served at
/// `{public URL}/.well-known/oauth-authorization-server/t/{tenant}` (RFC 8414 §3.1) and, the same document, at
/// `{issuer}/.well-known/openid-configuration` (OpenID Connect Discovery, where JWT verifiers look for `jwks_uri`).
///
/// Every endpoint is the route catalogue's path under the issuer (``APIRoute/pathUnderIssuer``). What Lanyard does
/// not do is left out rather than stated empty: RFC 8414 §3.2 (and OpenID Connect Discovery §4.2) say a claim with
/// zero elements MUST be omitted, so
/// - there is no `response_types_supported`: the authorization endpoint supports no response type (it answers every
///   request `unsupported_response_type`; workloads get no interactive grant). RFC 8414 §2 calls the member REQUIRED,
///   but its only truthful value is empty; RFC errata 7793 proposes exactly this reading (required only when a grant
///   type that uses the authorization endpoint is supported);
/// - there is no `scopes_supported`: scopes are per template, not per issuer (a protected resource names the scope it
///   needs in its own metadata and challenge).
///
/// `authorization_endpoint` is present although no supported grant uses it (RFC 8414 §2 would allow leaving it out)
/// because OAuth clients that validate metadata strictly — the MCP SDKs among them — refuse a document without it.
public struct AuthorizationServerMetadata: Sendable, Hashable, Codable {
    public var issuer: String
    public var authorizationEndpoint: String
    public var tokenEndpoint: String
    public var jwksURI: String
    public var introspectionEndpoint: String
    public var revocationEndpoint: String
    public var grantTypesSupported: [String]
    public var tokenEndpointAuthMethodsSupported: [String]
    public var tokenEndpointAuthSigningAlgValuesSupported: [String]
    public var introspectionEndpointAuthMethodsSupported: [String]
    public var revocationEndpointAuthMethodsSupported: [String]
    /// OpenID Connect Discovery: every subject is the identity's own id.
    public var subjectTypesSupported: [String]
    public var idTokenSigningAlgValuesSupported: [String]
    public var accessTokenSigningAlgValuesSupported: [String]
    /// RFC 9449 §5.1.
    public var dpopSigningAlgValuesSupported: [String]

    enum CodingKeys: String, CodingKey {
        case issuer
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case jwksURI = "jwks_uri"
        case introspectionEndpoint = "introspection_endpoint"
        case revocationEndpoint = "revocation_endpoint"
        case grantTypesSupported = "grant_types_supported"
        case tokenEndpointAuthMethodsSupported = "token_endpoint_auth_methods_supported"
        case tokenEndpointAuthSigningAlgValuesSupported = "token_endpoint_auth_signing_alg_values_supported"
        case introspectionEndpointAuthMethodsSupported = "introspection_endpoint_auth_methods_supported"
        case revocationEndpointAuthMethodsSupported = "revocation_endpoint_auth_methods_supported"
        case subjectTypesSupported = "subject_types_supported"
        case idTokenSigningAlgValuesSupported = "id_token_signing_alg_values_supported"
        case accessTokenSigningAlgValuesSupported = "access_token_signing_alg_values_supported"
        case dpopSigningAlgValuesSupported = "dpop_signing_alg_values_supported"
    }

    /// The metadata of the tenant issuer `issuer` (`{public URL}/t/{tenant}`, no trailing slash).
    ///
    /// - Parameters:
    ///   - signingAlgorithms: the algorithms of the tenant's signing keys (access tokens, SVIDs).
    ///   - assertionAlgorithms: those accepted for `private_key_jwt` client assertions.
    ///   - dpopAlgorithms: those accepted for DPoP proofs.
    public init(issuer: String, signingAlgorithms: [String], assertionAlgorithms: [String], dpopAlgorithms: [String]) {
        self.issuer = issuer
        authorizationEndpoint = issuer + APIRoute.authorize.pathUnderIssuer
        tokenEndpoint = issuer + APIRoute.token.pathUnderIssuer
        jwksURI = issuer + APIRoute.jwks.pathUnderIssuer
        introspectionEndpoint = issuer + APIRoute.introspect.pathUnderIssuer
        revocationEndpoint = issuer + APIRoute.revoke.pathUnderIssuer
        grantTypesSupported = ["client_credentials", TokenRequest.tokenExchange]
        tokenEndpointAuthMethodsSupported = ["private_key_jwt"]
        tokenEndpointAuthSigningAlgValuesSupported = assertionAlgorithms.sorted()
        introspectionEndpointAuthMethodsSupported = ["private_key_jwt", "bearer"]
        revocationEndpointAuthMethodsSupported = ["private_key_jwt", "bearer"]
        subjectTypesSupported = ["public"]
        idTokenSigningAlgValuesSupported = signingAlgorithms
        accessTokenSigningAlgValuesSupported = signingAlgorithms
        dpopSigningAlgValuesSupported = dpopAlgorithms.sorted()
    }
}
