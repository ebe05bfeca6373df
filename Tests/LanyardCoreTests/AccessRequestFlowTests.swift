import Foundation
import LanyardAPI
import LanyardModel
import LanyardStorage
import LanyardTesting
import Logging
import Testing

@testable import LanyardCore

@Suite("Access requests: an agent asks, someone else approves, access lasts exactly as long as it should")
struct AccessRequestFlowTests {
    @Test("an agent asks with its own token; it cannot approve itself; a person approves; cancelling ends access at once", arguments: TestDatabases.engines)
    func agentAsks(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let agent = try await TestWorkload.register(env, "sales-agent").identity
        let requests = env.decisions.accessRequests
        let asked = try await env.askAccess(.workload(identity: agent.id))
        #expect(asked.status == .requested && asked.requester == "identity:\(agent.id)" && asked.requiredApprovals == 1)
        #expect(try await env.allows(agent.id) == false)

        await #expect(throws: LanyardError(.forbidden, "")) {
            _ = try await requests.approve(asked.id, reason: "I need it", tenant: "default", caller: .workload(identity: agent.id))
        }
        let bob = try await env.person("bob")
        let approved = try await requests.approve(asked.id, reason: "board deck is due", tenant: "default", caller: bob)
        #expect(approved.status == .active && approved.approvals.map(\.by) == ["user:bob"])
        let entitlementID = try #require(approved.entitlement)
        let entitlement = try await env.decisions.entitlements.find(entitlementID, tenant: "default", by: env.platformAdmin)
        #expect(entitlement.request == asked.id && entitlement.grantor == "user:bob" && entitlement.actions == ["read"])
        #expect(entitlement.expiresAt == env.clock.now().addingTimeInterval(600))
        #expect(try await env.allows(agent.id), "the decision point allows exactly that action on that resource")
        #expect(try await env.allows(agent.id, "write") == false)
        #expect(try await env.allows(agent.id, "read", "hr") == false)

        let cancelled = try await requests.cancel(asked.id, reason: "deck done", tenant: "default", caller: .workload(identity: agent.id))
        #expect(cancelled.status == .ended)
        #expect(try await env.allows(agent.id) == false, "cancelling ends access at once")
        #expect(try await env.decisions.entitlements.find(entitlementID, tenant: "default", by: env.platformAdmin).status == .revoked)

