public import LanyardAPI
import LanyardCredentials
import LanyardModel

/// The MCP gateway as an OAuth resource server (MCP authorization; RFC 6750, RFC 9728, RFC 8707): decides whether a
/// request to one server's endpoint carries an access token for exactly that server, and says how to get one when it
/// does not.
///
/// A token passes when it is active (signed by the tenant, not expired, not revoked — its identity, task and parent
/// neither), its `aud` is the server's resource identifier (a token for Lanyard itself or for another server is
/// refused: no confused deputy), it is presented the way it was bound (a DPoP-bound token as `DPoP` with a fresh
/// proof), and it carries the scope `mcp`. Every refusal is a ``ProtectedResourceRefusal`` with the challenge an MCP
/// client follows: `resource_metadata` and `scope`, plus `error` when a token was presented.
public struct MCPResourceGuard: Sendable {
    let tokens: TokenVerifier

    public init(tokens: TokenVerifier) {
        self.tokens = tokens
    }

    /// Authenticates the token of a request (`method` at public `url`) to `resource`, a registered server of `tenant`.
    ///
    /// - Parameter presented: the token as it came (`Authorization: Bearer` or `DPoP`), nil when the request had none.
    /// - Returns: the token's introspection.
    /// - Throws: ``ProtectedResourceRefusal``: no token (401, no error code), `invalid_token` or `invalid_dpop_proof`
    ///   (401), `insufficient_scope` (403).
    public func authenticate(
        _ presented: PresentedAccessToken?, resource: MCPGatewayResource, method: String, url: String, tenant: String, urls: IssuerURLs
    ) async throws -> IntrospectionResponse {
        let algorithms = DPoPPublicKey.acceptedAlgorithms.sorted()
        guard let presented else {
            throw ProtectedResourceRefusal(
                challenge: resource.challenge(),
                message:
                    "This MCP server needs an access token for \(resource.url) with the scope \(MCPGatewayResource.scope); how to get one is at \(resource.metadataURL)."
            )
        }
        let introspection: IntrospectionResponse?
        do {
            introspection = try await tokens.authenticateAccessToken(presented, audience: resource.url, method: method, url: url, tenant: tenant, urls: urls)
        } catch let error as OAuthError {
            let scheme = error.challenge ?? presented.scheme.rawValue
            throw ProtectedResourceRefusal(
                challenge: resource.challenge(error: error.code.rawValue, description: error.description, scheme: scheme, dpopAlgorithms: algorithms),
                message: error.description)
        }
        guard let introspection else {
            let message = "The access token is not active: expired, revoked, or not issued by this tenant's issuer."
            throw ProtectedResourceRefusal(
                challenge: resource.challenge(
                    error: ProtectedResourceRefusal.invalidToken, description: message, scheme: presented.scheme.rawValue, dpopAlgorithms: algorithms),
                message: message)
        }
        let scopes = (introspection.scope ?? "").split(separator: " ")
        guard scopes.contains(Substring(MCPGatewayResource.scope)) else {
            let message =
                "The access token lacks the scope \(MCPGatewayResource.scope) that every token for the MCP gateway carries; ask for a new one with it."
            throw ProtectedResourceRefusal(
                challenge: resource.challenge(
                    error: ProtectedResourceRefusal.insufficientScope, description: message, scheme: presented.scheme.rawValue, dpopAlgorithms: algorithms
                ),
                message: message)
        }
        return introspection
    }
}
