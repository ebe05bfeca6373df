import Foundation
import LanyardCore
import LanyardAPI
import LanyardModel
import LanyardTesting
import Testing

/// The decision point and policy store as use cases: the AuthZEN mapping, batches, inventory-backed identities,
/// validation that changes nothing, and the decision log.
@Suite("Decision point and policy store")
struct DecisionPointTests {
    static let urls = IssuerURLs(issuer: "https://lanyard.example/t/default")

    static func decide(_ env: TestEnvironment, _ body: String, principal: Principal? = nil) async throws -> [String: Any] {
        let answer = try await env.decisions.decisionPoint.evaluation(
            AccessEvaluationRequest(json: JSONBody.object(body)), tenant: "default", urls: urls, by: principal ?? env.platformAdmin)
        return try #require(try JSONSerialization.jsonObject(with: Data(answer.body.json.compactText.utf8)) as? [String: Any])
    }

    static func push(_ env: TestEnvironment, policies: String? = nil, schema: String? = nil) async throws -> PolicyVersion {
        try await env.decisions.administration.push(
            PushPoliciesRequest(policies: policies, schema: schema, message: "test"), tenant: "default", by: env.platformAdmin)
    }

    @Test("properties reach Cedar as context.subject/resource/action; entity data as attributes and parents")
    func mapping() async throws {
        let env = try await TestEnvironment.make()
        _ = try await Self.push(
            env,
            policies: """
                @id("owner-writes")
                permit (principal in role::"editor", action == Action::"write", resource)
                when { context.resource.owner == principal.email && context.action.soft == true && context.subject.mfa };
                """)
        _ = try await env.decisions.administration.importEntities(
            json: #"[{"uid":{"type":"user","id":"u1"},"attrs":{"email":"a@x"},"parents":[{"type":"role","id":"editor"}]}]"#, replace: true,
            tenant: "default", by: env.platformAdmin)
        let allowed = try await Self.decide(
            env,
            #"{"subject":{"type":"user","id":"u1","properties":{"mfa":true}},"action":{"name":"write","properties":{"soft":true}},"resource":{"type":"todo","id":"t","properties":{"owner":"a@x"}}}"#
        )
        #expect(allowed["decision"] as? Bool == true)
        #expect((allowed["context"] as? [String: Any])?["policies"] as? [String] == ["owner-writes"])
        let denied = try await Self.decide(
            env,
            #"{"subject":{"type":"user","id":"u1","properties":{"mfa":true}},"action":{"name":"write","properties":{"soft":true}},"resource":{"type":"todo","id":"t","properties":{"owner":"b@x"}}}"#
        )
        #expect(denied["decision"] as? Bool == false)
        await #expect(throws: LanyardError(.invalidRequest, "")) {
            _ = try await Self.decide(
                env, #"{"subject":{"type":"user","id":"u1"},"action":{"name":"write"},"resource":{"type":"todo","id":"t"},"# + #""context":{"subject":{}}}"#)
        }
        await #expect(throws: LanyardError(.invalidRequest, "")) {
            _ = try await Self.decide(env, #"{"subject":{"type":"not a type","id":"u1"},"action":{"name":"write"},"resource":{"type":"todo","id":"t"}}"#)
        }
    }

