import Foundation
import LanyardCredentials
import LanyardModel
import LanyardStorage
import LanyardTesting
import Logging
import Synchronization
import Testing

@testable import LanyardCore

/// ``TenantState`` follows the change stream: what another node (here, a second store on the same database) changes
/// is invisible to this node's state until the change arrives, and in force as soon as it is applied.
@Suite("Tenant state follows the change stream")
struct TenantStateTests {
    static let logger: Logger = {
        var logger = Logger(label: "tenant-state-test")
        logger.logLevel = .critical
        return logger
    }()

    /// Runs `body` with two stores on one new, seeded database (two nodes) and a state over the first; closes both.
    static func withTwoNodes(_ engine: TestDatabases.Engine, _ body: (SQLStore, SQLStore, TenantState) async throws -> Void) async throws {
        let location = try await TestDatabases.makeLocation(engine)
        let here = try await SQLStore.open(location, logger: logger)
        let there = try await SQLStore.open(location, logger: logger)
        try await StoreConformance.seed(here)
        do {
            // The caches' clock stands still: what a test sees cached stays cached however slow the machine is.
            try await body(here, there, TenantState(store: here, clock: ManualClock(StoreConformance.now), monotonicNanoseconds: { 0 }))
        } catch {
            await here.close()
            await there.close()
            throw error
        }
        await here.close()
        await there.close()
    }

    @Test("a state that goes away stops following the stream; its subscription does not pile up")
    func subscriptionEnds() async throws {
        let store = try await SQLStore.open(try await TestDatabases.makeLocation(.sqlite), logger: Self.logger)
        defer { Task { await store.close() } }
        #expect(store.changes.subscriberCount == 0)
        for _ in 0..<3 {
            let state = TenantState(store: store, clock: ManualClock(StoreConformance.now))
            #expect(store.changes.subscriberCount == 1)
            withExtendedLifetime(state) {}
        }
        #expect(store.changes.subscriberCount == 0)
    }

    @Test("a change made on another node takes effect here when its change arrives, not before", arguments: TestDatabases.engines)
    func remoteChanges(engine: TestDatabases.Engine) async throws {
        try await Self.withTwoNodes(engine) { here, there, state in
            let relayed = Mutex([StateChange]())
            there.changes.subscribe { changes in relayed.withLock { $0 += changes } }
            func deliver() {
                state.apply(
                    relayed.withLock { changes in
                        defer { changes.removeAll() }; return changes
                    })
            }

            let agent = StoreConformance.identity("roaming")
            try await here.write { try await $0.insertIdentity(agent) }
            #expect(try await state.identity(tenant: "t1", id: agent.id)?.status == .active)

            // Suspended on the other node, with its credentials.
            var changed = agent
            changed.status = .suspended
            let suspended = changed
            let cutoff = Int64(StoreConformance.now.timeIntervalSince1970)
            try await there.write { session in
                try await session.updateIdentity(suspended)
                _ = try await session.revokeCredentials(tenant: "t1", target: .identity(id: agent.id), at: StoreConformance.now, reason: "suspend")
            }
            #expect(try await state.identity(tenant: "t1", id: agent.id)?.status == .active)
            #expect(!state.revocations.isRevoked(jti: "any", identity: agent.id, issuedAt: cutoff))
            deliver()
            #expect(try await state.identity(tenant: "t1", id: agent.id)?.status == .suspended)
            #expect(state.revocations.isRevoked(jti: "any", identity: agent.id, issuedAt: cutoff))
            #expect(!state.revocations.isRevoked(jti: "any", identity: agent.id, issuedAt: cutoff + 1))

            // A policy push on the other node: this node keeps its snapshot until the change arrives, then recompiles.
            let before = try await state.policies.snapshot("t1")
            let push = PolicyVersion(
                tenant: "t1", version: before.version + 1, policies: "permit (principal, action, resource);", guardrails: "", schema: nil,
                author: "test", message: "open", createdAt: StoreConformance.now)
            try await there.write { try await $0.insertPolicyVersion(push, policyCount: 1) }
            #expect(try await state.policies.snapshot("t1").version == before.version)
            deliver()
            #expect(try await state.policies.newest("t1").version == before.version + 1)
            #expect(try await state.policies.snapshot("t1").version == before.version + 1)
        }
    }

    @Test("a trust added or removed is in force for federation at once here, and on another node when its change arrives", arguments: TestDatabases.engines)
    func trustChanges(engine: TestDatabases.Engine) async throws {
        try await Self.withTwoNodes(engine) { here, there, state in
            let agent = StoreConformance.identity("federated")
            try await here.write { try await $0.insertIdentity(agent) }
            #expect(try await state.trusts(tenant: "t1", identity: agent.id).isEmpty)

            let trust = FederationTrust(
                id: "trs_1", tenant: "t1", identityId: agent.id, issuer: "https://ci.example", audience: "lanyard", conditions: [],
                createdAt: StoreConformance.now, createdBy: "test")
            try await here.write { try await $0.insertTrust(trust) }
            #expect(try await state.trusts(tenant: "t1", identity: agent.id).map(\.id) == ["trs_1"])

            // Removed on the other node: still cached here until the change arrives (or the entry's second is up).
            let relayed = Mutex([StateChange]())
            there.changes.subscribe { changes in relayed.withLock { $0 += changes } }
            _ = try await there.write { try await $0.deleteTrust(tenant: "t1", identityId: agent.id, id: "trs_1") }
            #expect(relayed.withLock { $0 } == [.trusts(tenant: "t1", identity: agent.id)])
            #expect(try await state.trusts(tenant: "t1", identity: agent.id).map(\.id) == ["trs_1"])
            state.apply(relayed.withLock { $0 })
            #expect(try await state.trusts(tenant: "t1", identity: agent.id).isEmpty)
        }
    }

