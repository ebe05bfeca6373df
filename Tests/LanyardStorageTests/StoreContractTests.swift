import Foundation
import LanyardCore
import LanyardModel
import LanyardStorage
import LanyardTesting
import Testing
import Logging

/// The contract every ``LanyardStore`` keeps, run on SQLite and on PostgreSQL.
@Suite("Store contract on every engine")
struct StoreContractTests {
    static var engines: [TestDatabases.Engine] { TestDatabases.engines }

    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func identity(
        _ name: String, tenant: String = "t1", status: IdentityStatus = .active, owner: String = "alice",
        kind: IdentityKind = .agent, expiresIn days: Double = 30
    ) -> Identity {
        Identity(
            id: "idn_\(tenant)_\(name)", tenant: tenant, name: name, kind: kind, owner: owner, backupOwner: name == "full" ? "bob" : nil,
            purpose: "purpose of \(name)", environment: .dev, dataClass: .confidential, stage: .managed, status: status,
            template: "agent", spiffeId: "spiffe://td/agent/\(name)", allowedDestinations: name == "full" ? ["crm", "mail"] : [],
            publicKeys: name == "full" ? [.object(["kty": .string("OKP"), "crv": .string("Ed25519"), "x": .string("abc")])] : [],
            offboardingTrigger: .expiry, offboardReason: nil, createdAt: now, updatedAt: now,
            expiresAt: now.addingTimeInterval(days * 86_400), createdBy: "token:tok_1"
        )
    }

    static func seeded(_ engine: TestDatabases.Engine) async throws -> SQLStore {
        let store = try await TestDatabases.makeStore(engine)
        try await store.write { session in
            for tenant in ["t1", "t2"] {
                try await session.insertTenant(Tenant(name: tenant, trustDomain: "\(tenant).test", createdAt: now))
                try await session.insertTemplate(IdentityTemplate.builtins[1], tenant: tenant)
            }
        }
        return store
    }

    @Test("every field of every record round-trips", arguments: engines)
    func roundTrip(engine: TestDatabases.Engine) async throws {
        let store = try await Self.seeded(engine)
        defer { Task { await store.close() } }
        let full = Self.identity("full")
        let token = AdminTokenRecord(id: "tok_1", tenant: "t1", role: .tenantAdmin, tokenHash: "ab12", description: "d")
        try await store.write { session in
            try await session.insertIdentity(full)
            try await session.insertIdentity(Self.identity("bare"))
            try await session.insertAdminToken(token)
        }
        try await store.read { (session: any StoreSession) async throws -> Void in
            #expect(try await session.identity(tenant: "t1", id: full.id) == full)
            #expect(try await session.identity(tenant: "t1", name: "bare") == Self.identity("bare"))
            #expect(try await session.adminToken(hash: "ab12") == token)
            #expect(try await session.template(tenant: "t1", name: "agent") == IdentityTemplate.builtins[1])
            #expect(try await session.tenant(named: "t2")?.trustDomain == "t2.test")
            #expect(try await session.tenants().map(\.name) == ["t1", "t2"])
            #expect(try await session.hasPlatformAdminToken() == false)
        }
        var changed = full
        changed.status = .offboarded
        changed.offboardReason = "done"
        changed.expiresAt = Self.now
        let finalChange = changed
        try await store.write { try await $0.updateIdentity(finalChange) }
        #expect(try await store.read { try await $0.identity(tenant: "t1", id: full.id) } == changed)
    }

