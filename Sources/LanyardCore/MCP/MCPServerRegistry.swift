public import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardModel

/// The upstream MCP servers of each tenant's gateway: registered, listed, read and removed by administrators
/// (`mcp.server.*` admin actions), looked up by name for discovery and for the token endpoint.
///
/// Registration and removal are audited (`mcp_server.add`, `mcp_server.remove`) in the transaction of the change; a
/// refused request (a bad name or URL, a name taken, a tenant at its limit) changes nothing and records nothing.
public struct MCPServerRegistry: Sendable {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    /// Where the gateway's lookups are served from memory.
    let state: TenantState

    /// Limits on the registry.
    public enum Limits {
        /// Servers one tenant may register.
        public static let serversPerTenant = 100
    }

    public init(store: any LanyardStore, audit: any AuditLog, clock: any WallClock, state: TenantState) {
        self.state = state
        self.store = store
        self.audit = audit
        self.clock = clock
    }

    /// Registers an upstream server in `tenant`.
    ///
    /// - Throws: `invalid_field` (`name`, `url`), `already_exists` when the tenant has a server of that name,
    ///   `invalid_state` when it has ``Limits/serversPerTenant`` servers, `not_found` for an unknown tenant, `forbidden`.
    public func add(_ request: AddMCPServerRequest, tenant: String, by principal: Principal) async throws -> MCPServer {
        try AdminRoles.require(.mcpServerAdd, principal, tenant: tenant)
        try MCPServer.checkName(request.name)
        let url = try MCPUpstreamURL.check(request.url)
        let server = MCPServer(
            tenant: tenant, name: request.name, url: url, toolAnnotationsTrusted: request.toolAnnotationsTrusted ?? false, createdAt: clock.now(),
            createdBy: principal.actor)
        let audit = self.audit
        try await store.write { session in
            guard try await session.tenant(named: tenant) != nil else { throw LanyardError(.notFound, "There is no tenant '\(tenant)'.") }
            guard try await session.mcpServer(tenant: tenant, name: server.name) == nil else {
                throw Self.taken(server.name, tenant: tenant)
            }
            guard try await session.mcpServers(tenant: tenant).count < Limits.serversPerTenant else {
                throw LanyardError(
                    .invalidState, "Tenant '\(tenant)' has \(Limits.serversPerTenant) MCP servers, the most allowed; remove one first.")
            }
            try await session.insertMCPServer(server)
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: server.createdAt, actor: principal.actor, action: .mcpServerAdd, target: "mcp_server:\(server.name)",
                    details: ["url": server.url, "toolAnnotationsTrusted": String(server.toolAnnotationsTrusted)]),
                in: session)
        }
        return server
    }

    /// The servers of `tenant`, by name.
    /// - Throws: `forbidden`.
    public func list(tenant: String, by principal: Principal) async throws -> [MCPServer] {
        try AdminRoles.require(.mcpServerList, principal, tenant: tenant)
        return try await store.read { try await $0.mcpServers(tenant: tenant) }
    }

    /// One server of `tenant`.
    /// - Throws: `not_found` when the tenant has no server of that name, `forbidden`.
    public func read(_ name: String, tenant: String, by principal: Principal) async throws -> MCPServer {
        try AdminRoles.require(.mcpServerRead, principal, tenant: tenant)
        guard let server = try await server(named: name, tenant: tenant) else { throw Self.notFound(name, tenant: tenant) }
        return server
    }

    /// Removes a server: the gateway stops serving it at once (its metadata and endpoint answer `404`). Tokens already
    /// issued for it stay valid until they expire, but reach nothing.
    /// - Throws: `not_found` when the tenant has no server of that name, `forbidden`.
    @discardableResult
    public func remove(_ name: String, tenant: String, by principal: Principal) async throws -> MCPServer {
        try AdminRoles.require(.mcpServerRemove, principal, tenant: tenant)
        let now = clock.now()
        let audit = self.audit
        return try await store.write { session in
            guard let removed = try await session.deleteMCPServer(tenant: tenant, name: name) else { throw Self.notFound(name, tenant: tenant) }
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: principal.actor, action: .mcpServerRemove, target: "mcp_server:\(name)",
                    details: ["url": removed.url]),
                in: session)
            return removed
        }
    }

    /// The server `name` of `tenant`, or nil — for the public surfaces (metadata, the gateway, the token endpoint),
    /// which answer for registered servers only, from memory when a fresh copy is there (a registration or removal
    /// drops it here at once, and on other nodes as the change arrives, within a second at most). A name that breaks
    /// the naming rules is never registered.
    public func server(named name: String, tenant: String) async throws -> MCPServer? {
        guard (try? MCPServer.checkName(name)) != nil else { return nil }
        return try await state.mcpServer(tenant: tenant, name: name)
    }

    static func taken(_ name: String, tenant: String) -> LanyardError {
        LanyardError(.alreadyExists, "Tenant '\(tenant)' already has an MCP server named '\(name)'; remove it first or choose another name.", field: "name")
    }

    /// The one answer for a server a tenant does not have (the admin API, the metadata and the gateway alike).
    public static func notFound(_ name: String, tenant: String) -> LanyardError {
        LanyardError(.notFound, "Tenant '\(tenant)' has no MCP server named '\(name.prefix(64))'.")
    }
}
