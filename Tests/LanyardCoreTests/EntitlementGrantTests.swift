import Foundation
import LanyardAPI
import LanyardCredentials
import LanyardModel
import LanyardStorage
import LanyardTesting
import Logging
import Testing

@testable import LanyardCore

@Suite("Entitlements: granted access the decision point honours until it ends — expiry, revocation, one use, its task")
struct EntitlementGrantTests {
    let urls = IssuerURLs(issuer: "https://lanyard.test/t/default")

    func allowed(_ env: TestEnvironment, _ identity: String, _ action: String, _ resource: String, context: String = "{}") async throws -> (Bool, [String]) {
        let body =
            #"{"subject":{"type":"Lanyard::Identity","id":"\#(identity)"},"action":{"name":"\#(action)"},"resource":{"type":"Lanyard::Dataset","id":"\#(resource)"},"context":\#(context)}"#
        let answer = try await env.decisions.decisionPoint.evaluation(
            AccessEvaluationRequest(json: JSONBody.object(body)), tenant: "default", urls: urls, by: env.platformAdmin)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.json.compactText.utf8)) as? [String: Any])
        let policies = (json["context"] as? [String: Any])?["policies"] as? [String] ?? []
        return (json["decision"] as? Bool == true, policies)
    }

    func grant(
        _ env: TestEnvironment, _ principal: String, resource: String = #"Lanyard::Dataset::"sales""#, duration: String = "10m",
        task: String? = nil, singleUse: Bool? = nil, scopes: [String]? = nil, tier: String = "data-read"
    ) async throws -> Entitlement {
        try await env.decisions.entitlements.grant(
            GrantEntitlementRequest(
                principal: principal, tier: tier, resource: resource, scopes: scopes, duration: duration, reason: "quarterly report",
                task: task, singleUse: singleUse),
            tenant: "default", by: env.platformAdmin)
    }

    @Test("allowed exactly on its resource and actions, until its expiry; then the sweeper records it expired", arguments: TestDatabases.engines)
    func expiry(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let agent = try await TestWorkload.register(env, "report-agent").identity
        #expect(try await allowed(env, agent.id, "read", "sales").0 == false, "nothing is allowed before the grant")
        let granted = try await grant(env, agent.name)
        #expect(granted.principal == #"Lanyard::Identity::"\#(agent.id)""# && granted.actions == ["read"])
        #expect(granted.expiresAt == env.clock.now().addingTimeInterval(600))
        let (yes, policies) = try await allowed(env, agent.id, "read", "sales")
        #expect(yes && policies == ["entitlement:\(granted.id)"])
        #expect(try await allowed(env, agent.id, "write", "sales").0 == false, "only its actions")
        #expect(try await allowed(env, agent.id, "read", "hr").0 == false, "only its resource")
        let other = try await TestWorkload.register(env, "other-agent").identity
        #expect(try await allowed(env, other.id, "read", "sales").0 == false, "only its principal")
        // A guardrail still forbids: a prototype identity may not touch production data, entitlement or not.
        #expect(try await allowed(env, agent.id, "read", "sales", context: #"{"environment":"production"}"#).0 == false)

        env.clock.advance(seconds: 600)
        #expect(try await allowed(env, agent.id, "read", "sales").0 == false, "it stops by itself at its expiry, before any sweep")
        let sweeper = ExpirySweeper(store: env.store, audit: env.audit, clock: env.clock, interval: .seconds(1), logger: Logger(label: "test"))
        #expect(try await sweeper.endExpiredEntitlements() == 1)
        #expect(try await sweeper.endExpiredEntitlements() == 0)
        let ended = try await env.decisions.entitlements.find(granted.id, tenant: "default", by: env.platformAdmin)
        #expect(ended.status == .expired && ended.endedBy == "system:sweeper")
        let events = try await env.events().filter { $0.target == "entitlement:\(granted.id)" }.map(\.action)
        #expect(events == ["entitlement.grant", "entitlement.end"])
    }

    @Test("revocation ends it at once; single use allows one decision; a task's end ends the grant bound to it", arguments: TestDatabases.engines)
    func ends(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let agent = try await TestWorkload.register(env, "ends-agent").identity
        let revocable = try await grant(env, agent.id)
        #expect(try await allowed(env, agent.id, "read", "sales").0)
        let revoked = try await env.decisions.entitlements.revoke(revocable.id, reason: "done early", tenant: "default", by: env.platformAdmin)
        #expect(revoked.status == .revoked && revoked.endReason == "done early")
        #expect(try await allowed(env, agent.id, "read", "sales").0 == false)
        await #expect(throws: LanyardError(.invalidState, "")) {
            _ = try await env.decisions.entitlements.revoke(revocable.id, reason: "again", tenant: "default", by: env.platformAdmin)
        }

        let once = try await grant(env, agent.id, resource: #"Lanyard::Dataset::"hr""#, singleUse: true)
        #expect(try await allowed(env, agent.id, "read", "hr").0)
        #expect(try await allowed(env, agent.id, "read", "hr").0 == false, "one decision only")
        #expect(try await env.decisions.entitlements.find(once.id, tenant: "default", by: env.platformAdmin).status == .used)

        let task = try await env.credentials.tasks.openTask(
            OpenTaskRequest(intent: "export the ledger", identity: agent.id), tenant: "default", caller: .administrator(env.platformAdmin))
        let bound = try await grant(env, agent.id, resource: #"Lanyard::Dataset::"ledger""#, duration: "8h", task: task.id)
        #expect(bound.expiresAt == task.expiresAt, "never longer than its task")
        #expect(try await allowed(env, agent.id, "read", "ledger").0)
        _ = try await env.credentials.tasks.endTask(task.id, tenant: "default", caller: .administrator(env.platformAdmin))
        #expect(try await allowed(env, agent.id, "read", "ledger").0 == false)
        #expect(try await env.decisions.entitlements.find(bound.id, tenant: "default", by: env.platformAdmin).status == .ended)
    }

    @Test("an approval scope is issued only while an entitlement unlocks it, never past it, and its tokens die with it")
    func scopes() async throws {
        let env = try await TestEnvironment.make()
        _ = try await env.templates.create(
            CreateTemplateRequest(name: "releaser", defaultTTL: "7d", maxTTL: "30d", allowedScopes: ["read", "deploy"], approvalScopes: ["deploy"]),
            tenant: "default", by: env.platformAdmin)
        let workload = try await TestWorkload.register(env, "release-bot", template: "releaser")
        func issue(_ scope: String) async throws -> TokenResponse {
            try await env.credentials.tokenEndpoint.issue(try await workload.tokenRequest(env, urls: urls, scope: scope), tenant: "default", urls: urls)
        }
        await #expect(throws: OAuthError(.invalidScope, "")) { _ = try await issue("deploy") }
        let unlocking = try await grant(
            env, workload.identity.id, resource: #"Lanyard::Environment::"prod""#, duration: "5m", scopes: ["deploy"], tier: "deploy")
        let deploy = try await issue("read deploy")
        #expect(deploy.expiresIn == 300, "the token lives no longer than the entitlement (template default 10m)")
        let read = try await issue("read").accessToken
        _ = try await env.decisions.entitlements.revoke(unlocking.id, reason: "release done", tenant: "default", by: env.platformAdmin)
        #expect(await env.credentials.tokens.introspect(deploy.accessToken, tenant: "default", urls: urls).active == false)
        #expect(await env.credentials.tokens.introspect(read, tenant: "default", urls: urls).active, "tokens without the scope stay")
        await #expect(throws: OAuthError(.invalidScope, "")) { _ = try await issue("deploy") }
        await #expect(throws: LanyardError(.invalidField, "")) {
            _ = try await grant(env, workload.identity.id, scopes: ["read"], tier: "deploy")
        }
    }

    @Test("bad grants are refused with a clear error and change nothing")
    func badInput() async throws {
        let env = try await TestEnvironment.make()
        let agent = try await TestWorkload.register(env, "bad-input-agent").identity
        let before = try await env.events().count
        let cases: [(GrantEntitlementRequest, LanyardError.Code)] = [
            (GrantEntitlementRequest(principal: agent.id, tier: "root", resource: #"A::"b""#, duration: "1h", reason: "r"), .invalidField),
            (GrantEntitlementRequest(principal: agent.id, tier: "deploy", resource: #"A::"b""#, duration: "91d", reason: "r"), .invalidField),
            (GrantEntitlementRequest(principal: agent.id, tier: "deploy", resource: #"A::"b""#, duration: "-5m", reason: "r"), .invalidField),
            (GrantEntitlementRequest(principal: agent.id, tier: "deploy", resource: #"A::"b""#, duration: "1h", reason: "  "), .invalidField),
            (GrantEntitlementRequest(principal: agent.id, tier: "deploy", resource: "not a reference", duration: "1h", reason: "r"), .invalidField),
            (GrantEntitlementRequest(principal: agent.id, tier: "deploy", resource: #"Action::"x""#, duration: "1h", reason: "r"), .invalidField),
            (
                GrantEntitlementRequest(
                    principal: agent.id, tier: "deploy", resource: #"A::"b""#, duration: "1h", reason: String(repeating: "x", count: 1_000_000)),
                .invalidField
            ),
            (GrantEntitlementRequest(principal: "idn_nobody", tier: "deploy", resource: #"A::"b""#, duration: "1h", reason: "r"), .notFound),
            (
                GrantEntitlementRequest(principal: agent.id, tier: "deploy", resource: #"Lanyard::Identity::"idn_elsewhere""#, duration: "1h", reason: "r"),
                .notFound
            ),
            (GrantEntitlementRequest(principal: agent.id, tier: "deploy", resource: #"A::"b""#, duration: "1h", reason: "r", task: "tsk_x"), .notFound),
            (
                GrantEntitlementRequest(principal: #"Team::"ml""#, tier: "deploy", resource: #"A::"b""#, scopes: ["read"], duration: "1h", reason: "r"),
                .invalidField
            ),
        ]
        for (request, code) in cases {
            await #expect(throws: LanyardError(code, "")) { _ = try await env.decisions.entitlements.grant(request, tenant: "default", by: env.platformAdmin) }
        }
        #expect(try await env.events().count == before, "nothing was recorded")
        #expect(try await env.store.read { try await $0.entitlements(tenant: "default", filter: EntitlementFilter(), after: nil, limit: nil) }.isEmpty)
    }
}
