import Foundation
import LanyardAPI
import LanyardModel
import LanyardStorage
import LanyardTesting
import Testing

@testable import LanyardCore

@Suite("Access policy: approvals and caps per tier, approval by policy, who approves by admin policy, the access report")
struct AccessPolicyTests {
    func setPolicy(_ env: TestEnvironment, _ request: PutAccessPolicyRequest) async throws -> AccessPolicy {
        try await env.decisions.accessPolicies.replace(request, tenant: "default", by: env.platformAdmin)
    }

    func production(_ env: TestEnvironment, _ name: String) async throws -> Identity {
        _ = try? await env.templates.create(
            CreateTemplateRequest(name: "prod-svc", defaultTTL: "30d", maxTTL: "90d", environments: ["production"], stage: "managed"),
            tenant: "default", by: env.platformAdmin)
        return try await env.inventory.register(
            RegisterIdentityRequest(name: name, kind: "service", owner: "alice", purpose: "billing", template: "prod-svc"), tenant: "default",
            by: env.platformAdmin)
    }

    static let shortReads = """
        @id("short-reads")
        permit (principal, action == Lanyard::Access::Action::"approve", resource)
        when { context.tier == "data-read" && context.durationSeconds <= 900 && resource.environment != "production" };
        """

    @Test("a permit approves at once and is recorded as the approver; what it does not permit waits for people", arguments: TestDatabases.engines)
    func autoApproval(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let agent = try await TestWorkload.register(env, "sales-agent").identity
        let policy = try await setPolicy(env, PutAccessPolicyRequest(autoApprove: Self.shortReads, message: "short reads need no human"))
        #expect(policy.version == 1 && policy.updatedBy == env.platformAdmin.actor)

        let quick = try await env.askAccess(.workload(identity: agent.id))
        #expect(quick.status == .active && quick.isApprovedByPolicy && quick.approvals.map(\.by) == ["policy:short-reads"])
        #expect(quick.approvedAt == env.clock.now())
        let entitlement = try await env.decisions.entitlements.find(try #require(quick.entitlement), tenant: "default", by: env.platformAdmin)
        #expect(entitlement.grantor == "policy:short-reads" && entitlement.request == quick.id)
        #expect(try await env.allows(agent.id), "in force when the request returns")
        #expect(try await env.allows(agent.id, "write") == false)

        let long = try await env.askAccess(.workload(identity: agent.id), duration: "1h")
        #expect(long.status == .requested && long.approvals.isEmpty, "a request the policy does not permit waits for people")
        let write = try await env.askAccess(.workload(identity: agent.id), tier: "data-write")
        #expect(write.status == .requested)

        let approval = try #require(try await env.events().first { $0.target == "access_request:\(quick.id)" && $0.action == "access_request.approve" })
        #expect(approval.actor == "policy:short-reads" && approval.details["policy"] == "short-reads" && approval.details["policyVersion"] == "1")
    }

    @Test("a tier's approvals are the tenant's number but never below the floor; a release tier in production is never approved by policy")
    func approvalsAndFloor() async throws {
        let env = try await TestEnvironment.make()
        let service = try await production(env, "billing")
        let agent = try await TestWorkload.register(env, "writer").identity
        let everything = """
            @id("approve-everything")
            permit (principal, action, resource);
            """
        _ = try await setPolicy(
            env, PutAccessPolicyRequest(approvals: ["data-write": 3, "deploy": 1], autoApprove: everything, message: "three for writes"))
        let carol = try await env.person("carol")
        let deploy = try await env.askAccess(carol, identity: service.id, tier: "deploy")
        #expect(deploy.status == .requested && deploy.requiredApprovals == 2, "the two-person floor and no auto-approval for production releases")
        let write = try await env.askAccess(carol, identity: agent.id, tier: "data-write")
        #expect(write.status == .active && write.isApprovedByPolicy, "auto-approval applies outside production releases")

        _ = try await setPolicy(env, PutAccessPolicyRequest(approvals: ["data-write": 3], message: "no more auto-approval"))
        let next = try await env.askAccess(carol, identity: agent.id, tier: "data-write")
        #expect(next.status == .requested && next.requiredApprovals == 3)
        let requests = env.decisions.accessRequests
        for (index, approver) in ["dave", "erin", "frank"].enumerated() {
            let after = try await requests.approve(next.id, reason: "looked at it", tenant: "default", caller: try await env.person(approver))
            #expect(after.status == (index == 2 ? .active : .requested))
        }
    }

    @Test("caps per tier and for break-glass replace the defaults, within bounds")
    func caps() async throws {
        let env = try await TestEnvironment.make()
        let agent = try await TestWorkload.register(env, "sales-agent").identity
        let carol = try await env.person("carol")
        await #expect(throws: LanyardError(.invalidField, "")) { _ = try await env.askAccess(carol, identity: agent.id, duration: "12h") }
        _ = try await setPolicy(
            env, PutAccessPolicyRequest(maxDurations: ["data-read": "1d", "data-write": "1h"], breakGlassMax: "30m", message: "longer reads"))
        #expect(try await env.askAccess(carol, identity: agent.id, duration: "12h").duration == 12 * 3600)
        await #expect(throws: LanyardError(.invalidField, "")) { _ = try await env.askAccess(carol, identity: agent.id, tier: "data-write", duration: "2h") }
        await #expect(throws: LanyardError(.invalidField, "")) {
            _ = try await env.decisions.breakGlass.open(
                OpenBreakGlassRequest(
                    identity: agent.id, tier: "data-read", resource: #"Lanyard::Dataset::"sales""#, duration: "45m", reason: "outage",
                    incident: "INC-1"),
                tenant: "default", by: env.platformAdmin)
        }
    }

