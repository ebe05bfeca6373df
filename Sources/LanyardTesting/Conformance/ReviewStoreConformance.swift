import Foundation
import LanyardCore
import LanyardModel
import Testing

/// The contract of ``ReviewStore``: campaigns and items round-trip, pages are newest first, the decided filter
/// narrows, an item is decided once and a campaign closed once (of two racing writers exactly one wins), due
/// campaigns are found across tenants, certifications only move forward, tenants stay apart.
struct ReviewStoreConformance {
    let view: CapabilityView<any ReviewStore & EntitlementStore>
    var now: Date { StoreConformance.now }

    func run() async throws {
        try await StoreConformance.seed(view.store)
        try await roundTripAndPages()
        try await decidesOnce()
        try await reminders()
        try await dueAndClose()
        try await certification()
    }

    static func campaign(_ id: String, tenant: String = "t1", at: Date, deadline: TimeInterval = 600) -> ReviewCampaign {
        ReviewCampaign(
            id: id, tenant: tenant, name: "campaign é \(id)", scope: ReviewScope(kinds: [.agent], environments: [.dev], owners: ["alice"], tiers: [.deploy]),
            deadline: at.addingTimeInterval(deadline), onUndecided: id == "rev_s" ? .suspend : .revoke, createdAt: at, createdBy: "user:alice")
    }

    static func item(_ id: String, campaign: ReviewCampaign, subject: ReviewSubject.Kind = .entitlement) -> ReviewItem {
        ReviewItem(
            id: id, campaign: campaign.id, subject: ReviewSubject(kind: subject, id: subject == .identity ? "idn_1" : "ent_\(id)"), identity: "idn_1",
            reviewer: id.hasSuffix("g") ? .group("reviewers") : .user("alice"), deadline: campaign.deadline, onUndecided: campaign.onUndecided,
            createdAt: campaign.createdAt, lastUsedAt: id.hasSuffix("g") ? campaign.createdAt.addingTimeInterval(-60) : nil,
            unusedScopes30d: ["deploy"], unusedScopes90d: id.hasSuffix("g") ? ["deploy"] : [])
    }

