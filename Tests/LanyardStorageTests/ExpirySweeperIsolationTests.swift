import Foundation
import LanyardAPI
import LanyardCore
import LanyardModel
@testable import LanyardStorage
import LanyardTesting
import Logging
import SQLKit
import Testing

/// One poison row must not stop the expiry sweeper: each step of a pass runs on its own.
@Suite("Expiry sweeper: a failing step does not stop the others")
struct ExpirySweeperIsolationTests {
    @Test("a row that cannot be read fails its step; entitlements still expire in the same pass", arguments: TestDatabases.engines)
    func isolatedSteps(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        defer { Task { await env.store.close() } }
        let poisoned = try await env.inventory.register(
            RegisterIdentityRequest(name: "poisoned", kind: "agent", owner: "alice", purpose: "poison row", expiresIn: "1d"), tenant: "default",
            by: env.platformAdmin)
        let holder = try await env.inventory.register(
            RegisterIdentityRequest(name: "holder", kind: "agent", owner: "alice", purpose: "holds a grant", expiresIn: "30d"), tenant: "default",
            by: env.platformAdmin)
        let grant = try await env.decisions.entitlements.grant(
            GrantEntitlementRequest(principal: holder.id, tier: "data-read", resource: #"Lanyard::Dataset::"sales""#, duration: "1h", reason: "q3"),
            tenant: "default", by: env.platformAdmin)
        try await env.store.backend.withTransaction { db in
            try await db.raw("UPDATE identities SET kind = 'robot' WHERE id = \(bind: poisoned.id)").run()
        }
        env.clock.advance(seconds: 2 * 86_400)

        let sweeper = ExpirySweeper(store: env.store, audit: env.audit, clock: env.clock, interval: .seconds(1), logger: Logger(label: "test"))
        do {
            try await sweeper.runPass()
            Issue.record("the pass reported no failure although a row could not be read")
        } catch let failure as ExpirySweeper.StepsFailed {
            #expect(failure.steps == ["identities"])
        }
        let ended = try await env.decisions.entitlements.find(grant.id, tenant: "default", by: env.platformAdmin)
        #expect(ended.status == .expired, "the entitlements step ran although the identities step failed")
    }
}