    @Test("bad policies are refused with the field at fault and change nothing")
    func badPolicies() async throws {
        let env = try await TestEnvironment.make()
        let bad: [(PutAccessPolicyRequest, String?)] = [
            (PutAccessPolicyRequest(approvals: ["root": 1], message: "m"), "approvals"),
            (PutAccessPolicyRequest(approvals: ["deploy": 6], message: "m"), "approvals"),
            (PutAccessPolicyRequest(approvals: ["deploy": 0], message: "m"), "approvals"),
            (PutAccessPolicyRequest(maxDurations: ["data-read": "10s"], message: "m"), "maxDurations"),
            (PutAccessPolicyRequest(maxDurations: ["data-read": "31d"], message: "m"), "maxDurations"),
            (PutAccessPolicyRequest(maxDurations: ["data-read": "-5m"], message: "m"), "maxDurations"),
            (PutAccessPolicyRequest(breakGlassMax: "5h", message: "m"), "breakGlassMax"),
            (PutAccessPolicyRequest(autoApprove: "permit (principal, action, resource", message: "m"), "autoApprove"),
            (PutAccessPolicyRequest(autoApprove: #"permit (principal, action, resource) when { context.mood == "good" };"#, message: "m"), "autoApprove"),
            (PutAccessPolicyRequest(autoApprove: String(repeating: "/", count: 70_000), message: "m"), "autoApprove"),
            (PutAccessPolicyRequest(message: "   "), "message"),
        ]
        for (request, field) in bad {
            do {
                _ = try await setPolicy(env, request)
                Issue.record("accepted \(request)")
            } catch let error as LanyardError {
                #expect(error.field == field, "\(error.message)")
            }
        }
        let stored = try await env.decisions.accessPolicies.read(tenant: "default", by: env.platformAdmin)
        #expect(stored == .builtIn)
        #expect(try await env.events().contains { $0.action == "access_policy.set" } == false)
        let auditor = try await env.person("audrey", role: "auditor")
        guard case .administrator(let principal) = auditor else { return }
        await #expect(throws: LanyardError(.forbidden, "")) {
            _ = try await env.decisions.accessPolicies.replace(PutAccessPolicyRequest(message: "mine now"), tenant: "default", by: principal)
        }
        #expect(try await env.decisions.accessPolicies.read(tenant: "default", by: principal).version == 0)
    }

    @Test("an owner approves an ordinary request for an identity it owns, never another's, and lists only its own", arguments: TestDatabases.engines)
    func ownersApprove(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let mine = try await TestWorkload.register(env, "alice-agent", owner: "alice").identity
        let theirs = try await TestWorkload.register(env, "bob-agent", owner: "bob").identity
        let alice = try await env.person("alice", role: "owner")
        let requests = env.decisions.accessRequests
        let asked = try await env.askAccess(.workload(identity: mine.id))
        let other = try await env.askAccess(.workload(identity: theirs.id))

        let listed = try await requests.page(tenant: "default", filter: AccessRequestFilter(), page: PageRequest(limit: 50), caller: alice)
        #expect(listed.items.map(\.id) == [asked.id])
        await #expect(throws: LanyardError(.forbidden, "")) { _ = try await requests.find(other.id, tenant: "default", caller: alice) }
        await #expect(throws: LanyardError(.forbidden, "")) {
            _ = try await requests.approve(other.id, reason: "looks fine", tenant: "default", caller: alice)
        }
        let approved = try await requests.approve(asked.id, reason: "my agent's nightly job", tenant: "default", caller: alice)
        #expect(approved.status == .active && approved.approvals.map(\.by) == ["user:alice"])
        let refusals = try await env.events().filter { $0.action == "access_request.refuse" && $0.target == "access_request:\(other.id)" }
        #expect(refusals.count == 1 && refusals.first?.actor == "user:alice")
    }

