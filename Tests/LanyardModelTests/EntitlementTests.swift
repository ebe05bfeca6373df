import Foundation
import LanyardModel
import Testing

@Suite("The entitlement's life")
struct EntitlementTests {
    let t0 = Date(timeIntervalSince1970: 1_000)

    func grant(task: String? = nil) -> Entitlement {
        Entitlement(
            id: "ent_1", tenant: "default", principal: #"Lanyard::Identity::"idn_a""#, tier: .dataRead, actions: ["read"],
            resource: #"Dataset::"sales""#, grantor: "user:bob", reason: "report", createdAt: t0, expiresAt: t0 + 600, request: "req_a", task: task)
    }

    @Test("live while active and before its expiry, not at the expiry itself")
    func liveUntilExpiry() {
        #expect(grant().isLive(at: t0))
        #expect(grant().isLive(at: t0 + 599))
        #expect(!grant().isLive(at: t0 + 600))
    }

    @Test("a grant bound to a task dies when the task ends; an unbound one ignores task ends")
    func task() {
        #expect(grant(task: "tsk_a").isLive(at: t0, taskEnded: false))
        #expect(!grant(task: "tsk_a").isLive(at: t0, taskEnded: true))
        #expect(grant().isLive(at: t0, taskEnded: true))
    }

    @Test("each ending status records who, why and when, and stops it at once", arguments: [EntitlementStatus.revoked, .used, .ended, .expired])
    func ending(_ status: EntitlementStatus) throws {
        let ended = try grant().ending(status, reason: "because", by: "user:carol", at: t0 + 10)
        #expect(ended.status == status)
        #expect(ended.endedAt == t0 + 10)
        #expect(ended.endedBy == "user:carol")
        #expect(ended.endReason == "because")
        #expect(!ended.isLive(at: t0 + 10))
        #expect(throws: LanyardError(.invalidState, "")) { try ended.ending(.revoked, reason: "again", by: "user:carol", at: t0 + 11) }
    }

    @Test("an entitlement cannot end as active")
    func notActive() {
        #expect(throws: LanyardError(.invalidState, "")) { try grant().ending(.active, reason: "x", by: "user:carol", at: t0) }
    }
}
