import Foundation
import LanyardCore
import LanyardModel
import Testing

/// The contract of ``MCPServerStore``: one server per tenant and name (a second is `already_exists` and changes
/// nothing), every field kept, lists by name and per tenant, removal once and only by its tenant.
struct MCPServerStoreConformance {
    let view: CapabilityView<any MCPServerStore>
    var now: Date { StoreConformance.now }

    func run() async throws {
        try await StoreConformance.seed(view.store)
        try await insertAndRead()
        try await duplicates()
        try await listing()
        try await removal()
    }

    func server(_ name: String, tenant: String = "t1", url: String = "https://mcp.example/crm", trusted: Bool = false) -> MCPServer {
        MCPServer(tenant: tenant, name: name, url: url, toolAnnotationsTrusted: trusted, createdAt: now, createdBy: "admin:tok_1")
    }

    func insertAndRead() async throws {
        #expect(try await view.read { try await $0.mcpServer(tenant: "t1", name: "crm") } == nil)
        let crm = server("crm", url: "http://10.0.0.5:9000/mcp?x=1", trusted: true)
        try await view.write { try await $0.insertMCPServer(crm) }
        #expect(try await view.read { try await $0.mcpServer(tenant: "t1", name: "crm") } == crm, "every field kept")
        #expect(try await view.read { try await $0.mcpServer(tenant: "t2", name: "crm") } == nil, "each tenant apart")
        #expect(try await view.read { try await $0.mcpServer(tenant: "t1", name: "CRM") } == nil, "names are exact")
    }

    func duplicates() async throws {
        let again = server("crm", url: "https://elsewhere.example/mcp")
        await #expect(throws: LanyardError(.alreadyExists, "")) { try await view.write { try await $0.insertMCPServer(again) } }
        #expect(try await view.read { try await $0.mcpServer(tenant: "t1", name: "crm") }?.url == "http://10.0.0.5:9000/mcp?x=1", "unchanged")
        let other = server("crm", tenant: "t2")
        try await view.write { try await $0.insertMCPServer(other) }
        #expect(try await view.read { try await $0.mcpServer(tenant: "t2", name: "crm") } == other, "the same name in another tenant")
    }

    func listing() async throws {
        for name in ["zeta", "a-b", "ab", "a1"] {
            let made = server(name)
            try await view.write { try await $0.insertMCPServer(made) }
        }
        let names = try await view.read { try await $0.mcpServers(tenant: "t1") }.map(\.name)
        #expect(names == ["a-b", "a1", "ab", "crm", "zeta"], "by name, byte order on every engine")
        #expect(try await view.read { try await $0.mcpServers(tenant: "t2") }.map(\.name) == ["crm"])
    }

    func removal() async throws {
        #expect(try await view.write { try await $0.deleteMCPServer(tenant: "t2", name: "zeta") } == nil, "only by its tenant")
        let removed = try await view.write { try await $0.deleteMCPServer(tenant: "t1", name: "zeta") }
        #expect(removed?.name == "zeta" && removed?.tenant == "t1")
        #expect(try await view.write { try await $0.deleteMCPServer(tenant: "t1", name: "zeta") } == nil, "removed once")
        #expect(try await view.read { try await $0.mcpServer(tenant: "t1", name: "zeta") } == nil)
        #expect(try await view.read { try await $0.mcpServers(tenant: "t1") }.count == 4)
    }
}