    @Test("a tenant's admin policy decides who approves which tier; the refusal is audited")
    func tenantRestrictsApprovers() async throws {
        let env = try await TestEnvironment.make()
        let agent = try await TestWorkload.register(env, "writer").identity
        _ = try await env.tenancy.adminAuthorizer().push(
            PushAdminPoliciesRequest(
                policies: """
                    @id("writes-need-security")
                    forbid (principal, action == Lanyard::Admin::Action::"access_request.approve", resource)
                    when { context has tier && context.tier == "data-write" && principal.role != "security-reviewer" };
                    """,
                message: "writes are approved by security"),
            tenant: "default", by: env.platformAdmin)
        let requests = env.decisions.accessRequests
        let write = try await env.askAccess(.workload(identity: agent.id), tier: "data-write")
        let read = try await env.askAccess(.workload(identity: agent.id), tier: "data-read")
        let carol = try await env.person("carol")
        await #expect(throws: LanyardError(.forbidden, "")) {
            _ = try await requests.approve(write.id, reason: "fine", tenant: "default", caller: carol)
        }
        #expect(try await requests.approve(read.id, reason: "fine", tenant: "default", caller: carol).status == .active)
        let refusal = try #require(try await env.events().first { $0.action == "access_request.refuse" && $0.target == "access_request:\(write.id)" })
        #expect(refusal.details["reason"]?.contains("writes-need-security") == true)
        #expect(try await requests.find(write.id, tenant: "default", caller: carol).status == .requested, "the refusal changed nothing")
    }

    @Test("the report: requests by status, approval latency, the share auto-approved and the share of grants that expired unused")
    func report() async throws {
        let env = try await TestEnvironment.make()
        let agent = try await TestWorkload.register(env, "sales-agent").identity
        let requests = env.decisions.accessRequests
        let start = env.clock.now()
        _ = try await setPolicy(env, PutAccessPolicyRequest(autoApprove: Self.shortReads, message: "short reads need no human"))
        _ = try await env.askAccess(.workload(identity: agent.id))  // approved by policy at once
        var latencies: [Double] = []
        for minutes in [2.0, 4.0, 10.0] {
            let asked = try await env.askAccess(.workload(identity: agent.id), duration: "1h")
            env.clock.advance(seconds: minutes * 60)
            _ = try await requests.approve(asked.id, reason: "ok", tenant: "default", caller: try await env.person("bob"))
            latencies.append(minutes * 60)
        }
        let denied = try await env.askAccess(.workload(identity: agent.id), duration: "1h")
        _ = try await requests.deny(denied.id, reason: "no", tenant: "default", caller: try await env.person("bob"))
        env.clock.advance(seconds: 2 * 3600)  // every grant expired; none was used
        guard case .administrator(let auditor) = try await env.person("audrey", role: "auditor") else { return }
        let report = try await requests.report(tenant: "default", since: nil, until: nil, by: auditor)
        #expect(report.requests == ["active": 4, "denied": 1])
        #expect(report.approved == 4 && report.autoApproved == 1 && report.autoApprovedShare == 0.25)
        #expect(report.approvalLatencyP50 == 240 && report.approvalLatencyP95 == 600)
        #expect(report.grantsEnded == 4 && report.grantsExpiredUnused == 4 && report.expiredUnusedShare == 1)
        await #expect(throws: LanyardError(.invalidField, "")) {
            _ = try await requests.report(tenant: "default", since: env.clock.now(), until: start, by: auditor)
        }
    }
}