    @Test("an owner's status and an MCP server are in force at once here, and on another node when the change arrives", arguments: TestDatabases.engines)
    func ownerStatusAndMCPServerChanges(engine: TestDatabases.Engine) async throws {
        try await Self.withTwoNodes(engine) { here, there, state in
            #expect(try await state.ownerStatus(tenant: "t1", owner: "alice") == nil, "never set: active")
            let left = OwnerStatus(owner: "alice", active: false, changedAt: StoreConformance.now, changedBy: "scim", reason: "left")
            try await here.write { try await $0.setOwnerStatus(tenant: "t1", left) }
            #expect(try await state.ownerStatus(tenant: "t1", owner: "alice")?.active == false, "this node's own change, at once")

            let server = MCPServer(
                tenant: "t1", name: "crm", url: "http://10.0.0.1/mcp", toolAnnotationsTrusted: false, createdAt: StoreConformance.now, createdBy: "test")
            #expect(try await state.mcpServer(tenant: "t1", name: "crm") == nil)
            try await here.write { try await $0.insertMCPServer(server) }
            #expect(try await state.mcpServer(tenant: "t1", name: "crm")?.url == server.url)

            // Changed on the other node: cached here until the change arrives.
            let relayed = Mutex([StateChange]())
            there.changes.subscribe { changes in relayed.withLock { $0 += changes } }
            var back = left
            back.active = true
            let returned = back
            try await there.write { session in
                try await session.setOwnerStatus(tenant: "t1", returned)
                _ = try await session.deleteMCPServer(tenant: "t1", name: "crm")
            }
            #expect(relayed.withLock { $0 } == [.ownerStatus(tenant: "t1", owner: "alice"), .mcpServer(tenant: "t1", name: "crm")])
            #expect(try await state.ownerStatus(tenant: "t1", owner: "alice")?.active == false)
            #expect(try await state.mcpServer(tenant: "t1", name: "crm") != nil)
            state.apply(relayed.withLock { $0 })
            #expect(try await state.ownerStatus(tenant: "t1", owner: "alice")?.active == true)
            #expect(try await state.mcpServer(tenant: "t1", name: "crm") == nil)
        }
    }

    @Test("every kind of change lands where it belongs")
    func applyEachKind() async throws {
        let store = try await TestDatabases.makeStore(.sqlite)
        defer { Task { await store.close() } }
        let state = TenantState(store: store, clock: ManualClock(StoreConformance.now))
        state.apply([
            .credentialRevoked(tenant: "t1", jti: "jti-1", expiresAt: 2_000_000_000),
            .taskEnded(tenant: "t1", task: "task-1", expiresAt: 2_000_000_000),
        ])
        #expect(state.revocations.isRevoked(jti: "jti-1", identity: "someone", issuedAt: 0))
        #expect(state.revocations.isRevoked(jti: "other", identity: "someone", issuedAt: 0, task: "task-1"))
        #expect(!state.revocations.isRevoked(jti: "other", identity: "someone", issuedAt: 0, task: "task-2"))

        let principal = Principal(tokenId: "tok_1", role: .tenantAdmin, tenant: "t1")
        state.principals.put("hash", principal, until: StoreConformance.now.addingTimeInterval(60))
        #expect(state.principals.get("hash", now: StoreConformance.now) != nil)
        state.apply([.adminTokens])
        #expect(state.principals.get("hash", now: StoreConformance.now) == nil)

        state.adminPolicies.put("t1", policies: nil, until: StoreConformance.now.addingTimeInterval(60))
        #expect(state.adminPolicies.get("t1", now: StoreConformance.now) != nil)
        state.apply([.adminPolicies(tenant: "t1")])
        #expect(state.adminPolicies.get("t1", now: StoreConformance.now) == nil)

        // (Its own state, whose caches' clock stands still: the entry cannot age out between the two looks.)
        let frozen = TenantState(store: store, clock: ManualClock(StoreConformance.now), monotonicNanoseconds: { 0 })
        let owner = TenantScopedKey(tenant: "t1", id: "alice")
        frozen.directoryOwners.store(DirectoryOwner(user: nil, groups: []), for: owner, generation: frozen.directoryOwners.generation)
        #expect(frozen.directoryOwners.lookup(owner) != nil)
        frozen.apply([.directory(tenant: "t1")])
        #expect(frozen.directoryOwners.lookup(owner) == nil)
    }
}
