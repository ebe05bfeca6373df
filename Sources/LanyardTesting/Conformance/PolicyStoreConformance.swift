import Foundation
import LanyardCore
import LanyardModel
import Testing

/// The contract of ``PolicyStore``: versioned policy sets and the entity data the policies read.
struct PolicyStoreConformance {
    let view: CapabilityView<any PolicyStore>
    var now: Date { StoreConformance.now }

    func run() async throws {
        try await StoreConformance.seed(view.store)
        try await versions()
        try await entities()
    }

    /// Versions round-trip with every field; the latest is the highest; summaries list below a version, newest first,
    /// with their policy counts and whether they carry a schema; a version number is taken once per tenant.
    func versions() async throws {
        let now = now
        @Sendable func version(_ number: Int, tenant: String = "t1", schema: String? = nil) -> PolicyVersion {
            PolicyVersion(
                tenant: tenant, version: number, policies: "permit (principal, action, resource); // v\(number)",
                guardrails: "forbid (principal, action, resource) when { context.risky };", schema: schema,
                links: number == 2 ? [PolicyLink(id: "link-1", template: "tpl", principal: EntityReference(type: "User", id: "alice"), resource: nil)] : [],
                author: "token:tok_1", message: "version \(number)", createdAt: now.addingTimeInterval(Double(number)))
        }
        let schema = "entity User; action read appliesTo { principal: User, resource: User };"
        let existing = try await view.read { try await $0.latestPolicyVersion(tenant: "t1") }?.version ?? 0
        let first = version(existing + 1)
        let second = version(existing + 2, schema: schema)
        try await view.write { store in
            try await store.insertPolicyVersion(first, policyCount: 1)
            try await store.insertPolicyVersion(second, policyCount: 3)
            try await store.insertPolicyVersion(version(existing + 1, tenant: "t2"), policyCount: 1)
        }
        try await view.read { (store: any PolicyStore) async throws -> Void in
            #expect(try await store.latestPolicyVersion(tenant: "t1") == second)
            #expect(try await store.policyVersion(tenant: "t1", version: first.version) == first)
            #expect(try await store.policyVersion(tenant: "t1", version: existing + 9) == nil)
            let summaries = try await store.policyVersionSummaries(tenant: "t1", before: nil, limit: 2)
            #expect(
                summaries == [
                    PolicyVersionSummary(
                        version: second.version, author: "token:tok_1", message: second.message, createdAt: second.createdAt, policyCount: 3, hasSchema: true),
                    PolicyVersionSummary(
                        version: first.version, author: "token:tok_1", message: first.message, createdAt: first.createdAt, policyCount: 1, hasSchema: false),
                ])
            #expect(try await store.policyVersionSummaries(tenant: "t1", before: second.version, limit: 1).map(\.version) == [first.version])
        }
        await #expect(throws: LanyardError(.alreadyExists, "")) { try await view.write { try await $0.insertPolicyVersion(first, policyCount: 1) } }
        #expect(try await view.read { try await $0.latestPolicyVersion(tenant: "t1") } == second, "a refused insert changes nothing")
    }

    /// Entities: replaced as a set, upserted by type and id, deleted once, always per tenant.
    func entities() async throws {
        @Sendable func entity(_ type: String, _ id: String, _ body: String = "{}") -> StoredEntity { StoredEntity(type: type, id: id, json: body) }
        try await view.write { store in
            try await store.replacePolicyEntities(tenant: "t1", [entity("User", "alice"), entity("User", "bob")])
            try await store.replacePolicyEntities(tenant: "t2", [entity("User", "carol")])
        }
        #expect(Set(try await view.read { try await $0.policyEntities(tenant: "t1") }) == [entity("User", "alice"), entity("User", "bob")])
        try await view.write { store in
            try await store.upsertPolicyEntities(tenant: "t1", [entity("User", "alice", #"{"dept":"ops"}"#), entity("Group", "ops")])
        }
        #expect(
            Set(try await view.read { try await $0.policyEntities(tenant: "t1") }) == [
                entity("User", "alice", #"{"dept":"ops"}"#), entity("User", "bob"), entity("Group", "ops"),
            ])
        #expect(try await view.write { try await $0.deletePolicyEntity(tenant: "t1", type: "User", id: "bob") })
        #expect(try await view.write { try await $0.deletePolicyEntity(tenant: "t1", type: "User", id: "bob") } == false, "deleted once")
        #expect(try await view.write { try await $0.deletePolicyEntity(tenant: "t1", type: "User", id: "carol") } == false, "not across tenants")
        try await view.write { try await $0.replacePolicyEntities(tenant: "t1", [entity("User", "dave")]) }
        #expect(try await view.read { try await $0.policyEntities(tenant: "t1") } == [entity("User", "dave")])
        #expect(try await view.read { try await $0.policyEntities(tenant: "t2") } == [entity("User", "carol")])
    }
}
