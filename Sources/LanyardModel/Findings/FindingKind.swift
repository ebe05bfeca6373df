/// What kind of problem a finding reports. Each kind is raised by one detection rule and maps to fixed controls
/// of OWASP NHI Top 10 (2025), the OWASP Top 10 for Agentic Applications (2026) and NIST CSF 2.0 PR.AA
/// (``frameworks``). The raw values are stable IDs: never rename one.
public enum FindingKind: String, Sendable, Codable, CaseIterable {
    /// An identity whose owner left: it may not act until it is transferred, and is suspended after a grace period.
    case orphanedIdentity = "orphaned-identity"
    /// A credential was reported leaked (and revoked); for an access token its identity is `compromised` until its owner
    /// or a security administrator resumes it.
    case leakedCredential = "leaked-credential"
    /// A leak was reported and its credential was not revoked within a minute (or is still live).
    case leakOpen = "leak-open"
    /// An identity expires soon and nobody extended, graduated or offboarded it.
    case expiringUndecided = "expiring-undecided"
    /// No credential was issued to an identity for 30 days (high at 90).
    case unusedIdentity = "unused-identity"
    /// Scopes, tools or entitlements granted to an identity and never used in 30 days of decisions.
    case unusedGrant = "unused-grant"
    /// A credential lifetime above the tenant's policy, or a static key older than it.
    case longLived = "long-lived"
    /// A client key (`private_key_jwt`) where the identity also has a federation trust it could use instead.
    case weakAuthentication = "weak-auth"
    /// A federation trust with a wildcard subject, repository or branch, or no audience condition.
    case looseTrust = "loose-trust"
    /// Decisions asked for destinations, environments, data classes or tools outside what the identity declared.
    case drift = "drift"
    /// One identity used from several distinct workloads at once (different keys, attestations or subjects).
    case reuse = "reuse"
    /// Interactive (human) use of a machine identity.
    case humanUse = "human-use"
    /// A grant approved by the requester's side alone, or break-glass not reviewed within 24 hours.
    case separationOfDuties = "separation-of-duties"
    /// The tenant's audit log has a gap or failed verification.
    case auditGap = "audit-gap"

    /// A short title for lists and reports.
    public var title: String {
        switch self {
        case .orphanedIdentity: "Owner gone, identity not transferred"
        case .leakedCredential: "Credential reported leaked"
        case .leakOpen: "Leak not revoked within a minute"
        case .expiringUndecided: "Expiring soon, no decision"
        case .unusedIdentity: "Unused identity"
        case .unusedGrant: "Granted access never used"
        case .longLived: "Credential lifetime above policy"
        case .weakAuthentication: "Client key where federation is available"
        case .looseTrust: "Federation trust too broad"
        case .drift: "Prototype drift: use beyond what was declared"
        case .reuse: "One identity used by several workloads"
        case .humanUse: "Human use of a machine identity"
        case .separationOfDuties: "Separation of duties not kept"
        case .auditGap: "Audit log gap or failed verification"
        }
    }

    /// The controls of each framework this kind of finding maps to, in catalogue order.
    public var frameworks: [FrameworkControl] {
        let ids: [String] =
            switch self {
            case .orphanedIdentity: ["NHI1:2025", "ASI10", "PR.AA-01"]
            case .leakedCredential: ["NHI2:2025", "ASI03", "PR.AA-04"]
            case .leakOpen: ["NHI2:2025", "ASI03", "PR.AA-04"]
            case .expiringUndecided: ["NHI1:2025", "NHI7:2025", "ASI10", "PR.AA-01"]
            case .unusedIdentity: ["NHI1:2025", "NHI5:2025", "PR.AA-05"]
            case .unusedGrant: ["NHI5:2025", "ASI02", "ASI03", "PR.AA-05"]
            case .longLived: ["NHI7:2025", "ASI03", "PR.AA-01"]
            case .weakAuthentication: ["NHI4:2025", "ASI03", "PR.AA-03"]
            case .looseTrust: ["NHI6:2025", "ASI04", "PR.AA-02"]
            case .drift: ["NHI5:2025", "NHI8:2025", "ASI01", "ASI02", "PR.AA-05"]
            case .reuse: ["NHI9:2025", "ASI03", "ASI10", "PR.AA-03"]
            case .humanUse: ["NHI10:2025", "ASI09", "PR.AA-03"]
            case .separationOfDuties: ["NHI5:2025", "ASI03", "ASI09", "PR.AA-05"]
            case .auditGap: ["ASI08", "PR.AA-05"]
            }
        return ids.compactMap { FrameworkControl.catalogue[$0] }
    }

    /// How urgent a finding of this kind is unless its rule says otherwise.
    public var defaultSeverity: FindingSeverity {
        switch self {
        case .leakedCredential, .leakOpen, .auditGap: .critical
        case .orphanedIdentity, .drift, .reuse, .humanUse, .separationOfDuties: .high
        case .expiringUndecided, .longLived, .weakAuthentication, .looseTrust, .unusedIdentity: .medium
        case .unusedGrant: .low
        }
    }
}
