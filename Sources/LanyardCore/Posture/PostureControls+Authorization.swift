import Foundation
import LanyardAPI
import LanyardModel

extension PostureControls {
    /// What identities may do and how it is decided.
    static let authorization: [PostureControlDefinition] = [
        PostureControlDefinition(
            "LY-AZ-01", "Least privilege: no unused grants", group: .authorization,
            mappings: ["NHI5:2025", "ASI02", "ASI03", "PR.AA-05", "SP800-207-T3"], findingKinds: [.unusedGrant], check: leastPrivilege),
        PostureControlDefinition(
            "LY-AZ-02", "Separation of duties on grants", group: .authorization,
            mappings: ["NHI5:2025", "ASI03", "ASI09", "PR.AA-05"], findingKinds: [.separationOfDuties], check: grantsSeparated),
        PostureControlDefinition(
            "LY-AZ-03", "Break-glass reviewed within a day", group: .authorization,
            mappings: ["ASI09", "PR.AA-05", "MANAGE 4.3"], findingKinds: [.separationOfDuties], check: breakGlassReviewed),
        PostureControlDefinition(
            "LY-AZ-04", "Access decided per request by a policy in force", group: .authorization,
            mappings: ["ASI02", "PR.AA-05", "SP800-207-T4", "SP800-207-T6", "MAESTRO-L3"], check: policyInForce),
        PostureControlDefinition(
            "LY-AZ-05", "Use stays within what was declared (no drift)", group: .authorization,
            mappings: ["NHI5:2025", "NHI8:2025", "ASI01", "ASI02", "PR.AA-05", "MEASURE 2.4"], findingKinds: [.drift], check: noDrift),
        PostureControlDefinition(
            "LY-AZ-06", "One workload per identity, no human use", group: .authorization,
            mappings: ["NHI9:2025", "NHI10:2025", "ASI03", "ASI09", "PR.AA-03"], findingKinds: [.reuse, .humanUse], check: noReuse),
    ]

    /// LY-AZ-01: nothing the `unused-grant` rule sees.
    static func leastPrivilege(_ facts: PostureFacts) -> PostureCheck {
        let unused = detected(UnusedGrantRule(), facts)
        let days = facts.policy.unusedGrantAfter.seconds / 86_400
        return .counting(
            unused, of: facts.identities.count, nothing: noIdentities,
            pass: "Every live grant and every allowed scope in scope was used in the last \(days) days.",
            fail: { "\(count($0, "grant or scope set was", "grants or scope sets were")) not used in \(days) days; revoke or narrow them." },
            numbers: ["liveEntitlements": Int64(facts.facts.entitlements.count), "unusedGrants": Int64(unused.count)])
    }

    /// LY-AZ-02: no access request granted on the approval of the identity's own owner alone.
    static func grantsSeparated(_ facts: PostureFacts) -> PostureCheck {
        let selfApproved = detected(SeparationOfDutiesRule(), facts) { $0.subject.hasPrefix("access_request:") }
        let approved = facts.facts.accessRequests.filter { !$0.approvals.isEmpty }.count
        return .counting(
            selfApproved, of: approved, nothing: "No access request in scope was approved by a person in the look-back.",
            pass: "Every grant approved by a person in the look-back had an approver other than the identity's owner, or a policy.",
            fail: { "\(count($0, "grant was", "grants were")) approved by the identity's own owner alone." },
            numbers: ["approvedRequests": Int64(approved), "selfApproved": Int64(selfApproved.count)])
    }

    /// LY-AZ-03: every break-glass opened in the look-back was reviewed within the policy's window.
    static func breakGlassReviewed(_ facts: PostureFacts) -> PostureCheck {
        let late = detected(SeparationOfDutiesRule(), facts) { $0.subject.hasPrefix("breakglass:") }
        let hours = facts.policy.breakGlassReviewWithin.seconds / 3600
        return .counting(
            late, of: facts.facts.breakGlasses.count, nothing: "No break-glass was opened in scope in the look-back.",
            pass: "Every break-glass in scope was reviewed, or is still within its \(hours)-hour review window.",
            fail: { "\(count($0, "break-glass was", "break-glasses were")) not reviewed within \(hours) hours." },
            numbers: ["breakGlasses": Int64(facts.facts.breakGlasses.count), "unreviewedLate": Int64(late.count)])
    }

    /// LY-AZ-04: the tenant has access policies, so each request is decided against them.
    static func policyInForce(_ facts: PostureFacts) -> PostureCheck {
        guard !facts.identities.isEmpty else { return PostureCheck(.notApplicable, noIdentities) }
        guard let version = facts.policyVersion else {
            return PostureCheck(
                .fail, "The tenant has no access policy: nothing decides its identities' requests. Push policies with lanyard policy push.",
                subjects: ["tenant:\(facts.facts.tenant)"])
        }
        return PostureCheck(
            .pass, "Policy version \(version) is in force; every request is decided against it when it is made.", numbers: ["policyVersion": Int64(version)])
    }

    /// LY-AZ-05: no unresolved `drift` finding; it can be checked only where decisions are recorded.
    static func noDrift(_ facts: PostureFacts) -> PostureCheck {
        let drift = facts.findings(of: [.drift]).map(\.subject)
        guard !facts.identities.isEmpty else { return PostureCheck(.notApplicable, noIdentities) }
        guard facts.decisions > 0 || !drift.isEmpty else {
            return PostureCheck(.notApplicable, "No decision was recorded in the look-back, so there is no use to compare with what was declared.")
        }
        return PostureCheck(
            drift.isEmpty ? .pass : .fail,
            drift.isEmpty
                ? "No decision in scope asked for a destination, environment, data class or tool outside what its identity declared."
                : "\(count(drift.count, "identity was", "identities were")) used beyond what was declared.",
            numbers: ["decisions": facts.decisions, "drifting": Int64(drift.count)], subjects: drift)
    }

    /// LY-AZ-06: no unresolved `reuse` or `human-use` finding.
    static func noReuse(_ facts: PostureFacts) -> PostureCheck {
        let reused = facts.findings(of: [.reuse]).map(\.subject)
        let human = facts.findings(of: [.humanUse]).map(\.subject)
        return .counting(
            Array(Set(reused + human)), of: facts.identities.count, nothing: noIdentities,
            pass: "No identity in scope was used by several workloads at once or interactively by a person.",
            fail: { "\(count($0, "identity was", "identities were")) reused by several workloads or used by a person." },
            numbers: ["reused": Int64(reused.count), "humanUse": Int64(human.count)])
    }
}
