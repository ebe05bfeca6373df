import Foundation
import LanyardCore
import LanyardModel
import Testing

/// The contract of ``CredentialStore``: credential records, used client assertions and tasks.
struct CredentialStoreConformance {
    let view: CapabilityView<any CredentialStore>
    var now: Date { StoreConformance.now }

    func run() async throws {
        try await StoreConformance.seed(view.store)
        try await records()
        try await revocation()
        try await assertions()
        try await tasks()
    }

    func record(_ jti: String, identity: String, owner: String, issuedAgo: Double = 0, expiresIn: Double = 600, tenant: String = "t1")
        -> CredentialRecord
    {
        CredentialRecord(
            jti: jti, tenant: tenant, identityId: identity, owner: owner, scopes: ["read"], audience: "api",
            issuedAt: now.addingTimeInterval(-issuedAgo), expiresAt: now.addingTimeInterval(expiresIn))
    }

    /// Every field of a record round-trips; lists are newest first per tenant (per identity when asked), page after
    /// a record, and a taken id is `already_exists`.
    func records() async throws {
        let stored = CredentialRecord(
            jti: "x1", tenant: "t2", identityId: "i9", owner: "carol", scopes: ["read", "write"], audience: "https://api.example",
            issuedAt: now, expiresAt: now.addingTimeInterval(300), task: "tsk_1", parentJTI: "p1")
        let older = record("l1", identity: "i1", owner: "alice", issuedAgo: 20, tenant: "t2")
        let newer = record("l2", identity: "i2", owner: "alice", issuedAgo: 10, tenant: "t2")
        try await view.write { store in
            for record in [stored, older, newer] { try await store.insertCredential(record) }
        }
        try await view.read { (store: any CredentialStore) async throws -> Void in
            #expect(try await store.credential(tenant: "t2", jti: "x1") == stored)
            #expect(try await store.credential(tenant: "t1", jti: "x1") == nil)
            #expect(try await store.credentials(tenant: "t2", identityId: nil, limit: 10).map(\.jti) == ["x1", "l2", "l1"])
            #expect(try await store.credentials(tenant: "t2", identityId: "i1", limit: 10) == [older])
            #expect(try await store.credentials(tenant: "t2", identityId: nil, after: (newer.issuedAt, newer.jti), limit: 10) == [older])
        }
        await #expect(throws: LanyardError(.alreadyExists, "")) { try await view.write { try await $0.insertCredential(stored) } }
    }

    /// Revocation by id, identity and owner takes each live credential once, leaves expired ones and other tenants
    /// alone, and the revoked ones are found again (to rebuild the revocation list after a restart).
    func revocation() async throws {
        try await view.write { store in
            try await store.insertCredential(record("c1", identity: "i1", owner: "alice"))
            try await store.insertCredential(record("c2", identity: "i1", owner: "alice"))
            try await store.insertCredential(record("c3", identity: "i2", owner: "bob"))
            try await store.insertCredential(record("old", identity: "i2", owner: "bob", expiresIn: -10))
        }
        let later = now.addingTimeInterval(1)
        let one = try await view.write { try await $0.revokeCredentials(tenant: "t1", target: .credential(jti: "c1"), at: later, reason: "r1") }
        #expect(one.map(\.jti) == ["c1"])
        #expect(one.first?.revokedAt == later && one.first?.revokeReason == "r1", "returned as revoked")
        let byIdentity = try await view.write { try await $0.revokeCredentials(tenant: "t1", target: .identity(id: "i1"), at: later, reason: "r") }
        #expect(byIdentity.map(\.jti) == ["c2"], "c1 was already revoked")
        let byOwner = try await view.write { try await $0.revokeCredentials(tenant: "t1", target: .owner("bob"), at: later, reason: "r") }
        #expect(byOwner.map(\.jti) == ["c3"], "the expired one is left alone")
        let wrongTenant = try await view.write { try await $0.revokeCredentials(tenant: "t2", target: .owner("bob"), at: later, reason: "r") }
        #expect(wrongTenant.isEmpty)
        #expect(try await view.read { try await $0.credential(tenant: "t1", jti: "c1") }?.revokeReason == "r1")
        let revoked = try await view.read { try await $0.revokedCredentials(unexpiredAt: later) }
        #expect(Set(revoked.map(\.jti)) == ["c1", "c2", "c3"])
        #expect(try await view.read { try await $0.revokedCredentials(unexpiredAt: now.addingTimeInterval(601)) }.isEmpty)
    }

