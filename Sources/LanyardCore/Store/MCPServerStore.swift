public import LanyardModel

/// The upstream MCP servers registered behind each tenant's gateway, by name.
///
/// Conformance: `MCPServerStoreConformance` in `LanyardTesting`.
public protocol MCPServerStore: Sendable {
    /// Inserts a server. Throws ``LanyardError`` `already_exists` when the tenant has one of that name.
    func insertMCPServer(_ server: MCPServer) async throws
    func mcpServer(tenant: String, name: String) async throws -> MCPServer?
    /// Every server of `tenant`, by name.
    func mcpServers(tenant: String) async throws -> [MCPServer]
    /// Removes the server; returns it, or nil when there was none.
    func deleteMCPServer(tenant: String, name: String) async throws -> MCPServer?
}
