/// One MCP server as the gateway presents it: a protected resource (RFC 9728) of a tenant's issuer.
///
/// Its resource identifier — the URL agents connect to, the RFC 8707 `resource` they ask a token for, and the `aud`
/// of that token — is `{issuer}/mcp/{server}` (the route catalogue's ``APIRoute/mcpGateway`` under the issuer), with
/// no trailing slash, query or fragment. Its metadata is at the RFC 9728 well-known URL of that identifier:
/// `{public URL}/.well-known/oauth-protected-resource/t/{tenant}/mcp/{server}`.
///
/// A token for it must carry the scope ``scope`` (`mcp`): the template of the agent's identity must allow that scope,
/// so that no identity reaches the gateway unless its template says it may. Which tool calls pass is decided per call
/// by the tenant's policies, not by the token.
public struct MCPGatewayResource: Sendable, Hashable {
    /// The scope every token for an MCP server behind the gateway carries.
    public static let scope = "mcp"

    /// The tenant's issuer (`{public URL}/t/{tenant}`).
    public let issuer: String
    /// The registered server's name (a DNS label, so it is written into the URL as is).
    public let server: String

    public init(issuer: String, server: String) {
        self.issuer = issuer
        self.server = server
    }

    /// The server named by an audience (a token request's `resource`) of the issuer `issuer`: nil when `audience` is
    /// not under `{issuer}/mcp/`; otherwise the resource, whatever follows (the caller checks the name is registered —
    /// an unregistered or malformed name is not a resource of this issuer).
    public init?(audience: String, issuer: String) {
        let prefix = issuer + Self.prefix
        guard audience.hasPrefix(prefix) else { return nil }
        self.init(issuer: issuer, server: String(audience.dropFirst(prefix.utf8.count)))
    }

    /// `/mcp/` — what comes between the issuer and the server name.
    static var prefix: String {
        let path = APIRoute.mcpGateway.pathUnderIssuer
        return String(path.prefix { $0 != "{" })
    }

    /// The resource identifier: `{issuer}/mcp/{server}`.
    public var url: String { issuer + Self.prefix + server }

    /// The URL of its protected resource metadata (RFC 9728 §3.1).
    public var metadataURL: String { WellKnownURL.inserting(WellKnownURL.protectedResource, into: url) ?? url }

    /// The challenge of a `401` or `403` from this resource: `Bearer resource_metadata="…", scope="mcp"`, with
    /// `error="invalid_token"` (or another RFC 6750 / RFC 9449 code) and a description when a token was presented.
    ///
    /// - Parameters:
    ///   - error: nil when the request carried no token (RFC 6750 §3.1: no error code then).
    ///   - scheme: the scheme the token came with (`DPoP` adds the accepted proof algorithms, `dpopAlgorithms`).
    public func challenge(error: String? = nil, description: String? = nil, scheme: String = "Bearer", dpopAlgorithms: [String] = [])
        -> ResourceChallenge
    {
        ResourceChallenge(
            scheme: scheme, error: error, errorDescription: error == nil ? nil : description, resourceMetadata: metadataURL, scope: Self.scope,
            algorithms: scheme == "DPoP" ? dpopAlgorithms.sorted() : [])
    }

    /// Its protected resource metadata, naming the issuer as its one authorization server.
    public func metadata(dpopAlgorithms: [String]) -> ProtectedResourceMetadata {
        ProtectedResourceMetadata(
            resource: url, authorizationServer: issuer, scopes: [Self.scope], resourceName: "MCP server '\(server)' through Lanyard's gateway",
            dpopAlgorithms: dpopAlgorithms)
    }
}