    @Test("unique keys are enforced by the database as already_exists", arguments: engines)
    func uniqueness(engine: TestDatabases.Engine) async throws {
        let store = try await Self.seeded(engine)
        defer { Task { await store.close() } }
        try await store.write { try await $0.insertIdentity(Self.identity("bot")) }
        var renamed = Self.identity("bot")
        renamed.id = "idn_other"
        let clash = renamed
        await #expect(throws: LanyardError(.alreadyExists, "")) { try await store.write { try await $0.insertIdentity(clash) } }
        await #expect(throws: LanyardError(.alreadyExists, "")) {
            try await store.write { try await $0.insertTenant(Tenant(name: "t1", trustDomain: "x", createdAt: Self.now)) }
        }
        // The same name in another tenant is fine.
        try await store.write { try await $0.insertIdentity(Self.identity("bot", tenant: "t2")) }
    }

    @Test("a transaction that fails leaves nothing behind", arguments: engines)
    func atomicity(engine: TestDatabases.Engine) async throws {
        let store = try await Self.seeded(engine)
        defer { Task { await store.close() } }
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await store.write { session in
                try await session.insertIdentity(Self.identity("half"))
                try await session.appendAuditEvent(AuditEvent(tenant: "t1", at: Self.now, actor: "a", action: "identity.register", target: "x"))
                throw Boom()
            }
        }
        try await store.read { (session: any StoreSession) async throws -> Void in
            #expect(try await session.identity(tenant: "t1", name: "half") == nil)
            #expect(try await session.auditEvents(tenant: "t1", after: 0, limit: 100).isEmpty)
        }
    }

    @Test("every query is scoped by tenant", arguments: engines)
    func tenantScoping(engine: TestDatabases.Engine) async throws {
        let store = try await Self.seeded(engine)
        defer { Task { await store.close() } }
        let mine = Self.identity("mine", tenant: "t1")
        try await store.write { session in
            try await session.insertIdentity(mine)
            try await session.appendAuditEvent(AuditEvent(tenant: "t1", at: Self.now, actor: "a", action: "x", target: "y"))
        }
        try await store.read { (session: any StoreSession) async throws -> Void in
            #expect(try await session.identity(tenant: "t2", id: mine.id) == nil)
            #expect(try await session.identity(tenant: "t2", name: "mine") == nil)
            #expect(try await session.identities(tenant: "t2", filter: IdentityFilter()).isEmpty)
            #expect(try await session.auditEvents(tenant: "t2", after: 0, limit: 10).isEmpty)
            #expect(try await session.template(tenant: "t3", name: "agent") == nil)
        }
        // An update addressed to the wrong tenant changes nothing.
        var moved = mine
        moved.tenant = "t2"
        moved.owner = "mallory"
        let misdirected = moved
        try await store.write { try await $0.updateIdentity(misdirected) }
        #expect(try await store.read { try await $0.identity(tenant: "t1", id: mine.id) }?.owner == "alice")
    }

    @Test("listing filters by owner, status, kind and expiry, ordered by name, limited", arguments: engines)
    func filters(engine: TestDatabases.Engine) async throws {
        let store = try await Self.seeded(engine)
        defer { Task { await store.close() } }
        try await store.write { session in
            try await session.insertIdentity(Self.identity("c", owner: "alice", kind: .agent, expiresIn: 5))
            try await session.insertIdentity(Self.identity("a", status: .suspended, owner: "bob", kind: .pipeline, expiresIn: 40))
            try await session.insertIdentity(Self.identity("b", status: .expired, owner: "alice", kind: .app, expiresIn: -1))
        }
        func names(_ filter: IdentityFilter) async throws -> [String] {
            try await store.read { try await $0.identities(tenant: "t1", filter: filter) }.map(\.name)
        }
        #expect(try await names(IdentityFilter()) == ["a", "b", "c"])
        #expect(try await names(IdentityFilter(owner: "alice")) == ["b", "c"])
        #expect(try await names(IdentityFilter(status: .suspended)) == ["a"])
        #expect(try await names(IdentityFilter(kind: .app)) == ["b"])
        #expect(try await names(IdentityFilter(expiringBefore: Self.now.addingTimeInterval(7 * 86_400))) == ["b", "c"])
        #expect(try await names(IdentityFilter(limit: 2)) == ["a", "b"])
        #expect(try await names(IdentityFilter(limit: 2, after: "b")) == ["c"])
        #expect(try await names(IdentityFilter(limit: 2, after: "c")).isEmpty)

        let due = try await store.read { try await $0.identitiesDue(expiringAtOrBefore: Self.now.addingTimeInterval(50 * 86_400), limit: 10) }
        #expect(due.map(\.name) == ["c", "a"])
        let counts = try await store.read { try await $0.identityCounts() }
        #expect(
            Set(counts) == [
                IdentityCount(tenant: "t1", status: .active, count: 1), IdentityCount(tenant: "t1", status: .suspended, count: 1),
                IdentityCount(tenant: "t1", status: .expired, count: 1),
            ])
    }

    @Test("audit events get per-tenant sequence numbers 1, 2, 3 … and read back in order", arguments: engines)
    func auditOrder(engine: TestDatabases.Engine) async throws {
        let store = try await Self.seeded(engine)
        defer { Task { await store.close() } }
        var sequences: [Int64] = []
        for index in 0..<5 {
            let event = AuditEvent(
                tenant: index % 2 == 0 ? "t1" : "t2", at: Self.now, actor: "a", action: "act.\(index)", target: "t",
                before: .object(["n": .number(JSONNumber(Double(index)))]), after: nil, details: ["k": "v\(index)"])
            sequences.append(try await store.write { try await $0.appendAuditEvent(event) })
        }
        #expect(sequences == [1, 1, 2, 2, 3])
        let t1 = try await store.read { try await $0.auditEvents(tenant: "t1", after: 0, limit: 10) }
        #expect(t1.map(\.action) == ["act.0", "act.2", "act.4"])
        #expect(t1[1].details == ["k": "v2"])
        #expect(t1[1].before == .object(["n": .number(2)]))
        let later = try await store.read { try await $0.auditEvents(tenant: "t1", after: t1[0].sequence, limit: 1) }
        #expect(later.map(\.action) == ["act.2"])
    }

    @Test("concurrent transactions all commit, none interleave", arguments: engines)
    func concurrency(engine: TestDatabases.Engine) async throws {
        let store = try await Self.seeded(engine)
        defer { Task { await store.close() } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask {
                    try await store.write { session in
                        try await session.insertIdentity(Self.identity("bot\(index)"))
                        try await session.appendAuditEvent(
                            AuditEvent(tenant: "t1", at: Self.now, actor: "a", action: "identity.register", target: "bot\(index)"))
                    }
                }
            }
            try await group.waitForAll()
        }
        try await store.read { (session: any StoreSession) async throws -> Void in
            #expect(try await session.identities(tenant: "t1", filter: IdentityFilter()).count == 40)
            #expect(try await session.auditEvents(tenant: "t1", after: 0, limit: 100).count == 40)
        }
    }

    @Test("opening an existing database again applies no migration twice and keeps the data", arguments: engines)
    func reopen(engine: TestDatabases.Engine) async throws {
        let location = try await TestDatabases.makeLocation(engine)
        let first = try await SQLStore.open(location, logger: .init(label: "t"))
        try await first.write { try await $0.insertTenant(Tenant(name: "t1", trustDomain: "d", createdAt: Self.now)) }
        await first.close()
        let second = try await SQLStore.open(location, logger: .init(label: "t"))
        #expect(try await second.read { try await $0.tenants() }.map(\.name) == ["t1"])
        try await second.checkHealth()
        await second.close()
    }

    @Test("grouped writes share commits, and a failing body rolls back alone", arguments: engines)
    func groupCommit(engine: TestDatabases.Engine) async throws {
        let store = try await Self.seeded(engine)
        defer { Task { await store.close() } }
        struct Boom: Error {}
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<60 {
                group.addTask {
                    do {
                        try await store.writeGrouped { session in
                            try await session.insertIdentity(Self.identity("g\(index)"))
                            if index % 10 == 0 { throw Boom() }
                        }
                        return true
                    } catch is Boom {
                        return false
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 54)
        let names = Set(try await store.read { try await $0.identities(tenant: "t1", filter: IdentityFilter(limit: 1000)) }.map(\.name))
        #expect(names.count == 54)
        #expect(!names.contains("g0") && !names.contains("g10") && names.contains("g1"))
        // A unique violation inside a grouped write is that body's already_exists, nothing more.
        await #expect(throws: LanyardError(.alreadyExists, "")) {
            try await store.writeGrouped { try await $0.insertIdentity(Self.identity("g1")) }
        }
    }

    @Test("credentials revoke by jti, identity and owner, once, and are found again after", arguments: engines)
    func credentials(engine: TestDatabases.Engine) async throws {
        let store = try await Self.seeded(engine)
        defer { Task { await store.close() } }
        @Sendable func record(_ jti: String, identity: String, owner: String, expiresIn: Double = 600) -> CredentialRecord {
            CredentialRecord(
                jti: jti, tenant: "t1", identityId: identity, owner: owner, scopes: ["read"], audience: "api",
                issuedAt: Self.now, expiresAt: Self.now.addingTimeInterval(expiresIn))
        }
        try await store.write { session in
            try await session.insertCredential(record("c1", identity: "i1", owner: "alice"))
            try await session.insertCredential(record("c2", identity: "i1", owner: "alice"))
            try await session.insertCredential(record("c3", identity: "i2", owner: "bob"))
            try await session.insertCredential(record("old", identity: "i2", owner: "bob", expiresIn: -10))
        }
        let later = Self.now.addingTimeInterval(1)
        let one = try await store.write { try await $0.revokeCredentials(tenant: "t1", target: .credential(jti: "c1"), at: later, reason: "r") }
        #expect(one.map(\.jti) == ["c1"])
        let byIdentity = try await store.write { try await $0.revokeCredentials(tenant: "t1", target: .identity(id: "i1"), at: later, reason: "r") }
        #expect(byIdentity.map(\.jti) == ["c2"])  // c1 was already revoked
        let byOwner = try await store.write { try await $0.revokeCredentials(tenant: "t1", target: .owner("bob"), at: later, reason: "r") }
        #expect(byOwner.map(\.jti) == ["c3"])  // the expired one is left alone
        let wrongTenant = try await store.write { try await $0.revokeCredentials(tenant: "t2", target: .owner("alice"), at: later, reason: "r") }
        #expect(wrongTenant.isEmpty)
        let revoked = try await store.read { try await $0.revokedCredentials(unexpiredAt: later) }
        #expect(Set(revoked.map(\.jti)) == ["c1", "c2", "c3"])
        try await store.write { try await $0.recordAssertion(tenant: "t1", clientID: "i1", jti: "a1", expiresAt: later) }
        await #expect(throws: LanyardError(.alreadyExists, "")) {
            try await store.write { try await $0.recordAssertion(tenant: "t1", clientID: "i1", jti: "a1", expiresAt: later) }
        }
    }

    @Test("the cached identity read never outlives a write through the store, grouped or not", arguments: engines)
    func cachedIdentityFollowsWrites(engine: TestDatabases.Engine) async throws {
        let store = try await Self.seeded(engine)
        defer { Task { await store.close() } }
        let agent = Self.identity("cached")
        try await store.write { try await $0.insertIdentity(agent) }
        #expect(try await store.identity(tenant: "t1", id: agent.id) == agent)
        #expect(try await store.identity(tenant: "t1", id: agent.id) == agent)  // now from the cache
        #expect(try await store.identity(tenant: "t2", id: agent.id) == nil)

        var suspended = agent
        suspended.status = .suspended
        let first = suspended
        try await store.write { try await $0.updateIdentity(first) }
        #expect(try await store.identity(tenant: "t1", id: agent.id)?.status == .suspended)

        var active = suspended
        active.status = .active
        active.owner = "carol"
        let second = active
        try await store.writeGrouped { try await $0.updateIdentity(second) }
        #expect(try await store.identity(tenant: "t1", id: agent.id) == second)

        // A rolled-back change leaves the stored (and served) identity as it was.
        struct Boom: Error {}
        var offboarded = second
        offboarded.status = .offboarded
        let third = offboarded
        await #expect(throws: Boom.self) {
            try await store.write { session in
                try await session.updateIdentity(third)
                throw Boom()
            }
        }
        #expect(try await store.identity(tenant: "t1", id: agent.id) == second)
    }
}
