public import Foundation
public import LanyardAPI
public import LanyardModel

/// What the posture controls see: the tenant's facts narrowed to the report's scope, the unresolved findings in
/// scope, and the tenant-wide settings the controls check (owners who left, the latest checkpoint, webhooks, review
/// schedules, the policy in force, decisions recorded in the look-back).
public struct PostureFacts: Sendable {
    /// Narrowed to the scope: identities, trusts, grants, requests, break-glass and leaks of the identities in scope.
    public var facts: TenantFacts
    public var scope: PostureReport.Scope
    /// Unresolved findings in scope.
    public var findings: [Finding]
    /// Owners marked inactive (left the organisation).
    public var inactiveOwners: Set<String>
    public var latestCheckpoint: AuditCheckpointRecord?
    /// Webhook endpoints that are not disabled.
    public var enabledWebhooks: Int
    /// Recertification schedules of the tenant.
    public var reviewSchedules: Int
    /// Review campaigns started within ``recertificationWindow``.
    public var recentCampaigns: Int
    /// The version of the access policies in force, if any.
    public var policyVersion: Int?
    /// Decision events (`authz.evaluation`, `authz.evaluations`, `authz.search`) recorded within the look-back.
    public var decisions: Int64

    /// A campaign this recent counts as recertification.
    public static let recertificationWindow = TimeSpan.days(90)

    public init(
        facts: TenantFacts, scope: PostureReport.Scope = PostureReport.Scope(kind: .tenant), findings: [Finding] = [],
        inactiveOwners: Set<String> = [], latestCheckpoint: AuditCheckpointRecord? = nil, enabledWebhooks: Int = 0, reviewSchedules: Int = 0,
        recentCampaigns: Int = 0, policyVersion: Int? = nil, decisions: Int64 = 0
    ) {
        self.facts = facts
        self.scope = scope
        self.findings = findings
        self.inactiveOwners = inactiveOwners
        self.latestCheckpoint = latestCheckpoint
        self.enabledWebhooks = enabledWebhooks
        self.reviewSchedules = reviewSchedules
        self.recentCampaigns = recentCampaigns
        self.policyVersion = policyVersion
        self.decisions = decisions
    }

    public var now: Date { facts.now }
    public var policy: DetectionPolicy { facts.policy }
    public var identities: [Identity] { facts.identities }

    /// Unresolved findings of `kinds` in scope.
    public func findings(of kinds: [FindingKind]) -> [Finding] {
        let wanted = Set(kinds)
        return findings.filter { wanted.contains($0.kind) }
    }

    /// Whether an identity's owner is gone: orphaned by the leaver cascade, marked inactive, or empty.
    public func ownerGone(_ identity: Identity) -> Bool {
        identity.owner.isEmpty || identity.orphanedAt != nil || identity.status == .orphaned || inactiveOwners.contains(identity.owner)
    }

    /// Whether an identity holds a live credential above the policy (or its template's `maxTokenTTL`).
    public func holdsLongLivedCredential(_ identity: Identity) -> Bool {
        guard let usage = facts.usage[identity.id], usage.live > 0 else { return false }
        let cap = min(policy.maxCredentialLifetime.seconds, facts.templates[identity.template]?.maxTokenTTL.seconds ?? .max)
        return usage.longestLiveSeconds > cap
    }
}

extension TenantFacts {
    /// These facts with only what concerns the identities `ids`: their trusts, grants, requests, break-glass and leaks.
    public func narrowed(to ids: Set<String>) -> TenantFacts {
        var narrowed = self
        narrowed.identities = identities.filter { ids.contains($0.id) }
        narrowed.usage = usage.filter { ids.contains($0.key) }
        narrowed.recentScopes = recentScopes.filter { ids.contains($0.key) }
        narrowed.trusts = trusts.filter { ids.contains($0.identityId) }
        narrowed.entitlements = entitlements.filter { ids.contains(UnusedGrantRule.identityID(of: $0.principal)) }
        narrowed.accessRequests = accessRequests.filter { ids.contains($0.identity) }
        narrowed.breakGlasses = breakGlasses.filter { ids.contains($0.identity) }
        narrowed.leakReports = leakReports.filter { $0.identity.map(ids.contains) ?? false }
        return narrowed
    }
}
