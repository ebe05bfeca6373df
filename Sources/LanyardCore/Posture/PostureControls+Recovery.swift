import Foundation
import LanyardAPI
import LanyardModel

extension PostureControls {
    /// How fast a compromise is contained and what ends access nobody needs.
    static let recovery: [PostureControlDefinition] = [
        PostureControlDefinition(
            "LY-RC-01", "Leaked credentials revoked within a minute", group: .recovery,
            mappings: ["NHI2:2025", "ASI03", "PR.AA-04", "MANAGE 2.4", "MANAGE 4.3"], findingKinds: [.leakOpen], check: leaksRevoked),
        PostureControlDefinition(
            "LY-RC-02", "Expiry and owner-departure grace enforced", group: .recovery,
            mappings: ["NHI1:2025", "PR.AA-01", "GOVERN 1.7", "MANAGE 2.4"], check: expiryEnforced),
        PostureControlDefinition(
            "LY-RC-03", "Recertification scheduled", group: .recovery,
            mappings: ["NHI1:2025", "NHI5:2025", "PR.AA-05", "GOVERN 1.5"], check: recertificationScheduled),
    ]

    /// How late the sweeper may be before an identity past its expiry or grace counts as not enforced.
    static let sweepSlack: TimeInterval = 3600

    /// LY-RC-01: nothing the `leak-open` rule sees over the look-back's leak reports.
    static func leaksRevoked(_ facts: PostureFacts) -> PostureCheck {
        let slow = detected(LeakOpenRule(), facts)
        let reports = facts.facts.leakReports
        let timed = reports.compactMap(\.revokeMilliseconds)
        return .counting(
            slow, of: reports.count, nothing: "No leak was reported in scope in the look-back.",
            pass: "Every leak reported in the look-back was revoked within \(facts.policy.leakRevokeSeconds) seconds.",
            fail: { "\(count($0, "leak was", "leaks were")) revoked late or left an identity compromised for more than a day." },
            numbers: [
                "leakReports": Int64(reports.count), "late": Int64(slow.count), "slowestRevokeMilliseconds": timed.max() ?? 0,
            ])
    }

    /// LY-RC-02: no identity still active an hour past its expiry, and no orphan still acting an hour past its grace.
    static func expiryEnforced(_ facts: PostureFacts) -> PostureCheck {
        let cutoff = facts.now.addingTimeInterval(-sweepSlack)
        let pastExpiry = facts.identities.filter { $0.status == .active && $0.expiresAt < cutoff }
        let pastGrace = facts.identities.filter { identity in
            guard let ends = identity.orphanGraceEndsAt else { return false }
            return ends < cutoff && (identity.status == .active || identity.status == .orphaned)
        }
        let failing = Array(Set((pastExpiry + pastGrace).map(subject)))
        return .counting(
            failing, of: facts.identities.count, nothing: noIdentities,
            pass: "No identity in scope acts past its expiry or its owner-departure grace period.",
            fail: { "\(count($0, "identity still acts", "identities still act")) more than an hour past its expiry or grace period: is the sweeper running?" },
            numbers: ["pastExpiry": Int64(pastExpiry.count), "pastGrace": Int64(pastGrace.count)])
    }

    /// LY-RC-03: a review schedule exists, or a campaign ran within ``PostureFacts/recertificationWindow``.
    static func recertificationScheduled(_ facts: PostureFacts) -> PostureCheck {
        guard !facts.identities.isEmpty else { return PostureCheck(.notApplicable, noIdentities) }
        let numbers = ["reviewSchedules": Int64(facts.reviewSchedules), "recentCampaigns": Int64(facts.recentCampaigns)]
        guard facts.reviewSchedules > 0 || facts.recentCampaigns > 0 else {
            return PostureCheck(
                .fail, "No recertification is scheduled and no review campaign ran in 90 days. Schedule one with lanyard review schedule add.",
                numbers: numbers, subjects: ["tenant:\(facts.facts.tenant)"])
        }
        return PostureCheck(
            .pass,
            "\(count(facts.reviewSchedules, "review schedule", "review schedules")) and \(count(facts.recentCampaigns, "campaign", "campaigns")) in 90 days keep access recertified.",
            numbers: numbers)
    }
}
