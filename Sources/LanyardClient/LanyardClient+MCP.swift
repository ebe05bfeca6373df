public import LanyardAPI

extension LanyardClient {
    /// Registers an upstream MCP server behind the tenant's gateway.
    public func addMCPServer(_ request: AddMCPServerRequest, tenant: String) async throws -> MCPServerView {
        try await send(APIRoute.mcpServerAdd.target(tenant), body: request)
    }

    /// The tenant's MCP servers, by name.
    public func mcpServers(tenant: String) async throws -> MCPServerList {
        try await send(APIRoute.mcpServerList.target(tenant))
    }

    /// One of them.
    public func mcpServer(_ name: String, tenant: String) async throws -> MCPServerView {
        try await send(APIRoute.mcpServerRead.target(tenant, name))
    }

    /// Removes one: the gateway stops serving it at once.
    public func removeMCPServer(_ name: String, tenant: String) async throws {
        _ = try await sendText(APIRoute.mcpServerRemove.target(tenant, name), text: nil)
    }
}