    /// Every field round-trips; pages are newest first and neither skip nor repeat; ids are unique; tenants apart.
    func roundTripAndPages() async throws {
        let now = now
        let first = Self.campaign("rev_a", at: now)
        let items = [Self.item("rvi_1", campaign: first, subject: .identity), Self.item("rvi_2g", campaign: first)]
        try await view.write { store in
            try await store.insertReviewCampaign(first, items: items)
            try await store.insertReviewCampaign(Self.campaign("rev_b", at: now.addingTimeInterval(10)), items: [])
            try await store.insertReviewCampaign(Self.campaign("rev_s", at: now.addingTimeInterval(10)), items: [])
            try await store.insertReviewCampaign(Self.campaign("rev_a", tenant: "t2", at: now), items: [])
        }
        #expect(try await view.read { try await $0.reviewCampaign(tenant: "t1", id: "rev_a") } == first)
        #expect(try await view.read { try await $0.reviewItem(tenant: "t1", id: "rvi_2g") } == items[1])
        #expect(try await view.read { try await $0.reviewItem(tenant: "t2", id: "rvi_2g") } == nil)
        await #expect(throws: LanyardError(.alreadyExists, "")) { try await view.write { try await $0.insertReviewCampaign(first, items: []) } }
        let all = try await view.read { try await $0.reviewCampaigns(tenant: "t1", after: nil, limit: nil) }
        #expect(all.map(\.id) == ["rev_b", "rev_s", "rev_a"])
        let page = try await view.read { try await $0.reviewCampaigns(tenant: "t1", after: nil, limit: 2) }
        let last = try #require(page.last)
        let rest = try await view.read { try await $0.reviewCampaigns(tenant: "t1", after: (last.createdAt, last.id), limit: 2) }
        #expect((page + rest).map(\.id) == all.map(\.id))
        #expect(try await view.read { try await $0.reviewItems(tenant: "t1", campaign: "rev_a", decided: nil, after: nil, limit: nil) } == items)
        #expect(
            try await view.read { try await $0.reviewItems(tenant: "t1", campaign: "rev_a", decided: nil, after: "rvi_1", limit: 1) }.map(\.id) == ["rvi_2g"])
        #expect(try await view.read { try await $0.reviewItems(tenant: "t2", campaign: "rev_a", decided: nil, after: nil, limit: nil) }.isEmpty)
    }

    /// An item is decided once; the decided filter follows.
    func decidesOnce() async throws {
        let now = now
        let stored = try #require(try await view.read { try await $0.reviewItem(tenant: "t1", id: "rvi_2g") })
        let decided = try stored.decide(.transfer(to: "bob"), by: "user:carol", reason: "carol left", at: now.addingTimeInterval(5))
        #expect(try await view.write { try await $0.decideReviewItem(tenant: "t1", decided) })
        let again = try stored.decide(.certify, by: "user:dave", reason: nil, at: now.addingTimeInterval(6))
        #expect(try await view.write { try await $0.decideReviewItem(tenant: "t1", again) } == false, "the second decision finds nothing")
        #expect(try await view.write { try await $0.decideReviewItem(tenant: "t2", decided) } == false)
        #expect(try await view.read { try await $0.reviewItem(tenant: "t1", id: "rvi_2g") } == decided)
        let done = try await view.read { try await $0.reviewItems(tenant: "t1", campaign: "rev_a", decided: true, after: nil, limit: nil) }
        let open = try await view.read { try await $0.reviewItems(tenant: "t1", campaign: "rev_a", decided: false, after: nil, limit: nil) }
        #expect(done.map(\.id) == ["rvi_2g"] && open.map(\.id) == ["rvi_1"])
    }

    /// Campaigns are reminded once, from half way through their run, never at or after the deadline.
    func reminders() async throws {
        let now = now
        #expect(try await view.read { try await $0.reviewCampaignsToRemind(at: now.addingTimeInterval(299), limit: 10) }.isEmpty)
        let half = try await view.read { try await $0.reviewCampaignsToRemind(at: now.addingTimeInterval(305), limit: 10) }
        #expect(half.map { "\($0.tenant)/\($0.id)" } == ["t1/rev_a", "t2/rev_a"], "half way through rev_a (300s), not yet rev_b")
        #expect(try await view.write { try await $0.markReviewCampaignReminded(tenant: "t1", id: "rev_a", at: now.addingTimeInterval(305)) })
        #expect(try await view.write { try await $0.markReviewCampaignReminded(tenant: "t1", id: "rev_a", at: now.addingTimeInterval(306)) } == false)
        let later = try await view.read { try await $0.reviewCampaignsToRemind(at: now.addingTimeInterval(320), limit: 10) }
        #expect(later.map { "\($0.tenant)/\($0.id)" } == ["t2/rev_a", "t1/rev_b", "t1/rev_s"])
        #expect(try await view.read { try await $0.reviewCampaignsToRemind(at: now.addingTimeInterval(610), limit: 10) }.isEmpty, "not at the deadline")
    }

    /// Due campaigns are open ones past their deadline in every tenant, oldest first; a campaign closes once; an item
    /// closed undecided counts as decided and cannot be decided afterwards.
    func dueAndClose() async throws {
        let now = now
        #expect(try await view.read { try await $0.reviewCampaignsDue(at: now.addingTimeInterval(599), limit: 10) }.isEmpty)
        let due = try await view.read { try await $0.reviewCampaignsDue(at: now.addingTimeInterval(610), limit: 10) }
        #expect(due.map { "\($0.tenant)/\($0.id)" } == ["t1/rev_a", "t2/rev_a", "t1/rev_b", "t1/rev_s"])
        #expect(try await view.read { try await $0.reviewCampaignsDue(at: now.addingTimeInterval(610), limit: 1) }.count == 1)
        let open = try #require(try await view.read { try await $0.reviewItem(tenant: "t1", id: "rvi_1") })
        let closed = try open.closeUndecided(at: now.addingTimeInterval(600)).item
        #expect(try await view.write { try await $0.decideReviewItem(tenant: "t1", closed) })
        #expect(try await view.read { try await $0.reviewItem(tenant: "t1", id: "rvi_1") } == closed)
        #expect(try await view.write { try await $0.decideReviewItem(tenant: "t1", closed) } == false)
        #expect(try await view.write { try await $0.closeReviewCampaign(tenant: "t1", id: "rev_a", at: now.addingTimeInterval(601)) })
        #expect(try await view.write { try await $0.closeReviewCampaign(tenant: "t1", id: "rev_a", at: now.addingTimeInterval(602)) } == false)
        let stored = try #require(try await view.read { try await $0.reviewCampaign(tenant: "t1", id: "rev_a") })
        #expect(stored.status == .closed && stored.closedAt == now.addingTimeInterval(601))
        #expect(try await view.read { try await $0.reviewCampaignsDue(at: now.addingTimeInterval(610), limit: 10) }.map(\.id) == ["rev_a", "rev_b", "rev_s"])
    }

    /// A certification only moves `lastCertifiedAt` forward, and only in its tenant.
    func certification() async throws {
        let now = now
        try await view.write { try await $0.insertEntitlement(EntitlementStoreConformance.entitlement("ent_r", at: now)) }
        #expect(try await view.write { try await $0.certifyEntitlement(tenant: "t1", id: "ent_r", at: now.addingTimeInterval(30)) })
        #expect(try await view.write { try await $0.certifyEntitlement(tenant: "t1", id: "ent_r", at: now.addingTimeInterval(10)) })
        #expect(try await view.write { try await $0.certifyEntitlement(tenant: "t2", id: "ent_r", at: now) } == false)
        #expect(try await view.read { try await $0.entitlement(tenant: "t1", id: "ent_r") }?.lastCertifiedAt == now.addingTimeInterval(30))
    }
}
