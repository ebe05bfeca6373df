import Foundation
public import LanyardAPI
import LanyardModel

/// The headline numbers of a posture report, computed from the same facts as its controls.
public enum PostureHeadlines {
    /// The numbers over `facts` and the evaluated `controls`, in report order.
    public static func compute(_ facts: PostureFacts, controls: [PostureControl]) -> [PostureHeadline] {
        let identities = facts.identities
        let owned = identities.filter { !facts.ownerGone($0) }.count
        let shortLived = identities.filter { !facts.holdsLongLivedCredential($0) && $0.publicKeys.isEmpty }.count
        let horizon = facts.now.addingTimeInterval(TimeInterval(facts.policy.expiringWithin.seconds))
        let expiring = identities.filter { $0.status == .active && $0.expiresAt > facts.now && $0.expiresAt <= horizon }.count
        let unusedGrants = UnusedGrantRule().detect(facts.facts).count
        let times = facts.facts.leakReports.compactMap(\.revokeMilliseconds).sorted()
        let pending = facts.facts.accessRequests.filter { $0.status(at: facts.now) == .requested }.count
        let awaitingReview = facts.facts.breakGlasses.filter { $0.review != .reviewed }.count
        let audit = controls.first { $0.id == "LY-OB-01" }?.status == .pass
        let applicable = controls.filter { $0.status != .notApplicable }
        let days = facts.policy.expiringWithin.seconds / 86_400
        return [
            PostureHeadline(id: "identities", title: "Identities in scope", value: Double(identities.count), unit: .count),
            .share(id: "controls-passing", title: "Controls passing", applicable.filter { $0.status == .pass }.count, of: applicable.count),
            .share(id: "ownership-coverage", title: "Identities with an active owner", owned, of: identities.count),
            .share(id: "short-lived-only", title: "Identities with short-lived credentials only", shortLived, of: identities.count),
            PostureHeadline(id: "expiring-soon", title: "Identities expiring within \(days) days", value: Double(expiring), unit: .count),
            PostureHeadline(id: "unused-grants", title: "Grants and scopes unused for 30 days", value: Double(unusedGrants), unit: .count),
            PostureHeadline(
                id: "leak-time-to-revoke", title: "Leak time to revoke (median)", value: median(times).map { $0 / 1000 }, unit: .seconds,
                denominator: Int64(times.count)),
            PostureHeadline(id: "approvals-pending", title: "Access requests awaiting approval", value: Double(pending), unit: .count),
            PostureHeadline(id: "break-glass-awaiting-review", title: "Break-glass awaiting review", value: Double(awaitingReview), unit: .count),
            PostureHeadline(id: "audit-log-verified", title: "Audit log complete", value: audit ? 1 : 0, unit: .boolean),
            PostureHeadline(id: "decisions", title: "Decision events in the look-back", value: Double(facts.decisions), unit: .count),
        ]
    }

    /// The median of sorted `values` (the mean of the middle two for an even count), or nil for none.
    static func median(_ values: [Int64]) -> Double? {
        guard !values.isEmpty else { return nil }
        let middle = values.count / 2
        return values.count % 2 == 1 ? Double(values[middle]) : (Double(values[middle - 1]) + Double(values[middle])) / 2
    }
}
