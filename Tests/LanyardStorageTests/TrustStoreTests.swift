import Foundation
import LanyardCore
import LanyardModel
import LanyardStorage
import LanyardTesting
import Testing

/// Federation trusts in storage, on every engine.
@Suite("Federation trusts in the store")
struct TrustStoreTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func trust(_ id: String, identity: String = "idn_a", tenant: String = "t1") -> FederationTrust {
        FederationTrust(
            id: id, tenant: tenant, identityId: identity, issuer: "https://token.actions.githubusercontent.com", audience: "lanyard",
            conditions: [ClaimCondition(name: "repository_id", value: "42"), ClaimCondition(name: "kubernetes.io/namespace", value: "ci")],
            createdAt: now, createdBy: "admin:tok_1")
    }

    @Test("trusts round-trip, list per identity and tenant, and delete once", arguments: TestDatabases.engines)
    func roundTrip(engine: TestDatabases.Engine) async throws {
        let store = try await TestDatabases.makeStore(engine)
        try await store.write { session in
            for tenant in ["t1", "t2"] { try await session.insertTenant(Tenant(name: tenant, trustDomain: "\(tenant).test", createdAt: Self.now)) }
            try await session.insertTrust(Self.trust("trs_1"))
            try await session.insertTrust(Self.trust("trs_2"))
            try await session.insertTrust(Self.trust("trs_3", identity: "idn_b"))
            try await session.insertTrust(Self.trust("trs_4", tenant: "t2"))
        }
        let listed = try await store.read { try await $0.trusts(tenant: "t1", identityId: "idn_a") }
        #expect(listed == [Self.trust("trs_1"), Self.trust("trs_2")])
        await #expect(throws: LanyardError(.alreadyExists, "")) {
            try await store.write { try await $0.insertTrust(Self.trust("trs_1")) }
        }
        #expect(try await store.write { try await $0.deleteTrust(tenant: "t2", identityId: "idn_a", id: "trs_1") } == nil)
        #expect(try await store.write { try await $0.deleteTrust(tenant: "t1", identityId: "idn_b", id: "trs_1") } == nil)
        #expect(try await store.write { try await $0.deleteTrust(tenant: "t1", identityId: "idn_a", id: "trs_1") } == Self.trust("trs_1"))
        #expect(try await store.read { try await $0.trusts(tenant: "t1", identityId: "idn_a") }.map(\.id) == ["trs_2"])
        #expect(try await store.read { try await $0.trusts(tenant: "t2", identityId: "idn_a") }.map(\.id) == ["trs_4"])
    }
}
