import Foundation
import LanyardCore
import LanyardAPI
import LanyardModel
import LanyardStorage
import LanyardTesting
import Logging
import Testing

@Suite("Identity lifecycle: extend, suspend, resume, offboard, expire")
struct LifecycleTests {
    func registered(_ env: TestEnvironment, _ name: String = "bot", kind: String = "agent", expiresIn: String? = nil) async throws -> Identity {
        try await env.inventory.register(
            RegisterIdentityRequest(name: name, kind: kind, owner: "alice", purpose: "testing", expiresIn: expiresIn),
            tenant: "default", by: env.platformAdmin
        )
    }

    @Test("extend moves expiry later and is audited with before and after")
    func extend() async throws {
        let env = try await TestEnvironment.make()
        let identity = try await registered(env)
        let extended = try await env.inventory.extend(identity.id, by: "7d", tenant: "default", by: env.platformAdmin)
        #expect(extended.expiresAt == identity.expiresAt.addingTimeInterval(7 * 86_400))
        let event = try #require(try await env.events().last)
        #expect(event.action == "identity.extend")
        #expect(event.before != event.after)
    }

    @Test("extend past the template cap is refused and changes nothing")
    func extendCapped() async throws {
        let env = try await TestEnvironment.make()
        let identity = try await registered(env, expiresIn: "80d")
        let eventsBefore = try await env.events().count
        await #expect {
            try await env.inventory.extend(identity.id, by: "11d", tenant: "default", by: env.platformAdmin)
        } throws: { error in
            let error = error as? LanyardError
            return error?.field == "by" && error?.message.contains("at most 10d") == true
        }
        #expect(try await env.inventory.find(identity.id, tenant: "default", by: env.platformAdmin) == identity)
        #expect(try await env.events().count == eventsBefore)
        // Exactly up to the cap is allowed.
        let extended = try await env.inventory.extend(identity.id, by: "10d", tenant: "default", by: env.platformAdmin)
        #expect(extended.expiresAt == env.clock.now().addingTimeInterval(90 * 86_400))
    }

    @Test("suspend, resume and offboard follow the state machine")
    func stateMachine() async throws {
        let env = try await TestEnvironment.make()
        let identity = try await registered(env)
        let admin = env.platformAdmin
        await #expect(throws: LanyardError(.invalidState, "")) { try await env.inventory.resume(identity.id, reason: nil, tenant: "default", by: admin) }
        #expect(try await env.inventory.suspend(identity.id, reason: "investigating", tenant: "default", by: admin).status == .suspended)
        await #expect(throws: LanyardError(.invalidState, "")) { try await env.inventory.suspend(identity.id, reason: nil, tenant: "default", by: admin) }
        #expect(try await env.inventory.resume(identity.id, reason: nil, tenant: "default", by: admin).status == .active)
        await #expect(throws: LanyardError.invalid("reason", "")) { try await env.inventory.offboard(identity.id, reason: nil, tenant: "default", by: admin) }
        let offboarded = try await env.inventory.offboard(identity.id, reason: "project ended", tenant: "default", by: admin)
        #expect(offboarded.status == .offboarded)
        #expect(offboarded.offboardReason == "project ended")
        // Terminal.
        await #expect(throws: LanyardError(.invalidState, "")) { try await env.inventory.offboard(identity.id, reason: "again", tenant: "default", by: admin) }
        await #expect(throws: LanyardError(.invalidState, "")) { try await env.inventory.extend(identity.id, by: "1d", tenant: "default", by: admin) }
        await #expect(throws: LanyardError(.invalidState, "")) { try await env.inventory.resume(identity.id, reason: nil, tenant: "default", by: admin) }
        let actions = try await env.events().map(\.action).filter { $0.hasPrefix("identity.") }
        #expect(actions == ["identity.register", "identity.suspend", "identity.resume", "identity.offboard"])
    }

    @Test("the sweeper expires identities past expiresAt, once, with an audit event")
    func sweeper() async throws {
        let env = try await TestEnvironment.make()
        let short = try await registered(env, "short", kind: "prototype", expiresIn: "1d")
        let long = try await registered(env, "long", kind: "prototype", expiresIn: "10d")
        let suspended = try await registered(env, "paused", kind: "prototype", expiresIn: "2d")
        _ = try await env.inventory.suspend(suspended.id, reason: nil, tenant: "default", by: env.platformAdmin)
        let sweeper = ExpirySweeper(store: env.store, audit: env.audit, clock: env.clock, interval: .seconds(60), logger: Logger(label: "test"), batchSize: 1)

        #expect(try await sweeper.sweep() == 0)
        env.clock.advance(seconds: 3 * 86_400)
        #expect(try await sweeper.sweep() == 2)
        #expect(try await sweeper.sweep() == 0)

        let find = { (id: String) in try await env.inventory.find(id, tenant: "default", by: env.platformAdmin) }
        #expect(try await find(short.id).status == .expired)
        #expect(try await find(suspended.id).status == .expired)
        #expect(try await find(long.id).status == .active)
        let expiries = try await env.events().filter { $0.action == "identity.expire" }
        #expect(Set(expiries.map(\.target)) == ["identity:\(short.id)", "identity:\(suspended.id)"])
        #expect(expiries.allSatisfy { $0.actor == "system:sweeper" })
    }

    @Test("sweepers running at once (as on several nodes) expire each identity exactly once", arguments: TestDatabases.engines)
    func concurrentSweepers(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        for index in 0..<30 { _ = try await registered(env, "p\(index)", kind: "prototype", expiresIn: "1h") }
        env.clock.advance(seconds: 7200)
        try await expectOneEventEach(count: 30, action: "identity.expire", in: env, batchSize: 4) { try await $0.sweep() }
    }

    /// Three sweepers (as on three nodes) run `sweep` at once; together they report `count` moves, and the trail holds
    /// `count` events `action`, one per target.
    func expectOneEventEach(
        count: Int, action: String, in env: TestEnvironment, batchSize: Int, _ sweep: @escaping @Sendable (ExpirySweeper) async throws -> Int
    ) async throws {
        let sweepers = (0..<3).map { _ in
            ExpirySweeper(
                store: env.store, audit: env.audit, clock: env.clock, interval: .seconds(60), logger: Logger(label: "test"), batchSize: batchSize)
        }
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for sweeper in sweepers { group.addTask { try await sweep(sweeper) } }
            return try await group.reduce(0, +)
        }
        #expect(total == count)
        let events = try await env.events().filter { $0.action == action }
        #expect(events.count == count)
        #expect(Set(events.map(\.target)).count == count)
    }

    @Test("task sweeps running at once (as on several nodes) record each task's expiry exactly once", arguments: TestDatabases.engines)
    func concurrentTaskSweeps(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let identity = try await registered(env, "worker")
        let now = env.clock.now()
        try await env.store.write { session in
            for index in 0..<20 {
                try await session.insertTask(
                    WorkloadTask(
                        id: "tsk_\(index)", tenant: "default", identity: identity.id, intent: "batch \(index)", openedAt: now,
                        expiresAt: now.addingTimeInterval(60)))
            }
        }
        env.clock.advance(seconds: 120)
        try await expectOneEventEach(count: 20, action: "task.expire", in: env, batchSize: 3) { try await $0.sweepTasks() }
    }

    @Test("an expired identity cannot be resumed or extended")
    func expiredIsFinalForState() async throws {
        let env = try await TestEnvironment.make()
        let identity = try await registered(env, kind: "prototype", expiresIn: "1h")
        env.clock.advance(seconds: 7200)
        let sweeper = ExpirySweeper(store: env.store, audit: env.audit, clock: env.clock, interval: .seconds(60), logger: Logger(label: "test"))
        try await sweeper.sweep()
        await #expect(throws: LanyardError(.invalidState, "")) {
            try await env.inventory.extend(identity.id, by: "1d", tenant: "default", by: env.platformAdmin)
        }
    }
}
