import Foundation
import LanyardAPI
import LanyardModel
import LanyardStorage
import LanyardTesting
import Logging
import Testing

@testable import LanyardCore

@Suite("Recertification campaigns: items for the owners, decisions that act, and the deadline that revokes")
struct ReviewCampaignTests {
    let urls = IssuerURLs(issuer: "https://lanyard.test/t/default")

    func reviews(_ env: TestEnvironment) -> Reviews { Reviews(store: env.store, audit: env.audit, clock: env.clock, random: SystemRandom()) }
    func owner(_ subject: String) -> Principal { Principal(tokenId: "tok_\(subject)", role: .owner, tenant: "default", subject: subject) }
    func sweeper(_ env: TestEnvironment) -> ExpirySweeper {
        ExpirySweeper(store: env.store, audit: env.audit, clock: env.clock, interval: .seconds(1), logger: Logger(label: "test"))
    }

    func allowed(_ env: TestEnvironment, _ identity: String, _ resource: String) async throws -> Bool {
        let body =
            #"{"subject":{"type":"Lanyard::Identity","id":"\#(identity)"},"action":{"name":"read"},"resource":{"type":"Lanyard::Dataset","id":"\#(resource)"},"context":{}}"#
        let answer = try await env.decisions.decisionPoint.evaluation(
            AccessEvaluationRequest(json: JSONBody.object(body)), tenant: "default", urls: urls, by: env.platformAdmin)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.json.compactText.utf8)) as? [String: Any])
        return json["decision"] as? Bool == true
    }

    func grant(_ env: TestEnvironment, _ identity: String, _ dataset: String, tier: String = "data-read") async throws -> Entitlement {
        try await env.decisions.entitlements.grant(
            GrantEntitlementRequest(principal: identity, tier: tier, resource: #"Lanyard::Dataset::"\#(dataset)""#, duration: "30d", reason: "quarterly"),
            tenant: "default", by: env.platformAdmin)
    }

    func items(_ env: TestEnvironment, _ campaign: String) async throws -> [ReviewItem] {
        try await reviews(env).items(of: campaign, decided: nil, tenant: "default", page: PageRequest(limit: 100), by: env.platformAdmin).items
    }

    @Test("a campaign makes one item per identity and live entitlement in scope, each for its owner or the reviewer group", arguments: TestDatabases.engines)
    func start(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let a = try await TestWorkload.register(env, "alice-agent", owner: "alice").identity
        let b = try await TestWorkload.register(env, "bob-agent", owner: "bob").identity
        let ea = try await grant(env, a.id, "sales")
        let eb = try await grant(env, b.id, "hr", tier: "deploy")
        let whole = try await reviews(env).start(StartReviewRequest(name: "Q3 review", duration: "14d"), tenant: "default", by: env.platformAdmin)
        #expect(whole.campaign.deadline == env.clock.now().addingTimeInterval(14 * 86_400) && whole.report.total == 4 && whole.report.open == 4)
        let all = try await items(env, whole.campaign.id)
        let bySubject = Dictionary(uniqueKeysWithValues: all.map { ($0.subject.id, $0) })
        #expect(bySubject[a.id]?.reviewer == .user("alice") && bySubject[a.id]?.subject.kind == .identity)
        #expect(bySubject[b.id]?.reviewer == .user("bob"))
        #expect(bySubject[ea.id]?.reviewer == .user("alice") && bySubject[ea.id]?.identity == a.id)
        #expect(bySubject[eb.id]?.reviewer == .user("bob") && bySubject[eb.id]?.identity == b.id)
        #expect(bySubject[a.id]?.lastUsedAt == nil, "never issued a credential")
        let template = try #require(try await env.store.read { try await $0.template(tenant: "default", name: a.template) })
        #expect(bySubject[a.id]?.unusedScopes90d == template.allowedScopes)

        let tiers = try await reviews(env).start(
            StartReviewRequest(name: "deploys", duration: "1d", tiers: ["deploy"]), tenant: "default", by: env.platformAdmin)
        #expect(try await items(env, tiers.campaign.id).map(\.subject.id) == [eb.id], "a tier scope covers only entitlements of that tier")
        let bobs = try await reviews(env).start(
            StartReviewRequest(name: "bob's", duration: "1d", owners: ["BOB"], onUndecided: "suspend"), tenant: "default", by: env.platformAdmin)
        #expect(Set(try await items(env, bobs.campaign.id).map(\.subject.id)) == [b.id, eb.id])
        #expect(try await items(env, bobs.campaign.id).allSatisfy { $0.onUndecided == .suspend })
        let events = try await env.events().filter { $0.action == "review.start" }
        #expect(events.count == 3 && events.first?.target == "review:\(whole.campaign.id)")
    }

    @Test("certify records the certification, revoke ends access or suspends, and only the reviewer or an admin decides", arguments: TestDatabases.engines)
    func decide(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let a = try await TestWorkload.register(env, "alice-agent", owner: "alice").identity
        let b = try await TestWorkload.register(env, "bob-agent", owner: "bob").identity
        let ea = try await grant(env, a.id, "sales")
        let eb = try await grant(env, b.id, "hr")
        let campaign = try await reviews(env).start(StartReviewRequest(name: "review", duration: "1h"), tenant: "default", by: env.platformAdmin)
        let byID = Dictionary(uniqueKeysWithValues: try await items(env, campaign.campaign.id).map { ($0.subject.id, $0) })
        let rev = campaign.campaign.id
        func decide(_ subject: String, _ decision: String, reason: String? = nil, by decider: ReviewDecider) async throws -> ReviewItem {
            let item = try #require(byID[subject])
            return try await reviews(env).decide(
                campaign: rev, item: item.id, DecideReviewItemRequest(decision: decision, reason: reason), tenant: "default", by: decider)
        }
        env.clock.advance(seconds: 60)
        await #expect(throws: LanyardError(.forbidden, "")) { _ = try await decide(ea.id, "certify", by: .admin(owner("bob"))) }
        await #expect(throws: LanyardError(.forbidden, "")) { _ = try await decide(a.id, "certify", by: .workload(identity: a.id)) }
        await #expect(throws: LanyardError(.forbidden, "")) { _ = try await decide(ea.id, "certify", by: .workload(identity: b.id)) }
        await #expect(throws: LanyardError(.invalidField, "")) { _ = try await decide(ea.id, "approve", by: .admin(owner("alice"))) }
        await #expect(throws: LanyardError(.invalidField, "")) { _ = try await decide(ea.id, "revoke", by: .admin(owner("alice"))) }

        let certified = try await decide(ea.id, "certify", by: .admin(owner("ALICE")))
        #expect(certified.decision == .certify && certified.decidedBy == "user:ALICE")
        let entitlement = try await env.decisions.entitlements.find(ea.id, tenant: "default", by: env.platformAdmin)
        #expect(entitlement.lastCertifiedAt == env.clock.now() && entitlement.status == .active)
        await #expect(throws: LanyardError(.invalidState, "")) { _ = try await decide(ea.id, "revoke", reason: "late", by: .admin(owner("alice"))) }

        #expect(try await allowed(env, b.id, "hr"))
        let revoked = try await decide(eb.id, "revoke", reason: "no longer needed", by: .admin(env.platformAdmin))
        #expect(revoked.decision == .revoke && revoked.reason == "no longer needed")
        let ended = try await env.decisions.entitlements.find(eb.id, tenant: "default", by: env.platformAdmin)
        #expect(ended.status == .revoked && ended.endReason?.contains(rev) == true)
        #expect(try await allowed(env, b.id, "hr") == false, "the decision point denies a revoked entitlement at once")

        _ = try await decide(a.id, "revoke", reason: "unused", by: .admin(owner("alice")))
        #expect(try await env.inventory.find(a.id, tenant: "default", by: env.platformAdmin).status == .suspended)
        let decisions = try await env.events().filter { $0.action == "review.decide" }
        #expect(decisions.count == 3)

        let report = try await reviews(env).find(rev, tenant: "default", by: env.platformAdmin).report
        #expect(report.total == 4 && report.certified == 1 && report.revoked == 2 && report.open == 1 && report.medianTimeToDecide == 60)
    }

    @Test("a reviewer group's active members decide its items, others do not; a transfer moves the identity", arguments: TestDatabases.engines)
    func reviewerGroup(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let idp = try await Provisioning(env)
        let carol = try await idp.user("carol")
        _ = try await idp.user("dave")
        _ = try await idp.group("access-reviewers", members: [carol])
        let a = try await TestWorkload.register(env, "alice-agent", owner: "alice").identity
        let campaign = try await reviews(env).start(
            StartReviewRequest(name: "by group", duration: "1d", reviewerGroup: "access-reviewers"), tenant: "default", by: env.platformAdmin)
        let item = try #require(try await items(env, campaign.campaign.id).first)
        #expect(item.reviewer == .group("access-reviewers") && item.subject.id == a.id)
        func decide(_ decision: String, by principal: Principal) async throws -> ReviewItem {
            try await reviews(env).decide(
                campaign: campaign.campaign.id, item: item.id, DecideReviewItemRequest(decision: decision, reason: "alice moved teams"),
                tenant: "default", by: .admin(principal))
        }
        await #expect(throws: LanyardError(.forbidden, "")) { _ = try await decide("certify", by: owner("dave")) }
        await #expect(throws: LanyardError(.forbidden, "")) { _ = try await decide("certify", by: owner("alice")) }
        let moved = try await decide("transfer:carol", by: owner("carol"))
        #expect(moved.decision == .transfer(to: "carol") && moved.decidedBy == "user:carol")
        #expect(try await env.inventory.find(a.id, tenant: "default", by: env.platformAdmin).owner == "carol")
        #expect(try await env.events().filter { $0.target == "identity:\(a.id)" }.map(\.action).last == "identity.transfer")
        #expect(try await reviews(env).find(campaign.campaign.id, tenant: "default", by: env.platformAdmin).report.transferred == 1)
    }

    @Test("at the deadline undecided items are revoked (or suspended), the decision point denies, and the report counts", arguments: TestDatabases.engines)
    func deadline(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let a = try await TestWorkload.register(env, "alice-agent", owner: "alice").identity
        let keep = try await grant(env, a.id, "sales")
        let drop = try await grant(env, a.id, "hr")
        let campaign = try await reviews(env).start(
            StartReviewRequest(name: "entitlements", duration: "10s", tiers: ["data-read"]), tenant: "default", by: env.platformAdmin)
        let rev = campaign.campaign.id
        let keepItem = try #require(try await items(env, rev).first { $0.subject.id == keep.id })
        _ = try await reviews(env).decide(
            campaign: rev, item: keepItem.id, DecideReviewItemRequest(decision: "certify"), tenant: "default", by: .admin(owner("alice")))
        #expect(try await sweeper(env).closeDueReviews() == 0, "nothing is due before the deadline")
        env.clock.advance(seconds: 10)
        let dropItem = try #require(try await items(env, rev).first { $0.subject.id == drop.id })
        await #expect(throws: LanyardError(.invalidState, "")) {
            _ = try await reviews(env).decide(
                campaign: rev, item: dropItem.id, DecideReviewItemRequest(decision: "certify"), tenant: "default", by: .admin(owner("alice")))
        }
        #expect(try await allowed(env, a.id, "hr"))
        try await sweeper(env).runPass()
        #expect(try await sweeper(env).closeDueReviews() == 0, "a campaign closes once")
        #expect(try await allowed(env, a.id, "hr") == false, "the undecided entitlement was revoked")
        #expect(try await allowed(env, a.id, "sales"), "the certified one stays")
        let ended = try await env.decisions.entitlements.find(drop.id, tenant: "default", by: env.platformAdmin)
        #expect(ended.status == .revoked && ended.endedBy == "system:sweeper" && ended.endReason?.contains(rev) == true)
        let view = try await reviews(env).find(rev, tenant: "default", by: env.platformAdmin)
        #expect(view.campaign.status == .closed && view.campaign.closedAt == env.clock.now())
        #expect(view.report.total == 2 && view.report.certified == 1 && view.report.undecidedRevoked == 1 && view.report.open == 0)
        #expect(view.report.completion == 0.5)
        #expect(try await env.events().filter { $0.action == "review.close" }.map(\.target) == ["review:\(rev)"])
        #expect(try await sweeper(env).remindReviewers() == 0, "a closed campaign is not reminded")

        let b = try await TestWorkload.register(env, "bob-agent", owner: "bob").identity
        let suspending = try await reviews(env).start(
            StartReviewRequest(name: "bob", duration: "5s", owners: ["bob"], onUndecided: "suspend"), tenant: "default", by: env.platformAdmin)
        env.clock.advance(seconds: 2)
        #expect(try await sweeper(env).remindReviewers() == 0, "not half way yet")
        env.clock.advance(seconds: 1)
        #expect(try await sweeper(env).remindReviewers() == 1, "half way through: reminded")
        #expect(try await sweeper(env).remindReviewers() == 0, "once")
        env.clock.advance(seconds: 2)
        #expect(try await sweeper(env).closeDueReviews() == 1)
        #expect(try await env.inventory.find(b.id, tenant: "default", by: env.platformAdmin).status == .suspended)
        #expect(try await reviews(env).find(suspending.campaign.id, tenant: "default", by: env.platformAdmin).report.undecidedSuspended == 1)
    }

    @Test("a scope finds its identities in a tenant larger than a campaign, wherever their names sort; a scope too large is refused")
    func largeTenant() async throws {
        let env = try await TestEnvironment.make()
        let now = env.clock.now()
        // More identities than a campaign may hold, owned by others, all named before the ones in scope.
        var crowd: [Identity] = []
        for index in 0...Reviews.maxItems {
            var one = StoreConformance.identity(String(format: "a-%05d", index), tenant: "default", owner: "crowd")
            one.createdAt = now
            crowd.append(one)
        }
        let all = crowd
        try await env.store.write { session in
            for identity in all { try await session.insertIdentity(identity) }
        }
        let late = try await TestWorkload.register(env, "zz-late-agent", owner: "zoe").identity
        let zoes = try await reviews(env).start(
            StartReviewRequest(name: "zoe's", duration: "1d", owners: ["zoe"]), tenant: "default", by: env.platformAdmin)
        #expect(try await items(env, zoes.campaign.id).map(\.subject.id) == [late.id], "the one identity in scope, named after 5,001 others")
        let error = await #expect(throws: LanyardError.self) {
            _ = try await reviews(env).start(StartReviewRequest(name: "all", duration: "1d"), tenant: "default", by: env.platformAdmin)
        }
        #expect(error?.code == .invalidField && error?.field == "scope")
    }

    @Test("bad campaigns are refused with a clear error and change nothing")
    func badInput() async throws {
        let env = try await TestEnvironment.make()
        _ = try await TestWorkload.register(env, "alice-agent", owner: "alice")
        let bad: [(StartReviewRequest, String)] = [
            (StartReviewRequest(name: " ", duration: "1d"), "name"),
            (StartReviewRequest(name: String(repeating: "x", count: 1_000_000), duration: "1d"), "name"),
            (StartReviewRequest(name: "r", duration: "0s"), "duration"),
            (StartReviewRequest(name: "r", duration: "-1d"), "duration"),
            (StartReviewRequest(name: "r", duration: "400d"), "duration"),
            (StartReviewRequest(name: "r", duration: "1d", kinds: ["robot"]), "kinds"),
            (StartReviewRequest(name: "r", duration: "1d", environments: []), "environments"),
            (StartReviewRequest(name: "r", duration: "1d", tiers: ["root"]), "tiers"),
            (StartReviewRequest(name: "r", duration: "1d", onUndecided: "ignore"), "onUndecided"),
            (StartReviewRequest(name: "r", duration: "1d", reviewerGroup: "nobody"), "reviewerGroup"),
            (StartReviewRequest(name: "r", duration: "1d", reviewerGroup: ""), "reviewerGroup"),
        ]
        for (request, field) in bad {
            let error = await #expect(throws: LanyardError.self) { _ = try await reviews(env).start(request, tenant: "default", by: env.platformAdmin) }
            #expect(error?.code == .invalidField && error?.field == field, "\(field): \(String(describing: error))")
        }
        await #expect(throws: LanyardError(.forbidden, "")) {
            _ = try await reviews(env).start(StartReviewRequest(name: "r", duration: "1d"), tenant: "default", by: owner("alice"))
        }
        #expect(Reviews.decision("transfer:\u{1F3FB}") == .transfer(to: "\u{1F3FB}"), "an owner starting with a modifier still parses")
        #expect(Reviews.decision("transfer:") == nil && Reviews.decision("approve") == nil && Reviews.decision("revoke") == .revoke)
        await #expect(throws: LanyardError(.notFound, "")) {
            _ = try await reviews(env).find("rev_nope", tenant: "default", by: env.platformAdmin)
        }
        #expect(try await reviews(env).page(tenant: "default", page: PageRequest(limit: 10), by: env.platformAdmin).items.isEmpty)
        #expect(try await env.events().filter { $0.action.hasPrefix("review.") }.isEmpty)
    }
}
