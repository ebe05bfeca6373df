import LanyardCore
import LanyardModel

/// ``MCPServerStore`` in a grouped body: the plain session's.
extension DeferringSession {
    func insertMCPServer(_ server: MCPServer) async throws { try await base.insertMCPServer(server) }
    func mcpServer(tenant: String, name: String) async throws -> MCPServer? { try await base.mcpServer(tenant: tenant, name: name) }
    func mcpServers(tenant: String) async throws -> [MCPServer] { try await base.mcpServers(tenant: tenant) }
    func deleteMCPServer(tenant: String, name: String) async throws -> MCPServer? { try await base.deleteMCPServer(tenant: tenant, name: name) }
}
