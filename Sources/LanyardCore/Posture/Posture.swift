public import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardModel

/// The posture report use case: reads a tenant's records in one transaction, narrows them to the scope (tenant, an
/// owner's identities, one identity), evaluates every control of ``PostureControls`` and sums up the findings.
///
/// An owner (role `owner`) gets the report of its own identities whatever owner it asks for, and the report of one
/// identity only if it owns it.
public struct Posture: Sendable {
    let store: any LanyardStore
    let clock: any WallClock
    public let policy: DetectionPolicy

    public init(store: any LanyardStore, clock: any WallClock = SystemClock(), policy: DetectionPolicy = DetectionPolicy()) {
        self.store = store
        self.clock = clock
        self.policy = policy
    }

    /// Owner and identity values: 1–256 bytes.
    public static let maxScopeValueBytes = 256

    /// The audit actions counted as decisions.
    static let decisionActions = [AuditAction.authzEvaluation, .authzEvaluations, .authzSearch].map(\.rawValue)

    /// The report of `tenant`, narrowed to `owner`'s identities or to `identity` (an id `idn_…` or a name) if given.
    /// - Throws: `invalid_field` (`owner`, `identity`) for an empty or longer than 256-byte value, or both given;
    ///   `not_found` for no such tenant or identity (also an identity of someone else for an owner); `forbidden`.
    public func report(tenant: String, owner: String?, identity: String?, by principal: Principal) async throws -> PostureReport {
        try AdminRoles.require(.postureReport, principal, tenant: tenant)
        for (field, value) in [("owner", owner), ("identity", identity)] {
            guard let value else { continue }
            guard !value.isEmpty, value.utf8.count <= Self.maxScopeValueBytes else {
                throw LanyardError.invalid(field, "\(field) must be 1–\(Self.maxScopeValueBytes) bytes.")
            }
        }
        guard owner == nil || identity == nil else {
            throw LanyardError.invalid("identity", "Ask for the report of an owner or of an identity, not both.")
        }
        // An owner sees its own identities only.
        let owner = principal.role == .owner && identity == nil ? (principal.subject ?? "") : owner
        let now = clock.now()
        let policy = self.policy
        let facts = try await store.read { session in
            guard try await session.tenant(named: tenant) != nil else { throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.") }
            return try await Self.read(tenant: tenant, owner: owner, identity: identity, principal: principal, now: now, policy: policy, in: session)
        }
        return Self.report(facts)
    }

    /// The report over `facts`: every control, the headline numbers, the framework roll-up and the findings.
    public static func report(_ facts: PostureFacts) -> PostureReport {
        let controls = PostureControls.all.map { $0.evaluate(facts) }
        return PostureReport(
            tenant: facts.facts.tenant, scope: facts.scope, generatedAt: facts.now, policyVersion: facts.policyVersion,
            auditHead: PostureReport.AuditHead(
                size: facts.facts.audit.size, checkpointSize: facts.latestCheckpoint?.size, checkpointAt: facts.latestCheckpoint?.createdAt),
            headline: PostureHeadlines.compute(facts, controls: controls), controls: controls,
            frameworks: PostureFrameworkStatus.rollUp(controls), findings: PostureFindingSummary(facts.findings))
    }

    /// Everything the controls see, read in one transaction and narrowed to the scope.
    static func read(
        tenant: String, owner: String?, identity reference: String?, principal: Principal, now: Date, policy: DetectionPolicy,
        in session: any StoreSession
    ) async throws -> PostureFacts {
        var scope = PostureReport.Scope(kind: .tenant)
        var only: Identity?
        if let reference {
            let found =
                reference.hasPrefix("idn_")
                ? try await session.identity(tenant: tenant, id: reference) : try await session.identity(tenant: tenant, name: reference)
            guard let found, principal.role != .owner || found.owner == principal.subject else {
                throw LanyardError(.notFound, "There is no identity '\(reference.prefix(64))' in this tenant.")
            }
            scope = PostureReport.Scope(kind: .identity, value: found.id)
            only = found
        } else if let owner {
            scope = PostureReport.Scope(kind: .owner, value: owner)
        }
        var facts = try await TenantFacts.read(tenant: tenant, now: now, policy: policy, in: session)
        var findings = try await session.unresolvedFindings(tenant: tenant, kinds: nil)
        if scope.kind != .tenant {
            let ids: Set<String> = only.map { [$0.id] } ?? Set(facts.identities.filter { $0.owner == owner }.map(\.id))
            facts = facts.narrowed(to: ids)
            findings = findings.filter { finding in
                if let only { return finding.identity == only.id }
                return finding.identity.map(ids.contains) ?? false || (finding.owner != nil && finding.owner == owner)
            }
        }
        let since = now.addingTimeInterval(-TimeInterval(policy.lookback.seconds))
        let campaignsSince = now.addingTimeInterval(-TimeInterval(PostureFacts.recertificationWindow.seconds))
        let campaigns = try await session.reviewCampaigns(tenant: tenant, after: nil, limit: 1000).filter { $0.createdAt >= campaignsSince }
        return PostureFacts(
            facts: facts, scope: scope, findings: findings,
            inactiveOwners: Set(try await session.ownerStatuses(tenant: tenant).filter { !$0.active }.map(\.owner)),
            latestCheckpoint: try await session.latestAuditCheckpoint(tenant: tenant),
            enabledWebhooks: try await session.webhookEndpoints(tenant: tenant).filter { !$0.disabled }.count,
            reviewSchedules: try await session.reviewSchedules(tenant: tenant).count, recentCampaigns: campaigns.count,
            policyVersion: try await session.latestPolicyVersion(tenant: tenant)?.version,
            decisions: try await session.auditEventCount(tenant: tenant, actions: decisionActions, since: since))
    }
}