    @Test("the bare decision the ceiling routes measure against decides as the evaluation endpoint does")
    func bareDecision() async throws {
        let env = try await TestEnvironment.make()
        let version = try await Self.push(
            env,
            policies: """
                @id("editors")
                permit (principal in role::"editor", action == Action::"write", resource) when { context.resource.owner == principal.email };
                """)
        _ = try await env.decisions.administration.importEntities(
            json: #"[{"uid":{"type":"user","id":"u1"},"attrs":{"email":"a@x"},"parents":[{"type":"role","id":"editor"}]}]"#, replace: true,
            tenant: "default", by: env.platformAdmin)
        for owner in ["a@x", "b@x"] {
            let body =
                #"{"subject":{"type":"user","id":"u1"},"action":{"name":"write"},"#
                + #""resource":{"type":"todo","id":"t","properties":{"owner":"\#(owner)"}}}"#
            let real = try await Self.decide(env, body)
            let bare = try await env.decisions.decisionPoint.bareDecision(AccessEvaluationRequest(json: JSONBody.object(body)), tenant: "default")
            #expect(bare.allowed == (real["decision"] as? Bool))
            #expect(bare.allowed == (owner == "a@x"))
            #expect(bare.policies == (bare.allowed ? ["editors"] : []))
            #expect(bare.principal == #"user::"u1""#)
            #expect(bare.policyVersion == version.version)
        }
        await #expect(throws: LanyardError(.invalidRequest, "")) {
            _ = try await env.decisions.decisionPoint.bareDecision(
                AccessEvaluationRequest(json: JSONBody.object(#"{"subject":{"type":"user","id":"u1"},"action":{"name":"write"}}"#)), tenant: "default")
        }
    }

    @Test("without a schema, Lanyard's vocabulary is typed: sourceIp is an ipaddr, now a datetime; malformed is refused")
    func vocabulary() async throws {
        let env = try await TestEnvironment.make()
        _ = try await Self.push(
            env,
            policies: """
                permit (principal, action, resource)
                when { context.sourceIp.isInRange(ip("10.0.0.0/8")) && context.now < datetime("2030-01-01") };
                """)
        func body(_ ip: String, _ now: String) -> String {
            #"{"subject":{"type":"user","id":"u"},"action":{"name":"read"},"resource":{"type":"doc","id":"d"},"#
                + #""context":{"sourceIp":"\#(ip)","now":"\#(now)"}}"#
        }
        #expect(try await Self.decide(env, body("10.1.2.3", "2026-11-22T10:00:00Z"))["decision"] as? Bool == true)
        #expect(try await Self.decide(env, body("192.168.1.1", "2026-11-22T10:00:00Z"))["decision"] as? Bool == false)
        #expect(try await Self.decide(env, body("10.1.2.3", "2031-01-01T00:00:00Z"))["decision"] as? Bool == false)
        await #expect(throws: LanyardError(.invalidRequest, "")) { _ = try await Self.decide(env, body("not-an-ip", "2026-11-22T10:00:00Z")) }
    }

    @Test("template links grant and are versioned; a link to a missing template changes nothing")
    func links() async throws {
        let env = try await TestEnvironment.make()
        let admin = env.decisions.administration
        _ = try await Self.push(env, policies: #"@id("grant-read") permit (principal == ?principal, action == Action::"read", resource == ?resource);"#)
        let body = #"{"subject":{"type":"user","id":"ann"},"action":{"name":"read"},"resource":{"type":"doc","id":"d1"}}"#
        #expect(try await Self.decide(env, body)["decision"] as? Bool == false)
        let link = PolicyLink(
            id: "ann-reads-d1", template: "grant-read", principal: EntityReference(type: "user", id: "ann"),
            resource: EntityReference(type: "doc", id: "d1"))
        let linked = try await admin.addLink(link, message: "entitlement", tenant: "default", by: env.platformAdmin)
        #expect(linked.links == [link])
        let allowed = try await Self.decide(env, body)
        #expect((allowed["context"] as? [String: Any])?["policies"] as? [String] == ["ann-reads-d1"])
        await #expect(throws: LanyardError(.invalidField, "")) {
            _ = try await admin.addLink(
                PolicyLink(id: "x", template: "missing", principal: nil, resource: nil), message: "bad", tenant: "default", by: env.platformAdmin)
        }
        await #expect(throws: LanyardError(.invalidField, "")) {
            _ = try await admin.addLink(link, message: "twice", tenant: "default", by: env.platformAdmin)
        }
        let unlinked = try await admin.removeLink("ann-reads-d1", message: nil, tenant: "default", by: env.platformAdmin)
        #expect(unlinked.links.isEmpty)
        #expect(try await Self.decide(env, body)["decision"] as? Bool == false)
        _ = try await admin.rollback(to: linked.version, message: nil, tenant: "default", by: env.platformAdmin)
        #expect(try await Self.decide(env, body)["decision"] as? Bool == true)
    }

    @Test("an integer beyond 2^53 in the context reaches Cedar exactly, and is logged as sent")
    func exactIntegers() async throws {
        let env = try await TestEnvironment.make()
        _ = try await Self.push(env, policies: #"permit (principal, action, resource) when { context.n == 9007199254740993 };"#)
        func body(_ n: String) -> String {
            #"{"subject":{"type":"user","id":"u"},"action":{"name":"read"},"resource":{"type":"doc","id":"d"},"context":{"n":\#(n)}}"#
        }
        #expect(try await Self.decide(env, body("9007199254740993"))["decision"] as? Bool == true)
        #expect(try await Self.decide(env, body("9007199254740992"))["decision"] as? Bool == false)
        let logged = try await env.events().filter { $0.action == "authz.evaluation" }.compactMap { $0.details["records"] }
        #expect(logged.first?.contains(#""context":{"n":9007199254740993}"#) == true)
    }

    @Test("batches: defaults replaced per item, item errors answer false, semantics stop early")
    func batches() async throws {
        let env = try await TestEnvironment.make()
        _ = try await Self.push(env, policies: #"permit (principal == user::"alice", action == Action::"read", resource);"#)
        func run(_ body: String) async throws -> [Bool] {
            let answer = try await env.decisions.decisionPoint.evaluations(
                AccessEvaluationsRequest(json: JSONBody.object(body)), tenant: "default", urls: Self.urls, by: env.platformAdmin)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.json.compactText.utf8)) as? [String: Any])
            return (object["evaluations"] as? [[String: Any]] ?? []).compactMap { $0["decision"] as? Bool }
        }
        let defaults = #""subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"d"}"#
        #expect(try await run("{\(defaults),\"evaluations\":[{},{\"subject\":{\"type\":\"user\",\"id\":\"bob\"}},{}]}") == [true, false, true])
        #expect(
            try await run(
                "{\(defaults),\"options\":{\"evaluations_semantic\":\"deny_on_first_deny\"},"
                    + "\"evaluations\":[{},{\"subject\":{\"type\":\"user\",\"id\":\"bob\"}},{}]}")
                == [true, false])
        #expect(
            try await run("{\(defaults),\"options\":{\"evaluations_semantic\":\"permit_on_first_permit\"},\"evaluations\":[{},{},{}]}") == [true])
        #expect(
            try await run(#"{"action":{"name":"read"},"resource":{"type":"doc","id":"d"},"evaluations":[{"subject":{"type":"user","id":"alice"}},{}]}"#)
                == [true, false])
    }

    @Test("a Lanyard identity's attributes come from the inventory; owner deactivation and suspension apply at once")
    func inventoryIdentity() async throws {
        let env = try await TestEnvironment.make()
        _ = try await Self.push(env, policies: "permit (principal, action, resource);")
        let bot = try await env.inventory.register(
            RegisterIdentityRequest(name: "bot", kind: "agent", owner: "alice", purpose: "triage", environment: "production"), tenant: "default",
            by: env.platformAdmin)
        let body =
            #"{"subject":{"type":"Lanyard::Identity","id":"bot","properties":{"ownerActive":true}},"#
            + #""action":{"name":"read"},"resource":{"type":"doc","id":"d"}}"#
        #expect(try await Self.decide(env, body)["decision"] as? Bool == true)
        _ = try await env.decisions.administration.setOwner("alice", active: false, reason: "left", tenant: "default", by: env.platformAdmin)
        let denied = try await Self.decide(env, body)
        #expect(denied["decision"] as? Bool == false)
        // The owner's departure also orphans the identity (the leaver cascade): both guardrails deny.
        #expect(
            (denied["context"] as? [String: Any])?["policies"] as? [String] == [
                "lanyard-guardrail-identity-not-active", "lanyard-guardrail-owner-inactive",
            ])
        _ = try await env.decisions.administration.setOwner("alice", active: true, reason: nil, tenant: "default", by: env.platformAdmin)
        let stillOrphaned = try await Self.decide(env, body)
        #expect((stillOrphaned["context"] as? [String: Any])?["policies"] as? [String] == ["lanyard-guardrail-identity-not-active"])
        _ = try await env.inventory.transfer(bot.id, to: "alice", reason: "back from leave", tenant: "default", by: env.platformAdmin)
        #expect(try await Self.decide(env, body)["decision"] as? Bool == true)
        _ = try await env.inventory.suspend(bot.id, reason: "incident", tenant: "default", by: env.platformAdmin)
        let suspended = try await Self.decide(env, body)
        #expect((suspended["context"] as? [String: Any])?["policies"] as? [String] == ["lanyard-guardrail-identity-not-active"])
        let unknown = try await Self.decide(env, body.replacingOccurrences(of: "\"bot\"", with: "\"nobody\""))
        #expect(unknown["decision"] as? Bool == false)
        await #expect(throws: LanyardError(.invalidField, "")) {
            _ = try await env.decisions.administration.importEntities(
                json: #"[{"uid":{"type":"Lanyard::Identity","id":"\#(bot.id)"},"attrs":{"ownerActive":true},"parents":[]}]"#, replace: true,
                tenant: "default", by: env.platformAdmin)
        }
    }

    @Test("a version that does not validate is refused and changes nothing")
    func refusedPush() async throws {
        let env = try await TestEnvironment.make()
        let first = try await Self.push(env, policies: #"@id("a") permit (principal, action == Action::"read", resource);"#)
        #expect(first.version == 1)
        let events = try await env.events().count
        for bad in ["permit (principal, action, resource", #"@id("a") permit (principal, action, resource); @id("a") forbid (principal, action, resource);"#] {
            await #expect(throws: LanyardError(.invalidField, "")) { _ = try await Self.push(env, policies: bad) }
        }
        await #expect(throws: LanyardError(.invalidField, "")) {
            _ = try await Self.push(env, schema: "entity User; action write appliesTo { principal: [User], resource: [User] };")
        }
        let current = try await env.decisions.administration.current(tenant: "default", by: env.platformAdmin)
        #expect(current.version == 1)
        #expect(current.policies == first.policies)
        #expect(try await env.events().count == events)
        let rolled = try await env.decisions.administration.rollback(to: 0, message: nil, tenant: "default", by: env.platformAdmin)
        #expect(rolled.version == 2)
        #expect(rolled.policies.isEmpty)
    }

    @Test("a tenant schema may use basenames Lanyard uses (Group, Tool); Lanyard's types of those names give way")
    func schemaBasenames() async throws {
        let env = try await TestEnvironment.make()
        let version = try await Self.push(
            env, policies: #"permit (principal in Group::"g", action == Action::"use", resource is Tool);"#,
            schema: "entity Group; entity User in [Group]; entity Tool; action use appliesTo { principal: [User], resource: [Tool] };")
        #expect(version.schema != nil)
        await #expect(throws: LanyardError(.invalidField, "")) {
            _ = try await Self.push(env, schema: "namespace Lanyard { entity Thing; }")
        }
    }

    @Test("every answered request is in the audit log with its decisions; PEP tokens only decide")
    func logged() async throws {
        let env = try await TestEnvironment.make()
        _ = try await Self.push(env, policies: #"permit (principal == user::"alice", action, resource);"#)
        let pep = try await env.tenancy.createPEPToken(name: "gateway", tenant: "default", by: env.platformAdmin)
        let principal = try await env.tenancy.authenticate(bearer: pep.token)
        #expect(principal.role == .pep)
        let single = #"{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"d"}}"#
        let answer = try await Self.decide(env, single, principal: principal)
        #expect(answer["decision"] as? Bool == true)
        #expect((answer["context"] as? [String: Any])?["annotations"] == nil)
        _ = try await env.decisions.decisionPoint.evaluations(
            AccessEvaluationsRequest(
                json: JSONBody.object(
                    #"{"action":{"name":"read"},"resource":{"type":"doc","id":"d"},"evaluations":[{"subject":{"type":"user","id":"alice"}},{"subject":{"type":"user","id":"bob"}}]}"#
                )),
            tenant: "default", urls: Self.urls, by: principal)
        let decisions = try await env.events().filter { $0.action.hasPrefix("authz.") }
        #expect(decisions.map(\.action) == ["authz.evaluation", "authz.evaluations"])
        #expect(decisions.compactMap { $0.details["decisions"] }.compactMap(Int.init).reduce(0, +) == 3)
        #expect(decisions.allSatisfy { $0.actor == principal.actor && $0.details["policyVersion"] == "1" })
        await #expect(throws: LanyardError(.forbidden, "")) {
            _ = try await env.decisions.administration.current(tenant: "default", by: principal)
        }
        await #expect(throws: LanyardError(.forbidden, "")) {
            _ = try await env.inventory.list(tenant: "default", filter: IdentityFilter(), by: principal)
        }
    }
}
