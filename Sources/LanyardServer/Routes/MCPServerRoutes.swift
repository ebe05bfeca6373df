import Hummingbird
import LanyardAPI
import LanyardCore
import LanyardModel

/// `/t/{tenant}/v1/mcp/servers…`: the upstream MCP servers behind the tenant's gateway (administrators only; reading
/// is in the `read` group, so security reviewers and auditors may list them).
struct MCPServerRoutes {
    let dependencies: ServerDependencies

    func register(on group: RouterGroup<LanyardRequestContext>) {
        let gate = AdminGate(dependencies: dependencies)
        let dependencies = self.dependencies
        @Sendable func view(_ server: MCPServer) -> MCPServerView { MCPServerView(server, issuer: dependencies.issuer(of: server.tenant)) }
        @Sendable func name(_ context: LanyardRequestContext) throws -> String {
            try context.pathParameter("name", missing: "No MCP server in the path.")
        }
        group.on(.mcpServerList, gatedBy: gate) { _, context in
            let servers = try await dependencies.requireMCPServers().list(tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(MCPServerList(servers: servers.map(view)))
        }
        group.on(.mcpServerAdd, gatedBy: gate) { request, context in
            let body = try await RequestBody.decode(AddMCPServerRequest.self, from: request)
            let added = try await dependencies.requireMCPServers().add(body, tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(view(added), status: .created)
        }
        group.on(.mcpServerRead, gatedBy: gate) { _, context in
            let server = try await dependencies.requireMCPServers().read(try name(context), tenant: try tenant(context), by: context.requirePrincipal())
            return JSONResponse.make(view(server))
        }
        group.on(.mcpServerRemove, gatedBy: gate) { _, context in
            try await dependencies.requireMCPServers().remove(try name(context), tenant: try tenant(context), by: context.requirePrincipal())
            return Response(status: .noContent)
        }
    }
}
