public import LanyardAPI
import CedarPolicy
public import Foundation
import LanyardAudit
public import LanyardModel
public import Logging
import Synchronization

/// Decides every operation of Lanyard's admin API with Lanyard's own Cedar engine: the built-in roles
/// (``AdminPolicies/builtin``) plus the tenant's own admin policies, default deny, `forbid` wins.
///
/// Invariants are checked in code before any policy, so no policy can lift them:
/// - tenant isolation: a token acts only in its own tenant (a platform administrator in every tenant);
/// - platform operations (tenant creation, platform tokens) are a platform administrator's alone;
/// - tenant admin policies do not apply to platform administrators, who can always repair a tenant.
///
/// Every refusal is audited (`admin.deny`) in the tenant acted in, then answered `forbidden` with the reason.
public struct AdminAuthorizer: Sendable {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    let logger: Logger
    /// Where the tenants' compiled admin policies are kept.
    let state: TenantState

    /// How long a node keeps a tenant's admin policies before reading the latest version again, should a change on
    /// another node fail to reach it (a change arriving on the change stream takes effect at once).
    public static let tenantPolicySeconds: TimeInterval = 5

    public init(
        store: any LanyardStore, audit: any AuditLog, clock: any WallClock, state: TenantState, logger: Logger = Logger(label: "lanyard.admin-authz")
    ) {
        self.state = state
        self.store = store
        self.audit = audit
        self.clock = clock
        self.logger = logger
    }

    /// Decides `action` by `caller` on `target` with the request's `facts`, without side effects: the built-in
    /// roles plus, for callers other than platform administrators, the tenant's restrictions.
    public func decide(_ action: AdminAction, caller: Principal, target: AdminTarget, facts: [String: String] = [:]) async throws
        -> AdminDecision
    {
        if caller.role != .platformAdmin, !target.tenant.isEmpty, caller.actsIn(tenant: target.tenant),
            let own = try await tenantPolicySet(target.tenant)
        {
            return AdminRoles.decide(action, caller, target: target, facts: facts, policies: own)
        }
        return AdminRoles.decideBuiltin(action, caller, target: target, facts: facts)
    }

    /// Allows `action` or throws `forbidden` ("You may not …, because …"), after auditing the refusal.
    public func authorize(_ action: AdminAction, caller: Principal, target: AdminTarget, facts: [String: String] = [:]) async throws {
        let decision = try await decide(action, caller: caller, target: target, facts: facts)
        guard !decision.allowed else { return }
        try await recordRefusal(action, actor: caller.actor, role: caller.role.rawValue, target: target, reason: decision.reason, auditTenant: caller.tenant)
        throw AdminRoles.refusal(action, target: target, decision: decision)
    }

    /// Throws `forbidden` unless `action` is allowed, without auditing: for a second look inside an ``AdminGate``
    /// handler (with the facts of the body), whose ``auditingRefusals(_:caller:target:_:)`` records the refusal.
    public func check(_ action: AdminAction, caller: Principal, target: AdminTarget, facts: [String: String]) async throws {
        let decision = try await decide(action, caller: caller, target: target, facts: facts)
        guard decision.allowed else { throw AdminRoles.refusal(action, target: target, decision: decision) }
    }

    /// Runs `body`; a `forbidden` it throws (an invariant on the request body, an identity's owner checked once
    /// loaded) is recorded as `admin.deny` like the policies' own refusals, then rethrown.
    public func auditingRefusals<Output>(
        _ action: AdminAction, caller: Principal, target: AdminTarget, _ body: () async throws -> Output
    ) async throws -> Output {
        do {
            return try await body()
        } catch let error as LanyardError where error.code == .forbidden {
            try await recordRefusal(
                action, actor: caller.actor, role: caller.role.rawValue, target: target, reason: error.message, auditTenant: caller.tenant)
            throw error
        }
    }

