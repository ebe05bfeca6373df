public import Foundation
public import LanyardModel

/// What the detection rules know of one tenant at one instant, read in one transaction: the inventory, credential
/// use, trusts, live grants, access requests, break-glass, leak reports and the state of the audit log.
public struct TenantFacts: Sendable {
    public var tenant: String
    public var now: Date
    public var policy: DetectionPolicy
    /// Identities that can still act or come back (not offboarded, not expired), by name.
    public var identities: [Identity]
    public var templates: [String: IdentityTemplate]
    /// Credential use by identity id.
    public var usage: [String: CredentialUsage]
    /// Scopes issued to each identity (by id) within ``DetectionPolicy/unusedGrantAfter``.
    public var recentScopes: [String: Set<String>]
    public var trusts: [FederationTrust]
    /// Entitlements live at ``now``.
    public var entitlements: [Entitlement]
    /// Access requests made within ``DetectionPolicy/lookback``.
    public var accessRequests: [AccessRequest]
    /// Break-glass opened within ``DetectionPolicy/lookback``.
    public var breakGlasses: [BreakGlass]
    /// Leak reports received within ``DetectionPolicy/lookback``.
    public var leakReports: [LeakReport]
    public var audit: AuditIntegrity
    /// The first audit leaf whose stored hash does not match its content, found by the detector's running check.
    public var auditMismatch: Int64?
    /// The first sequence number missing from the stored leaves (or a leaf past the head), found by the same check.
    public var auditGap: Int64?

    public init(
        tenant: String, now: Date, policy: DetectionPolicy = DetectionPolicy(), identities: [Identity] = [],
        templates: [String: IdentityTemplate] = [:], usage: [String: CredentialUsage] = [:], recentScopes: [String: Set<String>] = [:],
        trusts: [FederationTrust] = [], entitlements: [Entitlement] = [], accessRequests: [AccessRequest] = [], breakGlasses: [BreakGlass] = [],
        leakReports: [LeakReport] = [], audit: AuditIntegrity = AuditIntegrity(size: 0, prunedThrough: 0, storedLeaves: 0, lastSequence: -1),
        auditMismatch: Int64? = nil
    ) {
        self.tenant = tenant
        self.now = now
        self.policy = policy
        self.identities = identities
        self.templates = templates
        self.usage = usage
        self.recentScopes = recentScopes
        self.trusts = trusts
        self.entitlements = entitlements
        self.accessRequests = accessRequests
        self.breakGlasses = breakGlasses
        self.leakReports = leakReports
        self.audit = audit
        self.auditMismatch = auditMismatch
    }

    /// Identities by id.
    public var identitiesByID: [String: Identity] {
        Dictionary(identities.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Reads the facts of `tenant` in one read transaction; ``audit`` only with `auditCounts` (it counts every stored
    /// leaf of the log: for a report, not for every pass of the detector, whose running check sees gaps anyway).
    public static func read(
        tenant: String, now: Date, policy: DetectionPolicy, auditCounts: Bool = true, in session: any StoreSession
    ) async throws -> TenantFacts {
        var facts = TenantFacts(tenant: tenant, now: now, policy: policy)
        var after: String?
        while true {
            let page = try await session.identities(tenant: tenant, filter: IdentityFilter(limit: 1000, after: after))
            facts.identities += page.filter { $0.status != .offboarded && $0.status != .expired }
            guard page.count == 1000, let last = page.last else { break }
            after = last.name
        }
        var templateAfter: String?
        while true {
            let page = try await session.templates(tenant: tenant, after: templateAfter, limit: 1000)
            for template in page { facts.templates[template.name] = template }
            guard page.count == 1000, let last = page.last else { break }
            templateAfter = last.name
        }
        for usage in try await session.credentialUsage(tenant: tenant, now: now) { facts.usage[usage.identity] = usage }
        facts.recentScopes = try await session.issuedScopes(tenant: tenant, since: now.addingTimeInterval(-TimeInterval(policy.unusedGrantAfter.seconds)))
        facts.trusts = try await session.trusts(tenant: tenant)
        facts.entitlements = try await session.liveEntitlements(tenant: tenant, at: now)
        let since = now.addingTimeInterval(-TimeInterval(policy.lookback.seconds))
        facts.accessRequests = try await session.accessRequests(tenant: tenant, filter: AccessRequestFilter(), after: nil, limit: 10_000)
            .filter { $0.createdAt >= since }
        facts.breakGlasses = try await session.breakGlasses(tenant: tenant, filter: BreakGlassFilter(), at: now, after: nil, limit: 10_000)
            .filter { $0.openedAt >= since }
        facts.leakReports = try await session.leakReports(tenant: tenant, after: nil, limit: 10_000).filter { $0.receivedAt >= since }
        if auditCounts { facts.audit = try await session.auditIntegrity(tenant: tenant) }
        return facts
    }
}
