public import LanyardAPI
import CedarPolicy
public import LanyardModel
import Synchronization

/// The built-in roles, evaluated: the ceiling of what any caller may do, whatever a tenant adds.
///
/// Use cases check it themselves (``require(_:_:target:facts:)``) so that no path into `LanyardCore` skips
/// authorization; the edge's ``AdminAuthorizer`` evaluates the same built-in policies together with the tenant's
/// own restrictions, and audits refusals, before a request's body is even read.
public enum AdminRoles {
    /// The schema, the built-in policy set and the action hierarchy, compiled once per process.
    static let compiled = Compiled.make()

    /// Throws `forbidden` unless the built-in roles allow `action` by `principal` on `target`.
    public static func require(_ action: AdminAction, _ principal: Principal, target: AdminTarget, facts: [String: String] = [:]) throws {
        let decision = decideBuiltin(action, principal, target: target, facts: facts)
        guard decision.allowed else { throw refusal(action, target: target, decision: decision) }
    }

    /// Throws `forbidden` unless the built-in roles allow `action` on at least one identity of `tenant` — the
    /// role's ceiling, checked before the identity is read; the identity's owner is checked once it is loaded.
    public static func requireOnSomeIdentity(_ action: AdminAction, _ principal: Principal, tenant: String) throws {
        try require(action, principal, target: .identity("", owner: principal.subject ?? "", tenant: tenant))
    }

    /// Throws `forbidden` unless the built-in roles allow `action` in `tenant`.
    public static func require(_ action: AdminAction, _ principal: Principal, tenant: String, facts: [String: String] = [:]) throws {
        try require(action, principal, target: .tenant(tenant), facts: facts)
    }

    /// The decision of the built-in roles alone. Decisions without request facts depend only on the caller's role,
    /// tenant and subject, the action and the target, so they are remembered (bounded) instead of evaluated anew on
    /// every request of a hot path.
    static func decideBuiltin(_ action: AdminAction, _ caller: Principal, target: AdminTarget, facts: [String: String]) -> AdminDecision {
        guard facts.isEmpty else { return decide(action, caller, target: target, facts: facts, policies: compiled.builtin) }
        let key = MemoKey(
            role: caller.role, callerTenant: caller.tenant ?? "", subject: caller.subject ?? "", action: action, kind: target.kind,
            tenant: target.tenant, owner: target.owner)
        if let known = memo.withLock({ $0[key] }) { return known }
        let decision = decide(action, caller, target: target, facts: facts, policies: compiled.builtin)
        memo.withLock { memo in
            if memo.count >= 10_000 { memo.removeAll(keepingCapacity: true) }
            memo[key] = decision
        }
        return decision
    }

    private struct MemoKey: Hashable {
        let role: Principal.Role
        let callerTenant: String
        let subject: String
        let action: AdminAction
        let kind: String
        let tenant: String
        let owner: String
    }

    private static let memo = Mutex([MemoKey: AdminDecision]())

    /// The decision of `policies` (built-in, possibly with a tenant's restrictions), after the invariants.
    static func decide(_ action: AdminAction, _ caller: Principal, target: AdminTarget, facts: [String: String], policies: PolicySet)
        -> AdminDecision
    {
        if let refusal = invariantRefusal(action, caller: caller, target: target) {
            return AdminDecision(allowed: false, policies: [], reason: refusal)
        }
        let request = Request(
            principal: EntityUID("Lanyard::Admin::Caller", caller.tokenId),
            action: EntityUID(AdminAction.cedarType, action.rawValue),
            resource: EntityUID("Lanyard::Admin::Target", target.auditName),
            context: facts.reduce(into: [CedarString: Value]()) { $0[CedarString($1.key)] = .string(CedarString($1.value)) })
        let entities = compiled.actions.overlaying([
            Entity(
                uid: request.principal,
                attrs: [
                    "role": .string(CedarString(caller.role.rawValue)), "tenant": .string(CedarString(caller.tenant ?? "")),
                    "subject": .string(CedarString(caller.subject ?? "")),
                ]),
            Entity(
                uid: request.resource,
                attrs: [
                    "kind": .string(CedarString(target.kind)), "tenant": .string(CedarString(target.tenant)),
                    "owner": .string(CedarString(target.owner)),
                ]),
        ])
        let response = Authorizer.isAuthorized(request, policies: policies, entities: entities)
        let determining = response.reason.sorted()
        if response.decision == .allow {
            return AdminDecision(allowed: true, policies: determining, reason: "allowed by \(determining.joined(separator: ", "))")
        }
        if !determining.isEmpty {
            return AdminDecision(
                allowed: false, policies: determining,
                reason: "forbidden by admin policy \(determining.map { "'\($0)'" }.joined(separator: ", "))")
        }
        return AdminDecision(
            allowed: false, policies: [], reason: "no admin policy allows role '\(caller.role.rawValue)' to do '\(action.rawValue)' here")
    }

    /// The invariants no policy can lift, as a refusal sentence, or `nil`: tenant isolation, and operations
    /// above a tenant for platform administrators alone.
    static func invariantRefusal(_ action: AdminAction, caller: Principal, target: AdminTarget) -> String? {
        let platformOnly = action.groups.contains(.platform) || target.tenant.isEmpty
        if platformOnly, caller.role != .platformAdmin, action.target != .caller {
            return "only a platform administrator acts above a tenant"
        }
        if !target.tenant.isEmpty, !caller.actsIn(tenant: target.tenant) {
            return "this token belongs to another tenant"
        }
        return nil
    }

    /// The `forbidden` error for a refusal: "You may not …: because …".
    static func refusal(_ action: AdminAction, target: AdminTarget, decision: AdminDecision) -> LanyardError {
        let place = target.tenant.isEmpty ? "on the platform" : "in tenant '\(target.tenant)'"
        return LanyardError(.forbidden, "You may not do '\(action.rawValue)' \(place): \(decision.reason).")
    }

    /// The schema, the built-in policy set and the action hierarchy.
    struct Compiled: Sendable {
        let schema: Schema
        let builtin: PolicySet
        let actions: Entities

        static func make() -> Compiled {
            // The texts are constants checked by AdminAuthorizerTests; if they ever failed to compile, nothing would
            // be allowed (an empty schema and policy set).
            let schema = (try? Schema(cedarSchema: AdminPolicies.schema)) ?? Schema()
            var policies = (try? CedarParser.parsePolicies(AdminPolicies.builtin)) ?? []
            policies.nameByAnnotatedID(positionalPrefix: "builtin")
            var entities: [Entity] = AdminAction.Group.allCases.map { Entity(uid: EntityUID(AdminAction.cedarType, $0.rawValue)) }
            for action in AdminAction.allCases {
                entities.append(
                    Entity(
                        uid: EntityUID(AdminAction.cedarType, action.rawValue),
                        parents: Set(action.groups.map { EntityUID(AdminAction.cedarType, $0.rawValue) })))
            }
            return Compiled(schema: schema, builtin: PolicySet(policies: policies), actions: Entities(entities))
        }
    }
}
