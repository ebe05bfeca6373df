import Foundation
import LanyardCore
import LanyardModel
import LanyardStorage
import LanyardTesting
import Synchronization
import Testing
import Logging

/// What the SQL store keeps beyond each capability's contract (those are `StoreConformanceTests`): transactions,
/// concurrency, reopening, group commit and the cached identity read, on SQLite and on PostgreSQL.
@Suite("Store contract on every engine")
struct StoreContractTests {
    static var engines: [TestDatabases.Engine] { TestDatabases.engines }

    static let now = StoreConformance.now

    static func identity(
        _ name: String, tenant: String = "t1", status: IdentityStatus = .active, owner: String = "alice",
        kind: IdentityKind = .agent, expiresIn days: Double = 30
    ) -> Identity {
        StoreConformance.identity(name, tenant: tenant, status: status, owner: owner, kind: kind, expiresIn: days)
    }

    /// A new store with the tenants `t1` and `t2`, each with the built-in `agent` template.
    static func seeded(_ engine: TestDatabases.Engine) async throws -> SQLStore {
        let store = try await TestDatabases.makeStore(engine)
        try await StoreConformance.seed(store)
        return store
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

    @Test("the cached identity read never outlives a write through the store, grouped or not", arguments: engines)
    func cachedIdentityFollowsWrites(engine: TestDatabases.Engine) async throws {
        let store = try await Self.seeded(engine)
        defer { Task { await store.close() } }
        let state = TenantState(store: store, clock: ManualClock())
        let agent = Self.identity("cached")
        try await store.write { try await $0.insertIdentity(agent) }
        #expect(try await state.identity(tenant: "t1", id: agent.id) == agent)
        #expect(try await state.identity(tenant: "t1", id: agent.id) == agent)  // now from the cache
        #expect(try await state.identity(tenant: "t2", id: agent.id) == nil)

        var suspended = agent
        suspended.status = .suspended
        let first = suspended
        try await store.write { try await $0.updateIdentity(first) }
        #expect(try await state.identity(tenant: "t1", id: agent.id)?.status == .suspended)

        var active = suspended
        active.status = .active
        active.owner = "carol"
        let second = active
        try await store.writeGrouped { try await $0.updateIdentity(second) }
        #expect(try await state.identity(tenant: "t1", id: agent.id) == second)

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
        #expect(try await state.identity(tenant: "t1", id: agent.id) == second)
    }

    @Test("a committed write publishes what it changed before it returns; a rollback or a failed grouped member publishes nothing", arguments: engines)
    func changeStream(engine: TestDatabases.Engine) async throws {
        let store = try await Self.seeded(engine)
        defer { Task { await store.close() } }
        let seen = Mutex([StateChange]())
        store.changes.subscribe { changes in seen.withLock { $0 += changes } }
        let agent = Self.identity("streamed")
        try await store.write { try await $0.insertIdentity(agent) }
        #expect(seen.withLock { $0 } == [.identity(tenant: "t1", id: agent.id)])

        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await store.write { session in
                try await session.updateIdentity(agent)
                session.noteChange(.adminTokens)
                throw Boom()
            }
        }
        #expect(seen.withLock { $0 }.count == 1)

        // Two grouped members: the one that fails (its name is taken) publishes nothing, the other its change.
        var renamed = agent
        renamed.owner = "dave"
        let update = renamed
        let committed = Task { try await store.writeGrouped { try await $0.updateIdentity(update) } }
        let refused = Task {
            try await store.writeGrouped { session in
                session.noteChange(.adminPolicies(tenant: "t1"))
                try await session.insertIdentity(Self.identity("streamed"))
            }
        }
        try await committed.value
        await #expect(throws: LanyardError(.alreadyExists, "")) { try await refused.value }
        #expect(seen.withLock { $0 } == [.identity(tenant: "t1", id: agent.id), .identity(tenant: "t1", id: agent.id)])
    }
}
