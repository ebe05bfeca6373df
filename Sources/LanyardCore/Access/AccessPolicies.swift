import CedarPolicy
public import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardModel

/// Each tenant's access policy (``AccessPolicy``): read it, replace it (audited, compare-and-set), and decide whether
/// its auto-approval policies approve a request.
public struct AccessPolicies: Sendable {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock

    public init(store: any LanyardStore, audit: any AuditLog, clock: any WallClock) {
        self.store = store
        self.audit = audit
        self.clock = clock
    }

    /// The tenant's policy (the built-in rules when it never set one).
    public func read(tenant: String, by principal: Principal) async throws -> AccessPolicy {
        try AdminRoles.require(.accessPolicyRead, principal, tenant: tenant)
        return try await store.read { session in try await Self.current(tenant: tenant, in: session) }
    }

    /// Replaces the tenant's policy with `request`.
    /// - Throws: `invalid_field` for an unknown tier, an approval count or a duration out of bounds, auto-approval
    ///   policies that do not parse or validate against ``AccessPolicy/autoApproveSchema`` (every problem listed), or a
    ///   blank message; `payload_too_large`; `forbidden`; `not_found`. Nothing changes then.
    public func replace(_ request: PutAccessPolicyRequest, tenant: String, by principal: Principal) async throws -> AccessPolicy {
        try AdminRoles.require(.accessPolicySet, principal, tenant: tenant)
        var maxDurations: [String: Int64] = [:]
        for (tier, text) in request.maxDurations ?? [:] {
            maxDurations[tier] = try TimeSpan(parsing: text, field: "maxDurations").seconds
        }
        let checked = AccessPolicy(
            approvals: request.approvals ?? [:], maxDurations: maxDurations,
            breakGlassMax: try request.breakGlassMax.map { try TimeSpan(parsing: $0, field: "breakGlassMax").seconds },
            autoApprove: request.autoApprove ?? "")
        try checked.validate()
        _ = try Self.compile(checked.autoApprove)
        let message = request.message.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !message.isEmpty, message.utf8.count <= 500 else {
            throw LanyardError.invalid("message", "message must be 1 to 500 characters: say why the access policy changes.")
        }
        let now = clock.now()
        return try await store.write { session in
            guard try await session.tenant(named: tenant) != nil else { throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.") }
            let previous = try await Self.current(tenant: tenant, in: session)
            var wanted = checked
            wanted.version = previous.version &+ 1
            wanted.updatedAt = now
            wanted.updatedBy = principal.actor
            guard try await session.putAccessPolicy(wanted, tenant: tenant) else {
                throw LanyardError(.invalidState, "The access policy changed while this was applied; read it again and retry.")
            }
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: principal.actor, action: .accessPolicySet, target: "access_policy:\(tenant)",
                    before: LanyardJSON.value(of: previous), after: LanyardJSON.value(of: wanted),
                    details: ["version": String(wanted.version), "message": message]),
                in: session)
            return wanted
        }
    }

    /// The stored policy of `tenant`, or the built-in rules.
    static func current(tenant: String, in session: any StoreSession) async throws -> AccessPolicy {
        try await session.accessPolicy(tenant: tenant) ?? .builtIn
    }

    // MARK: Auto-approval

    /// The policy that approves `request` at once, or nil: a `permit` of `policy.autoApprove` allows it and no `forbid`
    /// refuses it. Never for a release tier in production. A policy text that no longer compiles approves nothing.
    static func autoApprover(of request: AccessRequest, identity: Identity, policy: AccessPolicy) -> String? {
        guard !policy.autoApprove.isEmpty, AccessPolicy.mayAutoApprove(request.tier, environment: identity.environment),
            let policies = try? compile(policy.autoApprove)
        else { return nil }
        let principal = EntityUID("Lanyard::Access::Requester", request.requester)
        let resource = EntityUID("Lanyard::Access::Identity", identity.id)
        func strings(_ values: [String]) -> Value { .set(Set(values.map { .string(CedarString($0)) })) }
        let cedarRequest = Request(
            principal: principal, action: EntityUID("Lanyard::Access::Action", "approve"), resource: resource,
            context: [
                "tier": .string(CedarString(request.tier.description)), "durationSeconds": .long(request.duration),
                "resource": .string(CedarString(request.resource)), "actions": strings(request.actions), "scopes": strings(request.scopes),
                "singleUse": .bool(request.singleUse), "taskBound": .bool(request.task != nil),
                "justification": .string(CedarString(request.justification)),
            ])
        let entities = Entities([
            Entity(
                uid: principal,
                attrs: [
                    "kind": .string(AccessActor.isWorkload(request.requester) ? "workload" : "person"),
                    "subject": .string(CedarString(request.requester)),
                ]),
            Entity(
                uid: resource,
                attrs: [
                    "owner": .string(CedarString(identity.owner)), "environment": .string(CedarString(identity.environment.rawValue)),
                    "template": .string(CedarString(identity.template)), "kind": .string(CedarString(identity.kind.rawValue)),
                    "dataClass": .string(CedarString(identity.dataClass.rawValue)),
                ]),
        ])
        let response = Authorizer.isAuthorized(cedarRequest, policies: policies, entities: entities)
        guard response.decision == .allow else { return nil }
        return response.reason.sorted().first
    }

    /// Parses and validates auto-approval policies; `invalid_field` (`autoApprove`) listing every problem.
    static func compile(_ text: String) throws -> PolicySet {
        guard !text.isEmpty else { return PolicySet(policies: []) }
        var parsed: [Policy]
        do {
            parsed = try CedarParser.parsePolicies(text)
        } catch {
            throw LanyardError(.invalidField, "The auto-approval policies do not parse: \(error)", field: "autoApprove")
        }
        parsed.nameByAnnotatedID(positionalPrefix: "auto-approve")
        var problems: [String] = []
        var seen: Set<String> = []
        for policy in parsed where !seen.insert(policy.id).inserted {
            problems.append("Policy id '\(policy.id)' is used twice; give each policy a unique @id.")
        }
        for error in Validator(schema: schema).validate(PolicySet(policies: parsed)) {
            problems.append("[\(error.policyID)] \(error.message)")
        }
        guard problems.isEmpty else {
            throw LanyardError(
                .invalidField, "The auto-approval policies were not accepted; \(problems.count) problem(s): \(problems.prefix(20).joined(separator: "; "))",
                field: "autoApprove")
        }
        return PolicySet(policies: parsed)
    }

    /// The `Lanyard::Access` schema, compiled once.
    static let schema: Schema = (try? Schema(cedarSchema: AccessPolicy.autoApproveSchema)) ?? Schema()
}
