import Hummingbird
import LanyardAPI
import LanyardCore
import LanyardCredentials
import LanyardModel

/// The MCP gateway's public face, per registered server: its RFC 9728 protected resource metadata and its endpoint
/// `{issuer}/mcp/{server}`, which so far only authenticates — it answers the MCP authorization challenge (`401` with
/// `resource_metadata` and `scope`, `403` for a token without the `mcp` scope) and, to a request with a valid token,
/// `501`: forwarding calls upstream is not built yet. An unknown tenant or server is `404` on both.
struct MCPGatewayRoutes {
    let dependencies: ServerDependencies

    func register(on router: Router<LanyardRequestContext>) {
        let dependencies = self.dependencies
        let dpopAlgorithms = Array(DPoPPublicKey.acceptedAlgorithms)
        router.on(.protectedResourceMetadata) { _, context in
            let (resource, _) = try await Self.registered(context, dependencies)
            // Short-lived in caches: a removed server stops being discoverable within a minute.
            var response = JSONResponse.make(resource.metadata(dpopAlgorithms: dpopAlgorithms))
            response.headers[.cacheControl] = "public, max-age=60"
            return response
        }
        router.on(.mcpGateway) { request, context in
            let (resource, tenant) = try await Self.registered(context, dependencies)
            _ = try await dependencies.mcpGuard.authenticate(
                AccessTokenHeaders.presented(request), resource: resource, method: "POST", url: dependencies.publicURL(ofPath: request.uri.path),
                tenant: tenant, urls: dependencies.urls(of: tenant))
            let error: JSONValue = .object([
                "code": .int(-32603),
                "message": .string("Lanyard's MCP gateway accepted this token, but it does not forward calls to upstream servers yet."),
            ])
            return JSONResponse.make(JSONValue.object(["jsonrpc": .string("2.0"), "id": .null, "error": error]), status: .notImplemented)
        }
    }

    /// The registered server the path names, as a resource of its tenant's issuer.
    /// - Throws: `not_found` for an unknown tenant or server, or a server that serves no gateway.
    static func registered(_ context: LanyardRequestContext, _ dependencies: ServerDependencies) async throws -> (MCPGatewayResource, tenant: String) {
        let tenant = try tenant(context)
        let name = try context.pathParameter("server", missing: "No MCP server in the path.")
        guard try await dependencies.tenants.tenant(named: tenant) != nil else { throw TenantScope.notFound(tenant) }
        guard try await dependencies.requireMCPServers().server(named: name, tenant: tenant) != nil else {
            throw MCPServerRegistry.notFound(name, tenant: tenant)
        }
        return (MCPGatewayResource(issuer: dependencies.issuer(of: tenant), server: name), tenant)
    }
}