        let actions = try await env.events().filter { $0.target == "access_request:\(asked.id)" }.map(\.action)
        #expect(actions == ["access_request.create", "access_request.refuse", "access_request.approve", "access_request.cancel"])
    }

    @Test("self-approval, a workload approving and an owner approving deploy for their own identity are refused and audited")
    func separationOfDuties() async throws {
        let env = try await TestEnvironment.make()
        let agent = try await TestWorkload.register(env, "deploy-agent", owner: "alice").identity
        let alice = try await env.person("alice")
        let carol = try await env.person("carol")
        let requests = env.decisions.accessRequests
        let mine = try await env.askAccess(carol, identity: agent.id)
        await #expect(throws: LanyardError(.forbidden, "")) {
            _ = try await requests.approve(mine.id, reason: "looks fine", tenant: "default", caller: try await env.person("Carol"))
        }
        let other = try await TestWorkload.register(env, "other-agent").identity
        await #expect(throws: LanyardError(.forbidden, "")) {
            _ = try await requests.approve(mine.id, reason: "sure", tenant: "default", caller: .workload(identity: other.id))
        }
        let deploy = try await env.askAccess(carol, identity: agent.id, tier: "deploy")
        await #expect(throws: LanyardError(.forbidden, "")) {
            _ = try await requests.approve(deploy.id, reason: "my own prototype", tenant: "default", caller: alice)
        }
        let refusals = try await env.events().filter { $0.action == "access_request.refuse" }
        #expect(refusals.count == 3)
        #expect(refusals.last?.details["reason"]?.contains("owner") == true)
        #expect(try await requests.find(deploy.id, tenant: "default", caller: carol).status == .requested, "a refusal changes nothing")
        let data = try await requests.approve(mine.id, reason: "fine", tenant: "default", caller: alice)
        #expect(data.status == .active, "the owner may approve a data-read for their identity")
    }

    @Test("a release tier in production needs two approvers; a request nobody acts on expires")
    func approversAndExpiry() async throws {
        let env = try await TestEnvironment.make()
        _ = try await env.templates.create(
            CreateTemplateRequest(name: "prod-svc", defaultTTL: "30d", maxTTL: "90d", environments: ["production"], stage: "managed"),
            tenant: "default", by: env.platformAdmin)
        let service = try await env.inventory.register(
            RegisterIdentityRequest(name: "billing", kind: "service", owner: "alice", purpose: "billing", template: "prod-svc"), tenant: "default",
            by: env.platformAdmin)
        let carol = try await env.person("carol")
        let requests = env.decisions.accessRequests
        let deploy = try await env.askAccess(carol, identity: service.id, tier: "deploy")
        #expect(deploy.requiredApprovals == 2)
        let first = try await requests.approve(deploy.id, reason: "reviewed the change", tenant: "default", caller: try await env.person("dave"))
        #expect(first.status == .requested && first.entitlement == nil)
        await #expect(throws: LanyardError(.invalidState, "")) {
            _ = try await requests.approve(deploy.id, reason: "again", tenant: "default", caller: try await env.person("dave"))
        }
        let second = try await requests.approve(deploy.id, reason: "on call agrees", tenant: "default", caller: try await env.person("erin"))
        #expect(second.status == .active && second.entitlement != nil)

        let ignored = try await env.askAccess(carol, identity: service.id)
        env.clock.advance(seconds: 24 * 3600)
        await #expect(throws: LanyardError(.invalidState, "")) {
            _ = try await requests.approve(ignored.id, reason: "late", tenant: "default", caller: try await env.person("dave"))
        }
        let sweeper = ExpirySweeper(store: env.store, audit: env.audit, clock: env.clock, interval: .seconds(1), logger: Logger(label: "test"))
        #expect(try await sweeper.expireAccessRequests() == 1)
        #expect(try await requests.find(ignored.id, tenant: "default", caller: carol).status == .expired)
        #expect(try await requests.find(second.id, tenant: "default", caller: carol).status == .active)
        #expect(try await sweeper.endExpiredEntitlements() == 1)
        let ended = try await requests.find(second.id, tenant: "default", caller: carol)
        #expect(ended.status == .ended && ended.endReason == "reached its expiry", "its 10m grant expired and ended it")
    }

    @Test("two approvers at once, and a cancel racing an approval: one consistent outcome each", arguments: TestDatabases.engines)
    func races(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let agent = try await TestWorkload.register(env, "race-agent").identity
        let requests = env.decisions.accessRequests
        let (dave, erin) = (try await env.person("dave"), try await env.person("erin"))
        for round in 0..<3 {
            let asked = try await env.askAccess(.workload(identity: agent.id))
            async let a = Result(catching: { try await requests.approve(asked.id, reason: "ok \(round)", tenant: "default", caller: dave) })
            async let b = Result(catching: { try await requests.approve(asked.id, reason: "ok \(round)", tenant: "default", caller: erin) })
            let outcomes = [await a, await b]
            #expect(outcomes.filter { (try? $0.get()) != nil }.count == 1, "exactly one approval wins")
            let stored = try await requests.find(asked.id, tenant: "default", caller: dave)
            #expect(stored.status == .active && stored.approvals.count == 1)
            let grants = try await env.store.read {
                try await $0.entitlements(tenant: "default", filter: EntitlementFilter(request: asked.id), after: nil, limit: nil)
            }
            #expect(grants.count == 1, "one entitlement per request")
            _ = try await requests.cancel(asked.id, reason: "done", tenant: "default", caller: .workload(identity: agent.id))

            let raced = try await env.askAccess(.workload(identity: agent.id))
            async let approve = Result(catching: { try await requests.approve(raced.id, reason: "ok", tenant: "default", caller: dave) })
            async let cancel = Result(catching: {
                try await requests.cancel(raced.id, reason: "never mind", tenant: "default", caller: .workload(identity: agent.id))
            })
            _ = (await approve, await cancel)
            let final = try await requests.find(raced.id, tenant: "default", caller: dave)
            #expect(final.status == .cancelled || final.status == .ended, "whichever won, the cancel ends it")
            #expect(try await env.allows(agent.id) == false)
        }
    }
}

extension AccessRequestFlowTests {
    @Test(
        "an approval racing the expiry: before it the approval wins and nothing expires; at it the expiry wins and nothing is granted",
        arguments: TestDatabases.engines)
    func approvalRacingExpiry(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let agent = try await TestWorkload.register(env, "expiry-race-agent").identity
        let requests = env.decisions.accessRequests
        let dave = try await env.person("dave")
        let sweeper = ExpirySweeper(store: env.store, audit: env.audit, clock: env.clock, interval: .seconds(1), logger: Logger(label: "test"))
        for lastMoment in [true, false] {
            let asked = try await env.askAccess(.workload(identity: agent.id))
            env.clock.advance(seconds: asked.expiresAt.timeIntervalSince(env.clock.now()) - (lastMoment ? 1 : 0))
            async let approval = Result(catching: { try await requests.approve(asked.id, reason: "ok", tenant: "default", caller: dave) })
            async let expiry = Result(catching: { try await sweeper.expireAccessRequests() })
            let (approved, expired) = (await approval, await expiry)
            let stored = try await requests.find(asked.id, tenant: "default", caller: dave)
            let grants = try await env.store.read {
                try await $0.entitlements(tenant: "default", filter: EntitlementFilter(request: asked.id), after: nil, limit: nil)
            }
            if lastMoment {
                #expect((try? approved.get())?.status == .active && stored.status == .active && grants.count == 1)
                #expect((try? expired.get()) == 0)
            } else {
                #expect((try? approved.get()) == nil, "past its expiry a request can only expire")
                #expect(stored.status == .expired && grants.isEmpty)
            }
            #expect(try await env.allows(agent.id) == lastMoment)
            if lastMoment { _ = try await requests.cancel(asked.id, reason: "done", tenant: "default", caller: .workload(identity: agent.id)) }
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
