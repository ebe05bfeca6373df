import Foundation
import LanyardCore
import LanyardCredentials
import LanyardAPI
import LanyardModel
import LanyardTesting
import Logging
import Testing

@Suite("Tasks: open, end, expire, and the revocation list rebuilt from storage")
struct TaskTests {
    func identity(_ env: TestEnvironment, _ name: String = "worker") async throws -> Identity {
        try await env.inventory.register(
            RegisterIdentityRequest(name: name, kind: "agent", owner: "alice", purpose: "testing", expiresIn: nil), tenant: "default", by: env.platformAdmin)
    }

    @Test("a workload opens, reads and ends its own task; ending is audited and puts the task in the revocation list")
    func openAndEnd() async throws {
        let env = try await TestEnvironment.make()
        let worker = try await identity(env)
        let caller = TaskCaller.workload(identity: worker.id)
        let task = try await env.credentials.tasks.openTask(OpenTaskRequest(intent: "deploy", maxDuration: "10m"), tenant: "default", caller: caller)
        #expect(task.identity == worker.id && task.expiresAt == env.clock.now() + 600)
        #expect(try await env.credentials.tasks.task(task.id, tenant: "default", caller: caller) == task)
        let ended = try await env.credentials.tasks.endTask(task.id, tenant: "default", caller: caller)
        #expect(ended.status(at: env.clock.now()) == .ended && ended.endedBy == "identity:\(worker.id)")
        #expect(env.state.revocations.isRevoked(jti: "any", identity: worker.id, issuedAt: 0, task: task.id))
        await #expect(throws: LanyardError(.invalidState, "")) {
            try await env.credentials.tasks.endTask(task.id, tenant: "default", caller: caller)
        }
        let actions = try await env.events().map(\.action)
        #expect(actions.suffix(2) == ["task.open", "task.end"])

        // A fresh state (a restart) learns the ended task from storage.
        let restarted = TenantState(store: env.store, clock: env.clock)
        #expect(!restarted.revocations.isRevoked(jti: "any", identity: worker.id, issuedAt: 0, task: task.id))
        try await restarted.rebuild()
        #expect(restarted.revocations.isRevoked(jti: "any", identity: worker.id, issuedAt: 0, task: task.id))
    }

    @Test("a workload may not touch another identity's task; an administrator names the identity")
    func isolation() async throws {
        let env = try await TestEnvironment.make()
        let alice = try await identity(env, "alice-bot")
        let bob = try await identity(env, "bob-bot")
        let admin = TaskCaller.administrator(env.platformAdmin)
        let task = try await env.credentials.tasks.openTask(OpenTaskRequest(intent: "sync", identity: alice.id), tenant: "default", caller: admin)
        #expect(task.identity == alice.id)
        await #expect(throws: LanyardError(.forbidden, "")) {
            try await env.credentials.tasks.endTask(task.id, tenant: "default", caller: .workload(identity: bob.id))
        }
        await #expect(throws: LanyardError(.forbidden, "")) {
            try await env.credentials.tasks.openTask(OpenTaskRequest(intent: "x", identity: alice.id), tenant: "default", caller: .workload(identity: bob.id))
        }
        await #expect(throws: LanyardError(.invalidField, "")) {
            try await env.credentials.tasks.openTask(OpenTaskRequest(intent: "x"), tenant: "default", caller: admin)
        }
    }

    @Test("the duration is capped at 24 hours")
    func capped() async throws {
        let env = try await TestEnvironment.make()
        let worker = try await identity(env)
        let task = try await env.credentials.tasks.openTask(
            OpenTaskRequest(intent: "long", maxDuration: "3d"), tenant: "default", caller: .workload(identity: worker.id))
        #expect(task.expiresAt == env.clock.now() + 86_400)
    }

    @Test("the sweep records an expired task once, with task.expire; it can no longer be ended")
    func expire() async throws {
        let env = try await TestEnvironment.make()
        let worker = try await identity(env)
        let caller = TaskCaller.workload(identity: worker.id)
        let task = try await env.credentials.tasks.openTask(OpenTaskRequest(intent: "short", maxDuration: "60"), tenant: "default", caller: caller)
        let sweeper = ExpirySweeper(store: env.store, audit: env.audit, clock: env.clock, interval: .seconds(60), logger: Logger(label: "test"))
        #expect(try await sweeper.sweepTasks() == 0)
        env.clock.advance(seconds: 61)
        #expect(try await sweeper.sweepTasks() == 1)
        #expect(try await sweeper.sweepTasks() == 0)
        let stored = try await env.credentials.tasks.task(task.id, tenant: "default", caller: caller)
        #expect(stored.status(at: env.clock.now()) == .expired)
        await #expect(throws: LanyardError(.invalidState, "")) { try await env.credentials.tasks.endTask(task.id, tenant: "default", caller: caller) }
        #expect(try await env.events().map(\.action).filter { $0 == "task.expire" }.count == 1)
    }
}
