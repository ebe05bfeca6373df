import Foundation
import LanyardCore
import LanyardModel
import Testing

/// The contract of ``BreakGlassStore``: round trips, newest-first pages with status/review/identity filters, one close
/// and one review each (of two racing ones exactly one wins, and neither after its time), overdue look-ups across
/// tenants, one overdue mark each, tenants apart.
struct BreakGlassStoreConformance {
    let view: CapabilityView<any BreakGlassStore>
    var now: Date { StoreConformance.now }

    func run() async throws {
        try await StoreConformance.seed(view.store)
        try await roundTripAndPages()
        try await closesOnce()
        try await reviewsOnce()
        try await overdue()
    }

    static func record(_ id: String, tenant: String = "t1", identity: String = "idn_a", at: Date, reviewIn window: TimeInterval = 3600)
        -> BreakGlass
    {
        BreakGlass(
            id: id, tenant: tenant, entitlement: "ent_\(id)", identity: identity, opener: "user:alice", reason: "prod is down é",
            incident: "INC-42", openedAt: at, expiresAt: at.addingTimeInterval(600), reviewDueAt: at.addingTimeInterval(window))
    }

    /// Every field round-trips; pages are newest first and neither skip nor repeat; filters narrow; ids are unique.
    func roundTripAndPages() async throws {
        let now = now
        var draft = Self.record("brk_full", at: now)
        draft.closedAt = now.addingTimeInterval(5)
        draft.closedBy = "token:tok_2"
        draft.review = .reviewed
        draft.reviewedBy = "user:bob"
        draft.reviewedAt = now.addingTimeInterval(9)
        draft.reviewNote = "justified"
        let full = draft
        try await view.write { store in
            try await store.insertBreakGlass(full)
            try await store.insertBreakGlass(Self.record("brk_b", identity: "idn_b", at: now.addingTimeInterval(10)))
            try await store.insertBreakGlass(Self.record("brk_c", at: now.addingTimeInterval(10)))
            try await store.insertBreakGlass(Self.record("brk_full", tenant: "t2", at: now))
        }
        #expect(try await view.read { try await $0.breakGlass(tenant: "t1", id: "brk_full") } == full)
        #expect(try await view.read { try await $0.breakGlass(tenant: "t1", id: "brk_none") } == nil)
        await #expect(throws: LanyardError(.alreadyExists, "")) { try await view.write { try await $0.insertBreakGlass(full) } }
        func page(_ filter: BreakGlassFilter, at: Date? = nil, after: (openedAt: Date, id: String)? = nil, limit: Int? = nil) async throws
            -> [String]
        {
            let at = at ?? now.addingTimeInterval(20)
            return try await view.read { try await $0.breakGlasses(tenant: "t1", filter: filter, at: at, after: after, limit: limit) }.map(\.id)
        }
        let all = try await page(BreakGlassFilter())
        #expect(all == ["brk_b", "brk_c", "brk_full"])
        let first = try await page(BreakGlassFilter(), limit: 2)
        let last = try #require(try await view.read { try await $0.breakGlass(tenant: "t1", id: first[1]) })
        #expect(first + (try await page(BreakGlassFilter(), after: (last.openedAt, last.id), limit: 2)) == all)
        #expect(try await page(BreakGlassFilter(status: .open)) == ["brk_b", "brk_c"])
        #expect(try await page(BreakGlassFilter(status: .closed)) == ["brk_full"])
        #expect(try await page(BreakGlassFilter(status: .expired)) == [])
        #expect(try await page(BreakGlassFilter(status: .expired), at: now.addingTimeInterval(610)) == ["brk_b", "brk_c"])
        #expect(try await page(BreakGlassFilter(review: .pending)) == ["brk_b", "brk_c"])
        #expect(try await page(BreakGlassFilter(review: .reviewed, identity: "idn_a")) == ["brk_full"])
        #expect(try await page(BreakGlassFilter(identity: "idn_b")) == ["brk_b"])
        let other = try await view.read { try await $0.breakGlasses(tenant: "t2", filter: BreakGlassFilter(), at: now, after: nil, limit: nil) }
        #expect(other.map(\.id) == ["brk_full"])
    }

