import Foundation
import LanyardCore
import LanyardModel
import Testing

/// The contract of ``EntitlementStore``: round trips, newest-first pages with filters, live and expired look-ups,
/// one end per entitlement (of two racing ends exactly one wins), last uses that only move forward, tenants apart.
struct EntitlementStoreConformance {
    let view: CapabilityView<any EntitlementStore>
    var now: Date { StoreConformance.now }

    func run() async throws {
        try await StoreConformance.seed(view.store)
        try await roundTripAndPages()
        try await liveAndExpired()
        try await endsOnce()
        try await lastUse()
    }

    static func entitlement(_ id: String, tenant: String = "t1", at: Date, lasting seconds: TimeInterval = 600, task: String? = nil) -> Entitlement {
        Entitlement(
            id: id, tenant: tenant, principal: #"Lanyard::Identity::"idn_\#(id)""#, tier: .tool("web.search"), actions: ["call", "read"],
            resource: #"Lanyard::Tool::"search""#, scopes: id == "ent_full" ? ["deploy"] : [], grantor: "token:tok_1", reason: "a reason é",
            createdAt: at, expiresAt: at.addingTimeInterval(seconds), request: id == "ent_full" ? "req_1" : nil, task: task,
            singleUse: id == "ent_full", breakGlass: id == "ent_full", lastCertifiedAt: id == "ent_full" ? at : nil)
    }

    /// Every field round-trips; pages are newest first and neither skip nor repeat; filters narrow; ids are unique.
    func roundTripAndPages() async throws {
        let now = now
        let full = Self.entitlement("ent_full", at: now, task: "tsk_1")
        try await view.write { store in
            try await store.insertEntitlement(full)
            try await store.insertEntitlement(Self.entitlement("ent_b", at: now.addingTimeInterval(10)))
            try await store.insertEntitlement(Self.entitlement("ent_c", at: now.addingTimeInterval(10)))
            try await store.insertEntitlement(Self.entitlement("ent_full", tenant: "t2", at: now))
        }
        #expect(try await view.read { try await $0.entitlement(tenant: "t1", id: "ent_full") } == full)
        await #expect(throws: LanyardError(.alreadyExists, "")) { try await view.write { try await $0.insertEntitlement(full) } }
        let all = try await view.read { try await $0.entitlements(tenant: "t1", filter: EntitlementFilter(), after: nil, limit: nil) }
        #expect(all.map(\.id) == ["ent_b", "ent_c", "ent_full"])
        let first = try await view.read { try await $0.entitlements(tenant: "t1", filter: EntitlementFilter(), after: nil, limit: 2) }
        let last = try #require(first.last)
        let rest = try await view.read {
            try await $0.entitlements(tenant: "t1", filter: EntitlementFilter(), after: (last.createdAt, last.id), limit: 2)
        }
        #expect((first + rest).map(\.id) == all.map(\.id))
        let byTask = try await view.read { try await $0.entitlements(tenant: "t1", filter: EntitlementFilter(task: "tsk_1"), after: nil, limit: nil) }
        #expect(byTask.map(\.id) == ["ent_full"])
        let byPrincipal = try await view.read {
            try await $0.entitlements(tenant: "t1", filter: EntitlementFilter(principal: #"Lanyard::Identity::"idn_ent_b""#), after: nil, limit: nil)
        }
        #expect(byPrincipal.map(\.id) == ["ent_b"])
        #expect(try await view.read { try await $0.entitlements(tenant: "t2", filter: EntitlementFilter(), after: nil, limit: nil) }.count == 1)
    }

    /// Live: active and not expired at the instant; expired: active and past it, across tenants.
    func liveAndExpired() async throws {
        let now = now
        try await view.write { try await $0.insertEntitlement(Self.entitlement("ent_short", at: now, lasting: 60)) }
        let live = try await view.read { try await $0.liveEntitlements(tenant: "t1", at: now.addingTimeInterval(60)) }
        #expect(!live.map(\.id).contains("ent_short"), "an entitlement is not live at its expiry")
        #expect(live.map(\.id) == ["ent_b", "ent_c", "ent_full"])
        let due = try await view.read { try await $0.expiredEntitlements(at: now.addingTimeInterval(600), limit: 10) }
        #expect(due.map(\.id) == ["ent_short", "ent_full", "ent_full"], "oldest expiry first, every tenant")
        #expect(try await view.read { try await $0.expiredEntitlements(at: now.addingTimeInterval(600), limit: 1) }.count == 1)
    }

    /// An entitlement ends once: the second end finds nothing; an ended one is no longer live or due.
    func endsOnce() async throws {
        let now = now
        let ended = try await view.write {
            try await $0.endEntitlement(tenant: "t1", id: "ent_b", status: .revoked, at: now, by: "token:tok_2", reason: "no longer needed")
        }
        let stored = try #require(ended)
        #expect(stored.status == .revoked && stored.endedAt == now && stored.endedBy == "token:tok_2" && stored.endReason == "no longer needed")
        #expect(try await view.write { try await $0.endEntitlement(tenant: "t1", id: "ent_b", status: .used, at: now, by: "x", reason: "y") } == nil)
        #expect(try await view.write { try await $0.endEntitlement(tenant: "t2", id: "ent_c", status: .used, at: now, by: "x", reason: "y") } == nil)
        #expect(try await view.read { try await $0.liveEntitlements(tenant: "t1", at: now) }.map(\.id) == ["ent_c", "ent_full", "ent_short"])
        let revoked = try await view.read {
            try await $0.entitlements(tenant: "t1", filter: EntitlementFilter(status: .revoked), after: nil, limit: nil)
        }
        #expect(revoked.map(\.id) == ["ent_b"])
    }

    /// A last use only moves forward.
    func lastUse() async throws {
        let now = now
        try await view.write { try await $0.recordEntitlementUse(tenant: "t1", lastUsed: ["ent_c": now.addingTimeInterval(30)]) }
        try await view.write { try await $0.recordEntitlementUse(tenant: "t1", lastUsed: ["ent_c": now.addingTimeInterval(5), "ent_nobody": now]) }
        #expect(try await view.read { try await $0.entitlement(tenant: "t1", id: "ent_c") }?.lastUsedAt == now.addingTimeInterval(30))
        #expect(try await view.read { try await $0.entitlement(tenant: "t2", id: "ent_c") } == nil)
    }
}
