import Foundation
import LanyardAPI
import LanyardAudit
@testable import LanyardCore
import LanyardModel
import LanyardStorage
import LanyardTesting
import Logging
import Testing

/// The detector over a real store, on both engines: raising with evidence, resolving when the cause goes, one finding
/// per subject however often it is seen, suppression falling due, and the audit-log detectors over real decisions.
@Suite("Finding detection: rules and audit-log detectors, reconciled into findings")
struct FindingDetectorTests {
    static let day: TimeInterval = 86_400

    func detector(_ env: TestEnvironment) -> FindingDetector {
        FindingDetector(store: env.store, audit: env.audit, clock: env.clock, random: SeededRandom(seed: 19), logger: Logger(label: "test"))
    }

    func register(_ env: TestEnvironment, _ name: String, expiresIn: String = "30d", environment: String? = "sandbox", destinations: [String]? = nil)
        async throws -> Identity
    {
        try await env.inventory.register(
            RegisterIdentityRequest(
                name: name, kind: "agent", owner: "alice", purpose: "triage tickets", environment: environment, expiresIn: expiresIn,
                dataClass: "internal", allowedDestinations: destinations),
            tenant: "default", by: env.platformAdmin)
    }

    func unresolved(_ env: TestEnvironment, _ kind: FindingKind) async throws -> [Finding] {
        try await env.store.read { try await $0.unresolvedFindings(tenant: "default", kinds: [kind]) }
    }

    /// Asks the decision point about `identity` with `context`, as an enforcement point would.
    func decide(_ env: TestEnvironment, _ identity: String, _ context: String) async throws {
        let body =
            #"{"subject":{"type":"Lanyard::Identity","id":"\#(identity)"},"action":{"name":"read"},"resource":{"type":"Ticket","id":"t1"},"context":\#(context)}"#
        _ = try await env.decisions.decisionPoint.evaluation(
            AccessEvaluationRequest(json: JSONValue.parse(body)), tenant: "default", urls: IssuerURLs(issuer: "https://lanyard.test/t/default"),
            by: env.platformAdmin)
    }

    @Test("a rule's finding carries its raise event as evidence and resolves when the cause goes", arguments: TestDatabases.engines)
    func raiseAndResolve(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let detector = detector(env)
        let soon = try await register(env, "soon", expiresIn: "3d")
        _ = try await register(env, "later", expiresIn: "30d")
        let first = try await detector.evaluate(tenant: "default")
        #expect(first.raised == 1)
        let finding = try #require(try await unresolved(env, .expiringUndecided).first)
        #expect(finding.identity == soon.id && finding.owner == "alice" && finding.subject == "identity:\(soon.id)")
        let raise = try #require(finding.evidence.first { $0.action == "finding.raise" })
        let event = try #require(try await env.events().first { $0.sequence == raise.seq })
        #expect(event.details["finding"] == finding.id && event.actor == FindingReconciler.actor && event.target == finding.subject)
        #expect(try await detector.evaluate(tenant: "default").raised == 0, "seen again: still one finding")

        _ = try await env.inventory.extend(soon.id, by: "30d", tenant: "default", by: env.platformAdmin)
        env.clock.advance(seconds: 5)
        let second = try await detector.evaluate(tenant: "default")
        #expect(second.resolved == 1 && second.unresolved == 0)
        let resolved = try #require(try await env.store.read { try await $0.finding(tenant: "default", id: finding.id) })
        #expect(resolved.status == .resolved && resolved.resolution?.contains("no longer detects") == true)
        #expect(try await env.events().contains { $0.action == "finding.resolve" && $0.details["finding"] == finding.id })
    }

    @Test("a suppressed finding opens again when its date passes (finding.reopen)", arguments: TestDatabases.engines)
    func suppressionFallsDue(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let detector = detector(env)
        _ = try await register(env, "soon", expiresIn: "5d")
        _ = try await detector.evaluate(tenant: "default")
        let finding = try #require(try await unresolved(env, .expiringUndecided).first)
        let findings = Findings(store: env.store, audit: env.audit, clock: env.clock)
        let suppressed = try await findings.suppress(finding.id, reason: "renewal is booked", duration: "1h", tenant: "default", by: env.platformAdmin)
        #expect(suppressed.status == .suppressed)
        env.clock.advance(seconds: 1800)
        try await detector.runPass()
        #expect(try await unresolved(env, .expiringUndecided).first?.status == .suppressed, "not yet")
        env.clock.advance(seconds: 1801)
        try await detector.runPass()
        let reopened = try #require(try await unresolved(env, .expiringUndecided).first)
        #expect(reopened.id == finding.id && reopened.status == .open && reopened.suppressedUntil == nil)
        #expect(try await env.events().contains { $0.action == "finding.reopen" && $0.details["finding"] == finding.id })
    }

