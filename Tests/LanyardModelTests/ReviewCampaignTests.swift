import Foundation
import LanyardModel
import Testing

@Suite("Review campaigns and their items")
struct ReviewCampaignTests {
    let t0 = Date(timeIntervalSince1970: 1_000)
    var deadline: Date { t0 + 7 * 86_400 }

    func item(_ id: String = "rvi_a", onUndecided: ReviewUndecidedAction = .revoke) -> ReviewItem {
        ReviewItem(
            id: id, campaign: "rev_a", subject: ReviewSubject(kind: .entitlement, id: "ent_1"), identity: "idn_a", reviewer: .user("alice"),
            deadline: deadline, onUndecided: onUndecided, createdAt: t0, unusedScopes30d: ["write"], unusedScopes90d: [])
    }

    @Test("a campaign starts open, refuses a past deadline or blank name, and closes once at its deadline")
    func campaign() throws {
        let campaign = try ReviewCampaign.start(
            id: "rev_a", tenant: "default", name: " Q3 agents ", scope: ReviewScope(kinds: [.agent]), deadline: deadline, by: "user:carol", at: t0)
        #expect(campaign.name == "Q3 agents")
        #expect(campaign.status == .open)
        #expect(campaign.onUndecided == .revoke)
        #expect(campaign.isAcceptingDecisions(at: deadline - 1))
        #expect(!campaign.isAcceptingDecisions(at: deadline))
        #expect(throws: LanyardError(.invalidState, "")) { try campaign.close(at: deadline - 1) }
        let closed = try campaign.close(at: deadline)
        #expect(closed.status == .closed)
        #expect(closed.closedAt == deadline)
        #expect(throws: LanyardError(.invalidState, "")) { try closed.close(at: deadline + 1) }
        #expect(throws: LanyardError(.invalidField, "")) {
            try ReviewCampaign.start(id: "rev_b", tenant: "default", name: "x", scope: ReviewScope(), deadline: t0, by: "user:carol", at: t0)
        }
        #expect(throws: LanyardError(.invalidField, "")) {
            try ReviewCampaign.start(id: "rev_b", tenant: "default", name: " ", scope: ReviewScope(), deadline: deadline, by: "user:carol", at: t0)
        }
    }

    @Test("the scope matches every filter that is set; tiers only match entitlements")
    func scope() {
        #expect(ReviewScope().matches(kind: .agent, environment: .production, owner: "alice"))
        let scope = ReviewScope(kinds: [.agent], environments: [.production], owners: ["Alice"], tiers: [.deploy])
        #expect(scope.matches(kind: .agent, environment: .production, owner: "alice", tier: .deploy))
        #expect(!scope.matches(kind: .agent, environment: .production, owner: "alice"))
        #expect(!scope.matches(kind: .app, environment: .production, owner: "alice", tier: .deploy))
        #expect(!scope.matches(kind: .agent, environment: .dev, owner: "alice", tier: .deploy))
        #expect(!scope.matches(kind: .agent, environment: .production, owner: "bob", tier: .deploy))
        #expect(!scope.matches(kind: .agent, environment: .production, owner: "alice", tier: .build))
    }

    @Test("certify, revoke and transfer record who, why and when")
    func decisions() throws {
        let certified = try item().decide(.certify, by: "user:alice", reason: nil, at: t0 + 60)
        #expect(certified.decision == .certify)
        #expect(certified.decidedBy == "user:alice")
        #expect(certified.decidedAt == t0 + 60)
        #expect(certified.reason == nil)
        #expect(!certified.isOpen)
        let revoked = try item().decide(.revoke, by: "user:alice", reason: " unused ", at: t0 + 60)
        #expect(revoked.reason == "unused")
        let transferred = try item().decide(.transfer(to: "bob"), by: "admin_token:tok_1", reason: "alice left the team", at: t0 + 60)
        #expect(transferred.decision == .transfer(to: "bob"))
    }

    @Test("refused: a second decision, a late one, a workload, the identity itself, a missing reason or target")
    func decideRefused() throws {
        let certified = try item().decide(.certify, by: "user:alice", reason: nil, at: t0)
        #expect(throws: LanyardError(.invalidState, "")) { try certified.decide(.revoke, by: "user:alice", reason: "oops", at: t0 + 1) }
        #expect(throws: LanyardError(.invalidState, "")) { try item().decide(.certify, by: "user:alice", reason: nil, at: deadline) }
        #expect(throws: LanyardError(.forbidden, "")) { try item().decide(.certify, by: "identity:idn_a", reason: nil, at: t0) }
        #expect(throws: LanyardError(.forbidden, "")) { try item().decide(.certify, by: "identity:idn_b", reason: nil, at: t0) }
        #expect(throws: LanyardError(.invalidField, "")) { try item().decide(.revoke, by: "user:alice", reason: nil, at: t0) }
        #expect(throws: LanyardError(.invalidField, "")) { try item().decide(.transfer(to: ""), by: "user:alice", reason: "x", at: t0) }
        #expect(throws: LanyardError(.invalidField, "")) { try item().decide(.transfer(to: "bob"), by: "user:alice", reason: " ", at: t0) }
    }

    @Test("at the deadline an undecided item closes with the campaign's action, once")
    func closeUndecided() throws {
        #expect(throws: LanyardError(.invalidState, "")) { try item().closeUndecided(at: deadline - 1) }
        let (closed, action) = try item(onUndecided: .suspend).closeUndecided(at: deadline)
        #expect(action == .suspend)
        #expect(closed.undecidedAction == .suspend)
        #expect(closed.decision == nil)
        #expect(!closed.isOpen)
        #expect(throws: LanyardError(.invalidState, "")) { try closed.closeUndecided(at: deadline + 1) }
        #expect(throws: LanyardError(.invalidState, "")) { try closed.decide(.certify, by: "user:alice", reason: nil, at: t0) }
        let decided = try item().decide(.certify, by: "user:alice", reason: nil, at: t0)
        #expect(throws: LanyardError(.invalidState, "")) { try decided.closeUndecided(at: deadline) }
    }

    @Test("the report counts decisions and times them (nearest rank)")
    func report() throws {
        var items: [ReviewItem] = []
        for (index, seconds) in [10.0, 20, 30, 40].enumerated() {
            items.append(try item("rvi_c\(index)").decide(.certify, by: "user:alice", reason: nil, at: t0 + seconds))
        }
        items.append(try item("rvi_r").decide(.revoke, by: "user:alice", reason: "unused", at: t0 + 1000))
        items.append(try item("rvi_t").decide(.transfer(to: "bob"), by: "user:alice", reason: "moved", at: t0 + 50))
        items.append(try item("rvi_u1").closeUndecided(at: deadline).item)
        items.append(try item("rvi_u2", onUndecided: .suspend).closeUndecided(at: deadline).item)
        items.append(item("rvi_o"))
        let report = CampaignReport(items: items)
        #expect(report.total == 9)
        #expect(report.certified == 4)
        #expect(report.revoked == 1)
        #expect(report.transferred == 1)
        #expect(report.undecidedRevoked == 1)
        #expect(report.undecidedSuspended == 1)
        #expect(report.open == 1)
        #expect(report.completion == 6.0 / 9.0)
        #expect(report.medianTimeToDecide == 30)
        #expect(report.p95TimeToDecide == 1000)
    }

    @Test("reviewers and decisions read as text, in JSON too, and bad text is refused")
    func text() throws {
        #expect(ReviewReviewer("user:alice") == .user("alice"))
        #expect(ReviewReviewer("group:sre") == .group("sre"))
        #expect(ReviewDecision("transfer:bob") == .transfer(to: "bob"))
        #expect(ReviewDecision("certify") == .certify)
        for bad in ["", "user:", "group:", "team:x"] { #expect(ReviewReviewer(bad) == nil) }
        for bad in ["", "transfer:", "Certify", "keep"] { #expect(ReviewDecision(bad) == nil) }
        let decided = try item().decide(.transfer(to: "bob"), by: "user:alice", reason: "moved", at: t0)
        let json = try JSONEncoder().encode(decided)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains(#""decision":"transfer:bob""#))
        #expect(text.contains(#""reviewer":"user:alice""#))
        #expect(try JSONDecoder().decode(ReviewItem.self, from: json) == decided)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(ReviewDecision.self, from: Data(#""keep""#.utf8)) }
    }

    @Test("an empty campaign is complete and has no times")
    func emptyReport() {
        let report = CampaignReport(items: [])
        #expect(report.total == 0)
        #expect(report.completion == 1)
        #expect(report.medianTimeToDecide == nil)
        #expect(report.p95TimeToDecide == nil)
    }
}