    /// A client assertion id is recorded once per client and tenant; a replay is `already_exists`.
    func assertions() async throws {
        let later = now.addingTimeInterval(60)
        try await view.write { try await $0.recordAssertion(tenant: "t1", clientID: "i1", jti: "a1", expiresAt: later) }
        await #expect(throws: LanyardError(.alreadyExists, "")) {
            try await view.write { try await $0.recordAssertion(tenant: "t1", clientID: "i1", jti: "a1", expiresAt: later) }
        }
        try await view.write { store in
            try await store.recordAssertion(tenant: "t1", clientID: "i2", jti: "a1", expiresAt: later)
            try await store.recordAssertion(tenant: "t2", clientID: "i1", jti: "a1", expiresAt: later)
        }
    }

    /// Tasks: stored once, ended once while open (never after expiry), found again while their credentials could
    /// still live, and swept when due (marked expired by the sweeper, once).
    func tasks() async throws {
        let now = now
        @Sendable func task(_ id: String, tenant: String = "t1", expiresIn: Double) -> WorkloadTask {
            WorkloadTask(id: id, tenant: tenant, identity: "i1", intent: "reconcile \(id)", openedAt: now, expiresAt: now.addingTimeInterval(expiresIn))
        }
        try await view.write { store in
            try await store.insertTask(task("tsk_a", expiresIn: 600))
            try await store.insertTask(task("tsk_b", expiresIn: 60))
            try await store.insertTask(task("tsk_c", tenant: "t2", expiresIn: 30))
        }
        #expect(try await view.read { try await $0.task(tenant: "t1", id: "tsk_a") } == task("tsk_a", expiresIn: 600))
        #expect(try await view.read { try await $0.task(tenant: "t2", id: "tsk_a") } == nil)
        await #expect(throws: LanyardError(.alreadyExists, "")) { try await view.write { try await $0.insertTask(task("tsk_a", expiresIn: 5)) } }

        let at = now.addingTimeInterval(10)
        let ended = try await view.write { try await $0.endTask(tenant: "t1", id: "tsk_a", at: at, by: "token:tok_1") }
        #expect(ended?.endedAt == at && ended?.endedBy == "token:tok_1")
        #expect(try await view.write { try await $0.endTask(tenant: "t1", id: "tsk_a", at: at, by: "token:tok_1") } == nil, "ended once")
        #expect(
            try await view.write { try await $0.endTask(tenant: "t1", id: "tsk_b", at: now.addingTimeInterval(61), by: "x") } == nil,
            "an expired task cannot be ended")
        #expect(try await view.read { try await $0.endedTasks(unexpiredAt: at) }.map(\.id) == ["tsk_a"])

        let due = try await view.read { try await $0.tasksDue(expiringAtOrBefore: now.addingTimeInterval(100), limit: 10) }
        #expect(due.map(\.id) == ["tsk_c", "tsk_b"], "open ones, soonest first, across tenants")
        #expect(try await view.write { try await $0.markTaskExpired(tenant: "t1", id: "tsk_b") }, "an open task expires")
        #expect(try await view.write { try await $0.markTaskExpired(tenant: "t1", id: "tsk_b") } == false, "once")
        let expired = try await view.read { try await $0.task(tenant: "t1", id: "tsk_b") }
        #expect(expired?.endedAt == now.addingTimeInterval(60) && expired?.endedBy == WorkloadTask.expiryActor)
        #expect(try await view.write { try await $0.markTaskExpired(tenant: "t1", id: "tsk_a") } == false)
        #expect(try await view.read { try await $0.task(tenant: "t1", id: "tsk_a") }?.endedBy == "token:tok_1", "an ended task stays ended")
        #expect(try await view.read { try await $0.tasksDue(expiringAtOrBefore: now.addingTimeInterval(100), limit: 10) }.map(\.id) == ["tsk_c"])

        // Offboarding ends every open task of one identity at once, and only those.
        let other = WorkloadTask(id: "tsk_e", tenant: "t1", identity: "i2", intent: "other", openedAt: now, expiresAt: now.addingTimeInterval(600))
        try await view.write { store in
            try await store.insertTask(task("tsk_d", expiresIn: 600))
            try await store.insertTask(other)
        }
        let all = try await view.write { try await $0.endTasks(tenant: "t1", identityId: "i1", at: at, by: "offboarding") }
        #expect(all.map(\.id) == ["tsk_d"], "the open ones of i1 only: tsk_a is ended, tsk_b expired")
        #expect(all.allSatisfy { $0.endedAt == at && $0.endedBy == "offboarding" })
        #expect(try await view.read { try await $0.task(tenant: "t1", id: "tsk_e") } == other)
        #expect(try await view.write { try await $0.endTasks(tenant: "t1", identityId: "i1", at: at, by: "again") }.isEmpty)

        // An identity's tasks, open and ended, newest first (ties by id), bounded, in its tenant only.
        let later = WorkloadTask(
            id: "tsk_f", tenant: "t1", identity: "i1", intent: "later", openedAt: now.addingTimeInterval(5), expiresAt: now.addingTimeInterval(600))
        try await view.write { try await $0.insertTask(later) }
        #expect(try await view.read { try await $0.tasks(tenant: "t1", identityId: "i1", limit: 10) }.map(\.id) == ["tsk_f", "tsk_a", "tsk_b", "tsk_d"])
        #expect(try await view.read { try await $0.tasks(tenant: "t1", identityId: "i1", limit: 2) }.map(\.id) == ["tsk_f", "tsk_a"])
        #expect(try await view.read { try await $0.tasks(tenant: "t2", identityId: "i1", limit: 10) }.map(\.id) == ["tsk_c"])
        #expect(try await view.read { try await $0.tasks(tenant: "t1", identityId: "nobody", limit: 10) }.isEmpty)
    }
}
