import Foundation
import LanyardCore
import LanyardModel
import Testing

/// The contract of ``TenantStore``: tenants, administrator tokens and tenant admin policies.
struct TenantStoreConformance {
    let view: CapabilityView<any TenantStore>
    var now: Date { StoreConformance.now }

    func run() async throws {
        try await tenants()
        try await adminTokens()
        try await adminPolicies()
    }

    /// Tenants round-trip, list by name after a name and up to a limit, and a taken name is `already_exists`.
    func tenants() async throws {
        let now = now
        try await view.write { store in
            for name in ["t2", "t1", "t3"] { try await store.insertTenant(Tenant(name: name, trustDomain: "\(name).test", createdAt: now)) }
        }
        try await view.read { (store: any TenantStore) async throws -> Void in
            #expect(try await store.tenant(named: "t2") == Tenant(name: "t2", trustDomain: "t2.test", createdAt: now))
            #expect(try await store.tenant(named: "t9") == nil)
            #expect(try await store.tenants().map(\.name) == ["t1", "t2", "t3"])
            #expect(try await store.tenants(after: "t1", limit: 1).map(\.name) == ["t2"])
            #expect(try await store.tenants(after: "t3", limit: nil).isEmpty)
        }
        await #expect(throws: LanyardError(.alreadyExists, "")) {
            try await view.write { try await $0.insertTenant(Tenant(name: "t1", trustDomain: "other.test", createdAt: now)) }
        }
        #expect(try await view.read { try await $0.tenant(named: "t1") }?.trustDomain == "t1.test", "a refused insert changes nothing")
        try await ownerDirectory()
    }

    /// A tenant's owner directory setting is `optional` until set, set per tenant, and stored when a tenant is made
    /// with it; setting it on a tenant that does not exist changes nothing.
    func ownerDirectory() async throws {
        let now = now
        #expect(try await view.read { try await $0.tenant(named: "t1") }?.ownerDirectory == .optional)
        #expect(try await view.write { try await $0.setOwnerDirectory(tenant: "t1", .required) })
        #expect(try await view.write { try await $0.setOwnerDirectory(tenant: "t9", .required) } == false)
        try await view.read { (store: any TenantStore) async throws -> Void in
            #expect(try await store.tenant(named: "t1")?.ownerDirectory == .required)
            #expect(try await store.tenant(named: "t2")?.ownerDirectory == .optional)
            #expect(try await store.tenants().map(\.ownerDirectory) == [.required, .optional, .optional])
        }
        #expect(try await view.write { try await $0.setOwnerDirectory(tenant: "t1", .optional) })
        #expect(try await view.read { try await $0.tenant(named: "t1") }?.ownerDirectory == .optional)
        try await view.write { try await $0.insertTenant(Tenant(name: "t4", trustDomain: "t4.test", createdAt: now, ownerDirectory: .required)) }
        #expect(try await view.read { try await $0.tenant(named: "t4") }?.ownerDirectory == .required)
    }

    /// Administrator tokens: found by hash, listed per tenant (platform tokens apart) newest first, revoked once and
    /// only in their own tenant, and counted as usable only while neither revoked nor expired.
    func adminTokens() async throws {
        let now = now
        @Sendable func token(_ id: String, tenant: String?, role: Principal.Role, age: Double, expiresIn: Double? = nil) -> AdminTokenRecord {
            AdminTokenRecord(
                id: id, tenant: tenant, role: role, tokenHash: "hash-\(id)", description: "token \(id)", subject: tenant == nil ? "ops" : nil,
                createdAt: now.addingTimeInterval(-age), expiresAt: expiresIn.map { now.addingTimeInterval($0) })
        }
        #expect(try await view.read { try await $0.hasPlatformAdminToken() } == false)
        let platform = token("tok_p1", tenant: nil, role: .platformAdmin, age: 30)
        let expiring = token("tok_p2", tenant: nil, role: .platformAdmin, age: 20, expiresIn: 60)
        let admin = token("tok_a", tenant: "t1", role: .tenantAdmin, age: 10)
        let older = token("tok_b", tenant: "t1", role: .tenantAdmin, age: 50)
        try await view.write { store in
            for record in [platform, expiring, admin, older, token("tok_c", tenant: "t2", role: .tenantAdmin, age: 5)] {
                try await store.insertAdminToken(record)
            }
        }
        try await view.read { (store: any TenantStore) async throws -> Void in
            #expect(try await store.adminToken(hash: "hash-tok_a") == admin)
            #expect(try await store.adminToken(hash: "hash-none") == nil)
            #expect(try await store.hasPlatformAdminToken())
            #expect(try await store.adminTokens(tenant: "t1").map(\.id) == ["tok_a", "tok_b"], "newest first")
            #expect(try await store.adminTokens(tenant: nil).map(\.id) == ["tok_p2", "tok_p1"], "platform tokens apart")
            #expect(try await store.adminTokens(tenant: "t1", after: (admin.createdAt, admin.id), limit: 5).map(\.id) == ["tok_b"])
            #expect(try await store.usablePlatformAdminTokenCount(at: now) == 2)
            #expect(try await store.usablePlatformAdminTokenCount(at: now.addingTimeInterval(120)) == 1, "an expired token is not usable")
        }
        await #expect(throws: LanyardError(.alreadyExists, "")) { try await view.write { try await $0.insertAdminToken(admin) } }
        #expect(try await view.write { try await $0.revokeAdminToken(id: "tok_a", tenant: "t2", at: now) } == false, "not in another tenant")
        #expect(try await view.write { try await $0.revokeAdminToken(id: "tok_a", tenant: nil, at: now) } == false, "not as a platform token")
        #expect(try await view.write { try await $0.revokeAdminToken(id: "tok_a", tenant: "t1", at: now) })
        #expect(try await view.write { try await $0.revokeAdminToken(id: "tok_a", tenant: "t1", at: now) } == false, "revoked once")
        #expect(try await view.read { try await $0.adminToken(hash: "hash-tok_a") }?.revokedAt == now)
        #expect(try await view.write { try await $0.revokeAdminToken(id: "tok_p1", tenant: nil, at: now) })
        #expect(try await view.read { try await $0.usablePlatformAdminTokenCount(at: now) } == 1)
    }

    /// Tenant admin policy versions: the latest is the highest version of that tenant; a version number is taken once.
    func adminPolicies() async throws {
        let now = now
        @Sendable func version(_ number: Int, tenant: String = "t1") -> AdminPolicyVersion {
            AdminPolicyVersion(
                tenant: tenant, version: number, policies: "permit (principal, action, resource); // \(number)",
                author: "token:tok_1", message: "v\(number)", createdAt: now)
        }
        #expect(try await view.read { try await $0.latestAdminPolicyVersion(tenant: "t1") } == nil)
        try await view.write { store in
            try await store.insertAdminPolicyVersion(version(1))
            try await store.insertAdminPolicyVersion(version(2))
            try await store.insertAdminPolicyVersion(version(1, tenant: "t2"))
        }
        #expect(try await view.read { try await $0.latestAdminPolicyVersion(tenant: "t1") } == version(2))
        #expect(try await view.read { try await $0.latestAdminPolicyVersion(tenant: "t2") } == version(1, tenant: "t2"))
        await #expect(throws: LanyardError(.alreadyExists, "")) { try await view.write { try await $0.insertAdminPolicyVersion(version(2)) } }
    }
}
