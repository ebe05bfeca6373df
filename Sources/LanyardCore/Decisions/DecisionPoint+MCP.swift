import CedarPolicy
import Foundation
public import LanyardAPI
public import LanyardModel

/// What the decision point said about one MCP call.
public struct MCPCallDecision: Sendable {
    public var allowed: Bool
    /// The determining policies (or the entitlement), sorted.
    public var policies: [String]
    /// Why nothing was evaluated (an unknown identity), when that is the case.
    public var refusal: String?
    /// The policy version decided with.
    public var policyVersion: Int
    /// The decision as the audit log keeps it.
    public var record: DecisionRecord
    /// Whether the call is allowed only with a person's approval: every determining policy is annotated
    /// `@approval("required")`.
    public var needsApproval: Bool
    /// Whether a secret in the arguments is redacted rather than refused: every determining policy is annotated
    /// `@secrets("redact")`.
    public var redactsSecrets: Bool
}

extension DecisionPoint {
    /// Decides one MCP call of the gateway (see ``MCPCallFacts`` for the Cedar request). Logging is the gateway's: it
    /// writes the decision with the call's own audit event.
    public func decide(mcp facts: MCPCallFacts, tenant: String, urls: IssuerURLs) async throws -> MCPCallDecision {
        let snapshot = try await snapshots.snapshot(tenant)
        return try await decide(mcp: facts, snapshot: snapshot, tenant: tenant, urls: urls)
    }

    /// Which of `tools` of one server the agent may call (each decided as a `tools/call` without arguments), with the
    /// policy version used; one snapshot for all.
    /// A tool's `annotations` are given only for a server whose annotations are trusted.
    public func callableTools(
        _ tools: [(name: String, annotations: JSONObject?)], identity: String, server: String, tenant: String, urls: IssuerURLs
    ) async throws -> (allowed: Set<String>, policyVersion: Int) {
        let snapshot = try await snapshots.snapshot(tenant)
        var allowed = Set<String>()
        for tool in tools {
            let facts = MCPCallFacts(
                identity: identity, server: server, method: "tools/call", target: tool.name, argumentsDigest: "", annotations: tool.annotations)
            if try await decide(mcp: facts, snapshot: snapshot, tenant: tenant, urls: urls, consuming: false).allowed { allowed.insert(tool.name) }
        }
        return (allowed, snapshot.version)
    }

    private func decide(mcp facts: MCPCallFacts, snapshot: CompiledPolicies, tenant: String, urls: IssuerURLs, consuming: Bool = true) async throws
        -> MCPCallDecision
    {
        var context: JSONObject = [
            "mcpServer": .string(facts.server), "mcpMethod": .string(facts.method), "tool": .string(facts.target),
            "argumentSecrets": .array(facts.argumentSecrets.map(JSONValue.string)),
            "argumentDataClasses": .array(facts.argumentDataClasses.map(JSONValue.string)),
        ]
        if !facts.argumentsDigest.isEmpty { context = JSONObject(context.members + [("argumentsDigest", .string(facts.argumentsDigest))]) }
        if let intent = facts.intent { context = JSONObject(context.members + [("intent", .string(intent))]) }
        if let task = facts.task { context = JSONObject(context.members + [("task", .string(task))]) }
        if let annotations = facts.annotations { context = JSONObject(context.members + [("annotations", .object(annotations))]) }
        let evaluation = AccessEvaluationRequest(
            subject: AuthZENEntity(type: LanyardCedarModel.identityType, id: facts.identity), action: AuthZENAction(name: facts.method),
            resource: AuthZENEntity(type: facts.resourceType, id: facts.resourceID), context: context)
        let outcome = try await decide(evaluation, snapshot: snapshot, tenant: tenant, urls: urls, strict: false, consuming: consuming)
        var secrets: [String: String] = [:]
        let record = Self.record(evaluation, outcome, secrets: &secrets)
        let allowed = outcome.allowed && outcome.itemError == nil
        func everyPolicy(_ annotation: String, is value: String) -> Bool {
            allowed && !outcome.policies.isEmpty && outcome.policies.allSatisfy { snapshot.annotations[$0]?[annotation] == value }
        }
        return MCPCallDecision(
            allowed: allowed, policies: outcome.policies, refusal: outcome.refusal ?? outcome.itemError?.message, policyVersion: snapshot.version,
            record: record, needsApproval: everyPolicy(Self.approvalAnnotation, is: "required"),
            redactsSecrets: everyPolicy(Self.secretsAnnotation, is: "redact"))
    }

    /// The annotation of a permit that lets a call through only with a person's approval: `@approval("required")`.
    public static let approvalAnnotation = "approval"
    /// The annotation of a permit that lets a call whose arguments carry a secret through with each secret redacted,
    /// instead of refusing it: `@secrets("redact")`.
    public static let secretsAnnotation = "secrets"

    /// The Cedar resource an approval of one held call is granted on: the call itself — server, name, arguments digest
    /// and the policy version that held it — so an approval never covers other arguments or another version.
    public static func approvalResource(_ facts: MCPCallFacts, policyVersion: Int) -> String {
        approvalUID(facts, policyVersion: policyVersion).description
    }

    static func approvalUID(_ facts: MCPCallFacts, policyVersion: Int) -> EntityUID {
        EntityUID(approvalResourceType, "\(facts.resourceID)@\(facts.argumentsDigest)@v\(policyVersion)")
    }

    /// The entity type of ``approvalResource(_:policyVersion:)``.
    public static let approvalResourceType = "Lanyard::McpCall"

    /// Uses up a live approval of exactly this call (a single-use entitlement on ``approvalResource(_:policyVersion:)``
    /// for the agent's identity and the call's method), and says which one; nil when there is none. Only entitlements
    /// count here: no policy can stand in for a person's approval.
    public func consumeApproval(of facts: MCPCallFacts, policyVersion: Int, tenant: String) async throws -> String? {
        let snapshot = try await snapshots.snapshot(tenant)
        let request = Request(
            principal: EntityUID(LanyardCedarModel.identityType, facts.identity), action: EntityUID("Action", facts.method),
            resource: Self.approvalUID(facts, policyVersion: policyVersion), context: [:])
        return try await entitlements.allowing(request, entities: snapshot.entities, tenant: tenant, consuming: true)
    }
}