    @Test("decisions beyond the declaration raise one drift finding; later ones add evidence; a suspension resolves it", arguments: TestDatabases.engines)
    func driftFromDecisions(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let detector = detector(env)
        let agent = try await register(env, "triage", destinations: ["tickets.internal"])
        let other = try await register(env, "other", destinations: ["tickets.internal"])
        try await decide(env, agent.id, #"{"destination":"tickets.internal","environment":"sandbox","dataClass":"internal"}"#)
        try await decide(env, other.id, #"{"destination":"tickets.internal"}"#)
        _ = try await detector.evaluate(tenant: "default")
        #expect(try await unresolved(env, .drift).isEmpty, "within the declaration")

        try await decide(env, agent.id, #"{"destination":"crm.internal"}"#)
        try await decide(env, agent.id, #"{"environment":"production","dataClass":"regulated"}"#)
        _ = try await detector.evaluate(tenant: "default")
        let drift = try #require(try await unresolved(env, .drift).first)
        #expect(drift.identity == agent.id && drift.details["destinations"] == "crm.internal" && drift.details["environments"] == "production")
        #expect(drift.details["dataClasses"] == "regulated")
        let decisions = drift.evidence.filter { $0.action == "authz.evaluation" }
        #expect(decisions.count == 2)
        for item in decisions {
            let event = try #require(try await env.events().first { $0.sequence == item.seq })
            #expect(event.action == "authz.evaluation" && event.target.contains(agent.id))
        }

        try await decide(env, agent.id, #"{"destination":"payroll.internal"}"#)
        _ = try await detector.evaluate(tenant: "default")
        let grown = try #require(try await unresolved(env, .drift).first)
        #expect(grown.id == drift.id && grown.evidence.filter { $0.action == "authz.evaluation" }.count == 3, "one finding; more evidence")

        _ = try await env.inventory.suspend(agent.id, reason: "drifting", tenant: "default", by: env.platformAdmin)
        _ = try await detector.evaluate(tenant: "default")
        #expect(try await unresolved(env, .drift).isEmpty)
        #expect(try await env.store.read { try await $0.finding(tenant: "default", id: drift.id) }?.resolution?.contains("suspended") == true)
    }

    /// Decides one MCP call of `identity` and logs it as the gateway does (`mcp.call` with the decision's records).
    func mcpCall(_ env: TestEnvironment, _ identity: String, tool: String, dataClasses: [String] = []) async throws {
        let facts = MCPCallFacts(
            identity: identity, server: "crm", method: "tools/call", target: tool, argumentsDigest: "sha256:00", argumentDataClasses: dataClasses)
        let decision = try await env.decisions.decisionPoint.decide(mcp: facts, tenant: "default", urls: IssuerURLs(issuer: "https://lanyard.test/t/default"))
        var details = ["records": DecisionRecord.text(of: [decision.record]), "decision": decision.allowed ? "allow" : "deny"]
        if !dataClasses.isEmpty { details["argumentDataClasses"] = dataClasses.joined(separator: ",") }
        let event = AuditEvent(
            tenant: "default", at: env.clock.now(), actor: "identity:\(identity)", action: .mcpCall, target: "mcp:crm/\(tool)", details: details)
        try await env.store.write { try await env.audit.record(event, in: $0) }
    }

    @Test("MCP calls its policies refuse, or whose arguments carry data above its class, are drift", arguments: TestDatabases.engines)
    func driftFromMCPCalls(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        let detector = detector(env)
        let agent = try await register(env, "mcp-agent")
        let administration = env.decisions.administration
        let current = try await administration.current(tenant: "default", by: env.platformAdmin)
        _ = try await administration.push(
            PushPoliciesRequest(
                policies: current.policies
                    + #"@id("read") permit (principal, action == Action::"tools/call", resource == Lanyard::McpTool::"crm/read_ticket");"#,
                message: "mcp"), tenant: "default", by: env.platformAdmin)
        try await mcpCall(env, agent.id, tool: "read_ticket")
        _ = try await detector.evaluate(tenant: "default")
        #expect(try await unresolved(env, .drift).isEmpty, "an allowed call with plain arguments")

        try await mcpCall(env, agent.id, tool: "delete_record")
        _ = try await detector.evaluate(tenant: "default")
        let drift = try #require(try await unresolved(env, .drift).first)
        #expect(drift.identity == agent.id && drift.details["mcpCalls"] == "crm/delete_record" && drift.details["dataClasses"] == nil)
        #expect(drift.summary.contains("MCP calls its policies do not allow: crm/delete_record"))
        #expect(drift.evidence.filter { $0.action == "mcp.call" }.count == 1)

        // Allowed, but carrying a card number: above the agent's `internal`.
        try await mcpCall(env, agent.id, tool: "read_ticket", dataClasses: ["payment_card"])
        _ = try await detector.evaluate(tenant: "default")
        let grown = try #require(try await unresolved(env, .drift).first)
        let calls = grown.evidence.filter { $0.action == "mcp.call" }
        #expect(grown.id == drift.id && calls.count == 2, "one finding; more evidence")
        #expect(calls.last?.note?.contains("arguments carrying payment_card (regulated) above its internal") == true, "\(calls)")
    }

    @Test("a remediation suspends through the inventory and resolves the finding; an owner of another's finding sees nothing")
    func remediation() async throws {
        let env = try await TestEnvironment.make()
        let agent = try await register(env, "triage", destinations: ["tickets.internal"])
        try await decide(env, agent.id, #"{"destination":"crm.internal"}"#)
        _ = try await detector(env).evaluate(tenant: "default")
        let drift = try #require(try await unresolved(env, .drift).first)
        let findings = Findings(store: env.store, audit: env.audit, clock: env.clock)
        let remedies = FindingRemedies(
            findings: findings, inventory: env.inventory, credentials: env.credentials.records, entitlements: env.decisions.entitlements,
            reviews: env.decisions.reviews)
        func owner(_ subject: String) async throws -> Principal {
            let made = try await env.tenancy.createAdminToken(
                CreateAdminTokenRequest(role: "owner", subject: subject), tenant: "default", by: env.platformAdmin)
            return try await env.tenancy.authenticate(bearer: made.token)
        }
        let mallory = try await owner("mallory")
        await #expect(throws: LanyardError.self) {
            _ = try await remedies.remediate(drift.id, RemediateFindingRequest(action: .suspend, reason: "not mine"), tenant: "default", by: mallory)
        }
        #expect(try await env.inventory.find(agent.id, tenant: "default", by: env.platformAdmin).status == .active, "the refusal changed nothing")
        let alice = try await owner("alice")
        let done = try await remedies.remediate(drift.id, RemediateFindingRequest(action: .suspend, reason: "drifting"), tenant: "default", by: alice)
        #expect(done.finding.status == .resolved && done.target == "identity:\(agent.id)")
        #expect(try await env.inventory.find(agent.id, tenant: "default", by: env.platformAdmin).status == .suspended)
        let actions = try await env.events().map(\.action)
        #expect(actions.suffix(2) == ["identity.suspend", "finding.remediate"])
        await #expect(throws: LanyardError.self) {
            _ = try await remedies.remediate(drift.id, RemediateFindingRequest(action: .suspend, reason: "again"), tenant: "default", by: alice)
        }
    }
}

/// The audit-log detectors on events made up for the purpose: each fires on its pattern and stays quiet otherwise.
@Suite struct AuditStreamDetectorTests {
    static let now = StoreConformance.now
    static let agent = StoreConformance.identity("agent")

    static var lookup: StreamLookup { StreamLookup(identity: { $0 == agent.id ? agent : nil }) { _, _ in [] } }

    static func issuance(_ sequence: Int64, seconds: TimeInterval, _ details: [String: String]) -> AuditEvent {
        var all = details
        all["identity"] = agent.id
        return AuditEvent(
            sequence: sequence, tenant: "t1", at: now.addingTimeInterval(seconds), actor: "identity:\(agent.id)", action: "credential.issue",
            target: "credential:jti\(sequence)", details: all)
    }

    static func decision(_ sequence: Int64, context: String) throws -> AuditEvent {
        let request = try AccessEvaluationRequest(
            json: JSONValue.parse(
                #"{"subject":{"type":"Lanyard::Identity","id":"agent"},"action":{"name":"read"},"resource":{"type":"T","id":"1"},"context":\#(context)}"#))
        let record = DecisionRecord.evaluation(DecisionRecord.Evaluation(request: request, principal: "Lanyard::Identity::\"\(agent.id)\"", decision: true))
        return AuditEvent(
            sequence: sequence, tenant: "t1", at: now, actor: "token:pep", action: "authz.evaluation", target: "Lanyard::Identity::\"\(agent.id)\"",
            details: ["records": DecisionRecord.text(of: [record])])
    }

    @Test("reuse: two external subjects, or three DPoP keys within ten minutes; not two keys, not keys an hour apart")
    func reuse() async throws {
        let detector = ReuseDetector()
        let subjects = [
            Self.issuance(1, seconds: 0, ["external_iss": "https://token.actions.githubusercontent.com", "external_sub": "repo:acme/app"]),
            Self.issuance(2, seconds: 60, ["external_iss": "https://token.actions.githubusercontent.com", "external_sub": "repo:evil/fork"]),
        ]
        let found = try await detector.detect(
            AuditBatch(events: subjects, decisionKeys: detector.decisionKeys), tenant: "t1", now: Self.now, lookup: Self.lookup)
        #expect(found.count == 1 && found.first?.evidence.map(\.seq) == [1, 2])
        let one = [
            subjects[0], Self.issuance(3, seconds: 90, ["external_iss": "https://token.actions.githubusercontent.com", "external_sub": "repo:acme/app"]),
        ]
        #expect(
            try await detector.detect(AuditBatch(events: one, decisionKeys: detector.decisionKeys), tenant: "t1", now: Self.now, lookup: Self.lookup).isEmpty)
        let threeKeys = (0..<3).map { Self.issuance(Int64(10 + $0), seconds: Double($0) * 60, ["jkt": "key\($0)"]) }
        #expect(
            try await detector.detect(AuditBatch(events: threeKeys, decisionKeys: detector.decisionKeys), tenant: "t1", now: Self.now, lookup: Self.lookup)
                .first?.details["keys"] == "3")
        #expect(
            try await detector.detect(
                AuditBatch(events: Array(threeKeys.prefix(2)), decisionKeys: detector.decisionKeys), tenant: "t1", now: Self.now, lookup: Self.lookup
            ).isEmpty, "a restart")
        let spread = (0..<3).map { Self.issuance(Int64(20 + $0), seconds: Double($0) * 3600, ["jkt": "key\($0)"]) }
        #expect(
            try await detector.detect(AuditBatch(events: spread, decisionKeys: detector.decisionKeys), tenant: "t1", now: Self.now, lookup: Self.lookup)
                .isEmpty, "rotations an hour apart")
    }

    @Test("human use: a person's sign-in or a browser; not a program's user agent")
    func humanUse() async throws {
        let detector = HumanUseDetector()
        let quiet = try [Self.decision(1, context: #"{"userAgent":"python-requests/2.31","signIn":"workload"}"#)]
        #expect(
            try await detector.detect(AuditBatch(events: quiet, decisionKeys: detector.decisionKeys), tenant: "t1", now: Self.now, lookup: Self.lookup).isEmpty)
        let loud = try [Self.decision(2, context: #"{"signIn":"human"}"#), Self.decision(3, context: #"{"userAgent":"Mozilla/5.0 Firefox/120.0"}"#)]
        let found = try await detector.detect(AuditBatch(events: loud, decisionKeys: detector.decisionKeys), tenant: "t1", now: Self.now, lookup: Self.lookup)
        #expect(found.count == 1 && found.first?.evidence.map(\.seq) == [2, 3])
    }

    @Test("drift ignores identities that declared no destinations, and decisions about other principals")
    func driftQuiet() async throws {
        var open = Self.agent
        open.allowedDestinations = []
        let lookup = StreamLookup(identity: { _ in open }) { _, _ in [] }
        let events = try [Self.decision(1, context: #"{"destination":"anywhere.internal","environment":"dev"}"#)]
        #expect(
            try await DriftDetector().detect(
                AuditBatch(events: events, decisionKeys: DriftDetector().decisionKeys), tenant: "t1", now: Self.now, lookup: lookup
            ).isEmpty)
    }

    @Test("a batch parses only the decisions about an identity that name a key some detector reads")
    func batchParsesOnlyWhatIsRead() throws {
        let named = try Self.decision(1, context: #"{"destination":"api.example.com"}"#)
        let unnamed = try Self.decision(2, context: #"{"ticket":"T-1"}"#)
        #expect(AuditBatch(events: [named, unnamed], decisionKeys: ["destination"]).decisions.map(\.sequence) == [1])
        #expect(AuditBatch(events: [named, unnamed], decisionKeys: ["ticket"]).decisions.map(\.sequence) == [2])
        #expect(AuditBatch(events: [named, unnamed], decisionKeys: []).decisions.isEmpty)
        #expect(DriftDetector().markers[AuditAction.authzEvaluation.rawValue] == ["Lanyard::Identity::"])
    }
}
