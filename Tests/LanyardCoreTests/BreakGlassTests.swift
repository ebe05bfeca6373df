import Foundation
import LanyardAPI
import LanyardModel
import LanyardStorage
import LanyardTesting
import Logging
import Testing

@testable import LanyardCore

@Suite("Break-glass: access at once, loudly; closed early; reviewed by someone else; unreviewed → the identity is suspended")
struct BreakGlassTests {
    let urls = IssuerURLs(issuer: "https://lanyard.test/t/default")
    /// Alice and Bob, tenant administrators who are people (their tokens name them).
    let alice = Principal(tokenId: "tok_alice", role: .tenantAdmin, tenant: "default", subject: "alice")
    let bob = Principal(tokenId: "tok_bob", role: .tenantAdmin, tenant: "default", subject: "bob")

    func allowed(_ env: TestEnvironment, _ identity: String, _ action: String = "read", _ resource: String = "sales") async throws -> Bool {
        let body =
            #"{"subject":{"type":"Lanyard::Identity","id":"\#(identity)"},"action":{"name":"\#(action)"},"resource":{"type":"Lanyard::Dataset","id":"\#(resource)"},"context":{}}"#
        let answer = try await env.decisions.decisionPoint.evaluation(
            AccessEvaluationRequest(json: JSONBody.object(body)), tenant: "default", urls: urls, by: env.platformAdmin)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.json.compactText.utf8)) as? [String: Any])
        return json["decision"] as? Bool == true
    }

    func request(
        _ identity: String, duration: String = "30m", reason: String = "checkout is down", incident: String = "INC-4242"
    ) -> OpenBreakGlassRequest {
        OpenBreakGlassRequest(
            identity: identity, tier: "data-read", resource: #"Lanyard::Dataset::"sales""#, duration: duration, reason: reason, incident: incident)
    }

    func subscribe(_ env: TestEnvironment) async throws {
        let admin = WebhookAdministration(
            store: env.store, audit: env.audit, clock: env.clock, random: SystemRandom(), kek: env.kek, urls: WebhookURLPolicy(allowLoopbackHTTP: true))
        _ = try await admin.add(url: "https://hooks.example/a", eventTypes: [], description: nil, tenant: "default", by: env.platformAdmin)
    }

    func deliveries(_ env: TestEnvironment, _ type: WebhookEventType) async throws -> [[String: Any]] {
        try await env.store.read { try await $0.webhookDeliveries(tenant: "default", endpointID: nil, status: nil, limit: 100) }
            .filter { $0.eventType == type.rawValue }
            .compactMap { try JSONSerialization.jsonObject(with: Data($0.payload)) as? [String: Any] }
            .compactMap { $0["data"] as? [String: Any] }
    }

    func sweeper(_ env: TestEnvironment) -> ExpirySweeper {
        ExpirySweeper(store: env.store, audit: env.audit, clock: env.clock, interval: .seconds(1), logger: Logger(label: "test"))
    }

    @Test("open: allowed at once, flagged in the audit log, every endpoint told; close ends the access", arguments: TestDatabases.engines)
    func openAndClose(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        try await subscribe(env)
        let agent = try await TestWorkload.register(env, "pager-agent", owner: "carol").identity
        #expect(try await allowed(env, agent.id) == false)
        let opened = try await env.decisions.breakGlass.open(request(agent.name), tenant: "default", by: alice)
        #expect(try await allowed(env, agent.id), "in force when open returns")
        #expect(try await allowed(env, agent.id, "write") == false, "only the tier's actions")
        #expect(opened.identity == agent.id && opened.opener == "user:alice" && opened.incident == "INC-4242")
        #expect(opened.expiresAt == env.clock.now().addingTimeInterval(1800))
        #expect(opened.reviewDueAt == env.clock.now().addingTimeInterval(BreakGlass.defaultReviewWindow) && opened.review == .pending)
        let entitlement = try await env.decisions.entitlements.find(opened.entitlement, tenant: "default", by: env.platformAdmin)
        #expect(entitlement.breakGlass && entitlement.grantor == "user:alice")

        let event = try #require(try await env.events().first { $0.action == "breakglass.open" })
        #expect(event.target == "breakglass:\(opened.id)" && event.actor == "token:tok_alice")
        #expect(event.details["breakGlass"] == "true" && event.details["incident"] == "INC-4242" && event.details["reason"] == "checkout is down")
        let told = try #require(try await deliveries(env, .breakGlassOpened).first)
        #expect(told["identity"] as? String == agent.id && told["owner"] as? String == "carol" && told["opener"] as? String == "user:alice")
        #expect(told["incident"] as? String == "INC-4242" && told["reason"] as? String == "checkout is down" && told["reviewDueAt"] is String)

        let listed = try await env.decisions.breakGlass.page(
            tenant: "default", filter: BreakGlassFilter(review: .pending), page: PageRequest(limit: 10), by: bob)
        #expect(listed.items.map(\.id) == [opened.id], "a review item exists")

        let closed = try await env.decisions.breakGlass.close(opened.id, reason: "fixed", tenant: "default", by: bob)
        #expect(closed.status(at: env.clock.now()) == .closed && closed.closedBy == "user:bob")
        #expect(try await allowed(env, agent.id) == false, "closing ends the access at once")
        #expect(try await env.decisions.entitlements.find(opened.entitlement, tenant: "default", by: env.platformAdmin).status == .revoked)
        await #expect(throws: LanyardError(.invalidState, "")) {
            _ = try await env.decisions.breakGlass.close(opened.id, reason: nil, tenant: "default", by: bob)
        }
    }

    @Test("the opener cannot review; someone else can, once; reviewed, the sweeper leaves the identity alone", arguments: TestDatabases.engines)
    func review(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let agent = try await TestWorkload.register(env, "review-agent").identity
        let opened = try await env.decisions.breakGlass.open(request(agent.id), tenant: "default", by: alice)
        let aliceAgain = Principal(tokenId: "tok_alice2", role: .tenantAdmin, tenant: "default", subject: "Alice")
        await #expect(throws: LanyardError(.forbidden, "")) {
            _ = try await env.decisions.breakGlass.review(opened.id, note: "all good", tenant: "default", by: aliceAgain)
        }
        await #expect(throws: LanyardError(.invalidField, "")) {
            _ = try await env.decisions.breakGlass.review(opened.id, note: "  ", tenant: "default", by: bob)
        }
        let reviewed = try await env.decisions.breakGlass.review(opened.id, note: "justified by INC-4242", tenant: "default", by: bob)
        #expect(reviewed.review == .reviewed && reviewed.reviewedBy == "user:bob" && reviewed.reviewNote == "justified by INC-4242")
        await #expect(throws: LanyardError(.invalidState, "")) {
            _ = try await env.decisions.breakGlass.review(opened.id, note: "again", tenant: "default", by: env.platformAdmin)
        }
        env.clock.advance(seconds: BreakGlass.defaultReviewWindow + 1)
        #expect(try await sweeper(env).suspendUnreviewedBreakGlass() == 0)
        #expect(try await env.inventory.find(agent.id, tenant: "default", by: env.platformAdmin).status == .active)
    }

    @Test("unreviewed past its due time: marked overdue, the identity suspended by the sweeper, everyone told", arguments: TestDatabases.engines)
    func overdue(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        try await subscribe(env)
        let agent = try await TestWorkload.register(env, "overdue-agent").identity
        let breakGlass = BreakGlassAccess(
            store: env.store, audit: env.audit, clock: env.clock, random: SystemRandom(), state: env.state, entitlements: env.decisions.entitlements,
            reviewWindow: 3)
        let opened = try await breakGlass.open(request(agent.id), tenant: "default", by: alice)
        #expect(opened.reviewDueAt == env.clock.now().addingTimeInterval(3))
        let sweeper = sweeper(env)
        env.clock.advance(seconds: 2)
        #expect(try await sweeper.suspendUnreviewedBreakGlass() == 0, "not due yet")
        env.clock.advance(seconds: 1)
        try await sweeper.runPass()
        #expect(try await sweeper.suspendUnreviewedBreakGlass() == 0, "once")
        #expect(try await breakGlass.find(opened.id, tenant: "default", by: bob).review == .overdue)
        #expect(try await env.inventory.find(agent.id, tenant: "default", by: env.platformAdmin).status == .suspended)
        #expect(try await allowed(env, agent.id) == false)
        let suspension = try #require(try await env.events().first { $0.action == "identity.suspend" && $0.target == "identity:\(agent.id)" })
        #expect(suspension.actor == "system:sweeper" && suspension.details["reason"]?.contains(opened.id) == true)
        #expect(try await env.events().contains { $0.action == "breakglass.overdue" && $0.target == "breakglass:\(opened.id)" })
        #expect(try await deliveries(env, .breakGlassOverdue).first?["identity"] as? String == agent.id)
        await #expect(throws: LanyardError(.invalidState, "")) {
            _ = try await breakGlass.review(opened.id, note: "too late", tenant: "default", by: bob)
        }
    }

    /// Whether `body` returned rather than threw.
    static func succeeds(_ body: @Sendable () async throws -> BreakGlass) async -> Bool {
        do {
            _ = try await body()
            return true
        } catch {
            return false
        }
    }

    @Test("two reviewers at once, two closes at once: exactly one of each wins", arguments: TestDatabases.engines)
    func races(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let agent = try await TestWorkload.register(env, "race-agent").identity
        let opened = try await env.decisions.breakGlass.open(request(agent.id), tenant: "default", by: alice)
        let carol = Principal(tokenId: "tok_carol", role: .tenantAdmin, tenant: "default", subject: "carol")
        let access = env.decisions.breakGlass
        async let first = Self.succeeds { try await access.review(opened.id, note: "ok", tenant: "default", by: bob) }
        async let second = Self.succeeds { try await access.review(opened.id, note: "ok too", tenant: "default", by: carol) }
        let reviews = await [first, second]
        #expect(reviews.filter { $0 }.count == 1)
        async let closeA = Self.succeeds { try await access.close(opened.id, reason: "a", tenant: "default", by: bob) }
        async let closeB = Self.succeeds { try await access.close(opened.id, reason: "b", tenant: "default", by: carol) }
        let closes = await [closeA, closeB]
        #expect(closes.filter { $0 }.count == 1)
        let events = try await env.events().map(\.action)
        #expect(events.filter { $0 == "breakglass.review" }.count == 1 && events.filter { $0 == "breakglass.close" }.count == 1)
        #expect(events.filter { $0 == "entitlement.revoke" }.count == 1)
    }

    @Test("an owner opens break-glass for an identity they own, not for another's")
    func owners() async throws {
        let env = try await TestEnvironment.make()
        let mine = try await TestWorkload.register(env, "carols-agent", owner: "carol").identity
        let theirs = try await TestWorkload.register(env, "daves-agent", owner: "dave").identity
        let carol = Principal(tokenId: "tok_carol", role: .owner, tenant: "default", subject: "carol")
        let opened = try await env.decisions.breakGlass.open(request(mine.id), tenant: "default", by: carol)
        #expect(opened.opener == "user:carol")
        await #expect(throws: LanyardError(.forbidden, "")) {
            _ = try await env.decisions.breakGlass.open(request(theirs.id), tenant: "default", by: carol)
        }
        let pep = Principal(tokenId: "tok_pep", role: .pep, tenant: "default")
        await #expect(throws: LanyardError(.forbidden, "")) { _ = try await env.decisions.breakGlass.open(request(mine.id), tenant: "default", by: pep) }
    }

    @Test("bad input is refused with a clear error and changes nothing")
    func badInput() async throws {
        let env = try await TestEnvironment.make()
        let agent = try await TestWorkload.register(env, "bad-input-agent").identity
        let before = try await env.events().count
        let cases: [(OpenBreakGlassRequest, LanyardError.Code)] = [
            (request(agent.id, reason: ""), .invalidField),
            (request(agent.id, reason: "   "), .invalidField),
            (request(agent.id, incident: ""), .invalidField),
            (request(agent.id, incident: String(repeating: "i", count: 257)), .invalidField),
            (request(agent.id, duration: "2h"), .invalidField),
            (request(agent.id, duration: "-5m"), .invalidField),
            (request(agent.id, reason: String(repeating: "x", count: 1_000_000)), .invalidField),
            (OpenBreakGlassRequest(identity: agent.id, tier: "root", resource: #"A::"b""#, duration: "5m", reason: "r", incident: "i"), .invalidField),
            (request("idn_nobody"), .notFound),
        ]
        for (request, code) in cases {
            await #expect(throws: LanyardError(code, "")) { _ = try await env.decisions.breakGlass.open(request, tenant: "default", by: alice) }
        }
        #expect(try await env.events().count == before, "nothing was recorded")
        #expect(
            try await env.store.read { try await $0.breakGlasses(tenant: "default", filter: BreakGlassFilter(), at: Date(), after: nil, limit: nil) }.isEmpty)
        #expect(try await env.store.read { try await $0.entitlements(tenant: "default", filter: EntitlementFilter(), after: nil, limit: nil) }.isEmpty)
    }
}