    /// A break-glass closes once, and not after it expired; another tenant's is out of reach.
    func closesOnce() async throws {
        let now = now
        let closed = try #require(
            try await view.write { try await $0.closeBreakGlass(tenant: "t1", id: "brk_b", at: now.addingTimeInterval(20), by: "user:bob") })
        #expect(closed.closedAt == now.addingTimeInterval(20) && closed.closedBy == "user:bob" && closed.status(at: now.addingTimeInterval(20)) == .closed)
        #expect(try await view.write { try await $0.closeBreakGlass(tenant: "t1", id: "brk_b", at: now.addingTimeInterval(21), by: "user:carol") } == nil)
        #expect(try await view.write { try await $0.closeBreakGlass(tenant: "t2", id: "brk_c", at: now.addingTimeInterval(21), by: "user:bob") } == nil)
        #expect(
            try await view.write { try await $0.closeBreakGlass(tenant: "t1", id: "brk_c", at: now.addingTimeInterval(610), by: "user:bob") } == nil,
            "an expired break-glass is not closed")
        #expect(try await view.read { try await $0.breakGlass(tenant: "t1", id: "brk_c") }?.closedAt == nil)
    }

    /// A review is recorded once, while pending and before it is due.
    func reviewsOnce() async throws {
        let now = now
        let at = now.addingTimeInterval(30)
        let reviewed = try #require(try await view.write { try await $0.reviewBreakGlass(tenant: "t1", id: "brk_b", at: at, by: "user:carol", note: "ok") })
        #expect(reviewed.review == .reviewed && reviewed.reviewedBy == "user:carol" && reviewed.reviewedAt == at && reviewed.reviewNote == "ok")
        #expect(try await view.write { try await $0.reviewBreakGlass(tenant: "t1", id: "brk_b", at: at, by: "user:dan", note: "again") } == nil)
        #expect(try await view.write { try await $0.reviewBreakGlass(tenant: "t1", id: "brk_full", at: at, by: "user:dan", note: "x") } == nil)
        #expect(
            try await view.write { try await $0.reviewBreakGlass(tenant: "t1", id: "brk_c", at: now.addingTimeInterval(3610), by: "user:dan", note: "late") }
                == nil, "a review past its due time is refused")
    }

    /// Pending reviews past due, across tenants, oldest due first; each is marked overdue once; reviewed ones never.
    func overdue() async throws {
        let now = now
        try await view.write { try await $0.insertBreakGlass(Self.record("brk_soon", at: now, reviewIn: 60)) }
        let later = now.addingTimeInterval(3610)
        let due = try await view.read { try await $0.overdueBreakGlasses(at: later, limit: 10) }
        #expect(due.map { "\($0.tenant)/\($0.id)" } == ["t1/brk_soon", "t2/brk_full", "t1/brk_c"])
        #expect(try await view.read { try await $0.overdueBreakGlasses(at: later, limit: 1) }.count == 1)
        #expect(try await view.read { try await $0.overdueBreakGlasses(at: now.addingTimeInterval(59), limit: 10) }.isEmpty)
        #expect(try await view.write { try await $0.markBreakGlassOverdue(tenant: "t1", id: "brk_c", at: now.addingTimeInterval(59)) } == nil)
        let marked = try #require(try await view.write { try await $0.markBreakGlassOverdue(tenant: "t1", id: "brk_c", at: later) })
        #expect(marked.review == .overdue)
        #expect(try await view.write { try await $0.markBreakGlassOverdue(tenant: "t1", id: "brk_c", at: later) } == nil)
        #expect(try await view.write { try await $0.markBreakGlassOverdue(tenant: "t1", id: "brk_b", at: later) } == nil, "reviewed stays reviewed")
        #expect(try await view.read { try await $0.overdueBreakGlasses(at: later, limit: 10) }.map(\.id) == ["brk_soon", "brk_full"])
    }
}
