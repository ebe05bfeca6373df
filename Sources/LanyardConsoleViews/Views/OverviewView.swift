public import Foundation
public import LanyardModel

/// What the overview page shows: the tenant's posture at a glance.
public struct OverviewView: Sendable {
    /// Every identity of the tenant, whatever its status.
    public var identitiesTotal: Int
    /// Those whose owner is an active person in the directory (ownership coverage).
    public var identitiesWithActiveOwner: Int
    /// Identities expiring within 7 days, soonest first (a short list: the page shows them all).
    public var expiringSoon: [Identity]
    /// Unresolved findings per severity, in the order to show (`critical` first, say).
    public var findingsBySeverity: [(label: String, count: Int)]
    /// Unresolved findings per OWASP NHI Top 10 id (`NHI1:2025`, …), in the order to show.
    public var findingsByOWASP: [(label: String, count: Int)]
    /// Access requests waiting for a decision.
    public var pendingApprovals: Int
    /// Break-glass grants nobody has reviewed yet.
    public var breakGlassAwaitingReview: Int
    /// The median time from a leak report to the credential's revocation, in seconds; `nil` when no leak was reported.
    public var leakMedianTimeToRevoke: Double?
    /// Whether the tenant's audit log verified at its last check; `nil` when it was not checked.
    public var auditVerified: Bool?
    /// How many events the audit log holds (the checked tree size).
    public var auditSize: Int64
    /// The time the figures were taken; shown, and used for "expires in" on the expiring list. `nil` shows neither.
    public var now: Date?

    /// Creates the overview's figures.
    public init(
        identitiesTotal: Int, identitiesWithActiveOwner: Int, expiringSoon: [Identity], findingsBySeverity: [(label: String, count: Int)],
        findingsByOWASP: [(label: String, count: Int)], pendingApprovals: Int, breakGlassAwaitingReview: Int, leakMedianTimeToRevoke: Double?,
        auditVerified: Bool?, auditSize: Int64, now: Date? = nil
    ) {
        self.identitiesTotal = identitiesTotal
        self.identitiesWithActiveOwner = identitiesWithActiveOwner
        self.expiringSoon = expiringSoon
        self.findingsBySeverity = findingsBySeverity
        self.findingsByOWASP = findingsByOWASP
        self.pendingApprovals = pendingApprovals
        self.breakGlassAwaitingReview = breakGlassAwaitingReview
        self.leakMedianTimeToRevoke = leakMedianTimeToRevoke
        self.auditVerified = auditVerified
        self.auditSize = auditSize
        self.now = now
    }
}
