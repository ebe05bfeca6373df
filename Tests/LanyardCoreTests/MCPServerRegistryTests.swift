import Foundation
import LanyardAPI
import LanyardCore
import LanyardModel
import LanyardTesting
import Testing

/// The MCP gateway's registry of upstream servers: admin-authorized, audited in the transaction of the change, and a
/// refusal changes nothing.
@Suite("MCP server registry")
struct MCPServerRegistryTests {
    static func registry(_ env: TestEnvironment) -> MCPServerRegistry {
        MCPServerRegistry(store: env.store, audit: env.audit, clock: env.clock, state: env.state)
    }

    @Test("a server is registered, listed, read and removed; add and remove are audited with the URL")
    func lifecycle() async throws {
        let env = try await TestEnvironment.make()
        let registry = Self.registry(env)
        let added = try await registry.add(
            AddMCPServerRequest(name: "crm", url: "https://crm-mcp.example/mcp", toolAnnotationsTrusted: true), tenant: "default", by: env.platformAdmin)
        #expect(added.name == "crm" && added.toolAnnotationsTrusted && added.createdBy == env.platformAdmin.actor && added.createdAt == env.clock.now())
        _ = try await registry.add(AddMCPServerRequest(name: "tickets", url: "http://10.1.2.3:9000/mcp"), tenant: "default", by: env.platformAdmin)
        #expect(try await registry.list(tenant: "default", by: env.platformAdmin).map(\.name) == ["crm", "tickets"])
        #expect(try await registry.read("tickets", tenant: "default", by: env.platformAdmin).toolAnnotationsTrusted == false, "untrusted by default")
        #expect(try await registry.server(named: "crm", tenant: "default") == added)
        try await registry.remove("crm", tenant: "default", by: env.platformAdmin)
        #expect(try await registry.server(named: "crm", tenant: "default") == nil)
        await #expect(throws: LanyardError(.notFound, "")) { try await registry.remove("crm", tenant: "default", by: env.platformAdmin) }
        await #expect(throws: LanyardError(.notFound, "")) { _ = try await registry.read("crm", tenant: "default", by: env.platformAdmin) }

        let events = try await env.events().filter { $0.action.hasPrefix("mcp_server.") }
        #expect(events.map(\.action) == ["mcp_server.add", "mcp_server.add", "mcp_server.remove"])
        #expect(events[0].target == "mcp_server:crm" && events[0].actor == env.platformAdmin.actor)
        #expect(events[0].details == ["url": "https://crm-mcp.example/mcp", "toolAnnotationsTrusted": "true"])
        #expect(events[2].details["url"] == "https://crm-mcp.example/mcp")
    }

    @Test("bad names, bad URLs, a taken name and an unknown tenant are refused with a stable code, and nothing is written")
    func refusals() async throws {
        let env = try await TestEnvironment.make()
        let registry = Self.registry(env)
        _ = try await registry.add(AddMCPServerRequest(name: "crm", url: "https://crm.example/mcp"), tenant: "default", by: env.platformAdmin)
        let before = try await env.events().count
        let cases: [(AddMCPServerRequest, String, LanyardError.Code)] = [
            (AddMCPServerRequest(name: "CRM", url: "https://crm.example/mcp"), "default", .invalidField),
            (AddMCPServerRequest(name: "../x", url: "https://crm.example/mcp"), "default", .invalidField),
            (AddMCPServerRequest(name: "mail", url: "ftp://mail.example/mcp"), "default", .invalidField),
            (AddMCPServerRequest(name: "mail", url: "https://user:secret@mail.example/mcp"), "default", .invalidField),
            (AddMCPServerRequest(name: "mail", url: "https://mail.example/mcp#x"), "default", .invalidField),
            (AddMCPServerRequest(name: "mail", url: "http://169.254.169.254/"), "default", .invalidField),
            (AddMCPServerRequest(name: "crm", url: "https://other.example/mcp"), "default", .alreadyExists),
            (AddMCPServerRequest(name: "mail", url: "https://mail.example/mcp"), "nowhere", .notFound),
        ]
        for (request, tenant, code) in cases {
            let error = await #expect(throws: LanyardError.self) { _ = try await registry.add(request, tenant: tenant, by: env.platformAdmin) }
            #expect(error?.code == code, "\(request.name) \(request.url)")
            #expect(error?.message.isEmpty == false)
        }
        #expect(try await registry.server(named: "crm", tenant: "default")?.url == "https://crm.example/mcp", "unchanged")
        #expect(try await registry.list(tenant: "default", by: env.platformAdmin).count == 1)
        #expect(try await env.events().count == before, "refusals record nothing")
    }

    @Test("reading is for the read roles; only administrators change the registry, and only in their tenant")
    func authorization() async throws {
        let env = try await TestEnvironment.make()
        let registry = Self.registry(env)
        _ = try await env.tenancy.createTenant(CreateTenantRequest(name: "other"), by: env.platformAdmin)
        func principal(_ role: Principal.Role, tenant: String = "default") -> Principal {
            Principal(tokenId: "tok_\(role.rawValue)", role: role, tenant: tenant, subject: "alice")
        }
        let request = AddMCPServerRequest(name: "crm", url: "https://crm.example/mcp")
        for role in [Principal.Role.securityReviewer, .auditor, .owner, .builder, .pep] {
            await #expect(throws: LanyardError(.forbidden, "")) { _ = try await registry.add(request, tenant: "default", by: principal(role)) }
        }
        await #expect(throws: LanyardError(.forbidden, "")) {
            _ = try await registry.add(request, tenant: "default", by: principal(.tenantAdmin, tenant: "other"))
        }
        _ = try await registry.add(request, tenant: "default", by: principal(.tenantAdmin))
        #expect(try await registry.list(tenant: "default", by: principal(.auditor)).count == 1)
        #expect(try await registry.read("crm", tenant: "default", by: principal(.securityReviewer)).name == "crm")
        for role in [Principal.Role.owner, .builder, .pep] {
            await #expect(throws: LanyardError(.forbidden, "")) { _ = try await registry.list(tenant: "default", by: principal(role)) }
        }
        await #expect(throws: LanyardError(.forbidden, "")) { try await registry.remove("crm", tenant: "default", by: principal(.auditor)) }
        await #expect(throws: LanyardError(.forbidden, "")) { _ = try await registry.list(tenant: "default", by: principal(.auditor, tenant: "other")) }
    }

    @Test("a name that breaks the rules is never found by the public look-up (no store read for it)")
    func lookupOfBadNames() async throws {
        let env = try await TestEnvironment.make()
        #expect(try await Self.registry(env).server(named: "../../v1/tenants", tenant: "default") == nil)
        #expect(try await Self.registry(env).server(named: "", tenant: "default") == nil)
    }
}