    /// Refuses an admin operation attempted with a credential that is not an administrator token (a workload's
    /// access token): audited, then `forbidden`. A workload never changes its own record, template, policies or
    /// grants through the admin API.
    public func refuseWorkload(_ action: AdminAction, identity: String, tenant: String) async throws -> Never {
        let target = AdminTarget.tenant(tenant)
        try await recordRefusal(
            action, actor: "identity:\(identity)", role: "workload", target: target,
            reason: "workload credentials never authorize admin operations", auditTenant: tenant)
        throw LanyardError(
            .forbidden,
            "You may not do '\(action.rawValue)': a workload's access token never authorizes admin operations; use an administrator token.")
    }

    private func recordRefusal(_ action: AdminAction, actor: String, role: String, target: AdminTarget, reason: String, auditTenant: String?)
        async throws
    {
        let tenant = target.tenant.isEmpty ? (auditTenant ?? Tenant.defaultName) : target.tenant
        let event = AuditEvent(
            tenant: tenant, at: clock.now(), actor: actor, action: .adminDeny, target: target.auditName,
            details: ["operation": action.rawValue, "role": role, "reason": reason])
        do {
            try await store.write { session in
                guard try await session.tenant(named: tenant) != nil else { return }
                try await audit.record(event, in: session)
            }
        } catch {
            // Fail closed: the refusal stands whether or not it could be logged; the failure is logged here.
            logger.error("Could not audit an admin refusal", metadata: ["operation": "\(action.rawValue)", "error": "\(error)"])
        }
    }

    // MARK: Tenant admin policies

    /// The built-in policies plus the tenant's own, or `nil` when the tenant has none.
    private func tenantPolicySet(_ tenant: String) async throws -> PolicySet? {
        let now = clock.now()
        if let cached = state.adminPolicies.get(tenant, now: now) { return cached }
        let latest = try await store.read { session in try await session.latestAdminPolicyVersion(tenant: tenant) }
        var set: PolicySet?
        if let latest, !latest.policies.isEmpty {
            switch Self.compileTenantPolicies(latest.policies) {
            case .success(let compiled): set = compiled
            case .failure(let problems):
                // Stored versions were validated before they took effect; one that no longer compiles denies all.
                logger.error("A stored admin policy version does not compile", metadata: ["tenant": "\(tenant)", "problems": "\(problems)"])
                set = PolicySet(policies: [])
            }
        }
        state.adminPolicies.put(tenant, policies: set, until: now.addingTimeInterval(Self.tenantPolicySeconds))
        return set
    }

    /// Parses a tenant's admin policies and validates them against ``AdminPolicies/schema``: the problems as
    /// sentences, or the built-in set with them added.
    ///
    /// A tenant's admin policies only restrict: each must be a `forbid`. The built-in roles are the ceiling
    /// (Core re-checks them), so a tenant narrows what its roles may do and never widens it.
    static func compileTenantPolicies(_ text: String) -> Result<PolicySet, AdminPolicyProblems> {
        let compiled = AdminRoles.compiled
        var parsed: [Policy]
        do {
            parsed = try CedarParser.parsePolicies(text)
        } catch {
            return .failure(AdminPolicyProblems(problems: ["\(error)"]))
        }
        var problems: [String] = []
        let builtinIDs = Set(compiled.builtin.policies.map(\.id))
        var seen: Set<String> = []
        parsed.nameByAnnotatedID(positionalPrefix: "tenant-policy")
        for index in parsed.indices {
            if parsed[index].effect != .forbid {
                problems.append(
                    "[\(parsed[index].id)] Tenant admin policies may only restrict the built-in roles: write `forbid`, not `permit` (a role is widened by giving the caller another role)."
                )
            }
            if builtinIDs.contains(parsed[index].id) || !seen.insert(parsed[index].id).inserted {
                problems.append("Policy id '\(parsed[index].id)' is taken; give each policy a unique @id that no built-in role uses.")
            }
        }
        for error in Validator(schema: compiled.schema).validate(PolicySet(policies: parsed)) {
            problems.append("[\(error.policyID)] \(error.message)")
        }
        guard problems.isEmpty else { return .failure(AdminPolicyProblems(problems: problems)) }
        return .success(PolicySet(policies: compiled.builtin.policies + parsed))
    }
}

/// Why a tenant's admin policies were refused.
struct AdminPolicyProblems: Error, Sendable, CustomStringConvertible {
    let problems: [String]
    var description: String { problems.joined(separator: "; ") }
}
