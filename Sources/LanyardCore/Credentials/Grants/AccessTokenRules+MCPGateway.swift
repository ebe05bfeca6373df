import LanyardAPI
import LanyardModel

/// The rule for access tokens whose audience is an MCP server behind the tenant's gateway (`{issuer}/mcp/{server}`),
/// on top of the rules every audience follows.
///
/// The gateway resource is a destination like any other — an identity bounded to destinations (``Identity/allowedDestinations``)
/// must list it — and two things more hold: the server is registered in the tenant (the `{issuer}/mcp/` space holds
/// nothing else, so any other name there is refused rather than minted for), and the token carries the scope `mcp`,
/// which the identity's template must allow. The template thus says which identities may use the gateway at all; which
/// tool calls pass is decided per call by the tenant's policies.
extension AccessTokenRules {
    /// - Throws: ``OAuthError`` `invalid_target` for a name under `{issuer}/mcp/` that is not a registered server,
    ///   `invalid_scope` when `scopes` lack `mcp`.
    func checkGatewayAudience(_ audience: String, scopes: [String], tenant: String, issuer: String) async throws {
        guard let resource = MCPGatewayResource(audience: audience, issuer: issuer) else { return }
        let name = resource.server
        let registered: Bool
        if (try? MCPServer.checkName(name)) == nil {
            registered = false
        } else {
            registered = try await state.store.read { try await $0.mcpServer(tenant: tenant, name: name) } != nil
        }
        guard registered else {
            throw OAuthError(
                .invalidTarget,
                "'\(audience.prefix(128))' is not an MCP server of this tenant's gateway: no server named '\(name.prefix(64))' is registered (lanyard mcp server add)."
            )
        }
        guard scopes.contains(MCPGatewayResource.scope) else {
            throw OAuthError(
                .invalidScope,
                "A token for the MCP gateway carries the scope '\(MCPGatewayResource.scope)': ask for it (the identity's template must allow it).")
        }
    }
}
