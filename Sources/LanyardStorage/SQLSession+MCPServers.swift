import Foundation
import LanyardCore
import LanyardModel
import SQLKit

/// ``MCPServerStore`` over SQL: the table `mcp_servers` (migration 26), one row per tenant and name.
extension SQLSession {
    func insertMCPServer(_ server: MCPServer) async throws {
        try await guarded("Tenant '\(server.tenant)' already has an MCP server named '\(server.name)'.", field: "name") {
            try await db.raw(
                """
                INSERT INTO mcp_servers (tenant, name, url, tool_annotations_trusted, created_at, created_by)
                VALUES (\(bind: server.tenant), \(bind: server.name), \(bind: server.url), \(bind: Int64(server.toolAnnotationsTrusted ? 1 : 0)),
                    \(bind: Self.seconds(server.createdAt)), \(bind: server.createdBy))
                """
            ).run()
        }
        noteChange(.mcpServer(tenant: server.tenant, name: server.name))
    }

    func mcpServer(tenant: String, name: String) async throws -> MCPServer? {
        try await db.raw("SELECT * FROM mcp_servers WHERE tenant = \(bind: tenant) AND name = \(bind: name)").first().map(Self.mcpServer(from:))
    }

    func mcpServers(tenant: String) async throws -> [MCPServer] {
        // Sorted here, not in SQL: PostgreSQL's collation may order '-' unlike SQLite's byte order.
        try await db.raw("SELECT * FROM mcp_servers WHERE tenant = \(bind: tenant)").all().map(Self.mcpServer(from:))
            .sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
    }

    func deleteMCPServer(tenant: String, name: String) async throws -> MCPServer? {
        let deleted = try await db.raw("DELETE FROM mcp_servers WHERE tenant = \(bind: tenant) AND name = \(bind: name) RETURNING *").first()
            .map(Self.mcpServer(from:))
        if deleted != nil { noteChange(.mcpServer(tenant: tenant, name: name)) }
        return deleted
    }

    static func mcpServer(from row: any SQLRow) throws -> MCPServer {
        MCPServer(
            tenant: try row.decode(column: "tenant", as: String.self), name: try row.decode(column: "name", as: String.self),
            url: try row.decode(column: "url", as: String.self),
            toolAnnotationsTrusted: try row.decode(column: "tool_annotations_trusted", as: Int64.self) != 0,
            createdAt: date(try row.decode(column: "created_at", as: Int64.self)), createdBy: try row.decode(column: "created_by", as: String.self))
    }
}
