import Foundation
public import LanyardModel

/// `leak-open`: a leak reported within the look-back whose credential was revoked only after more than
/// ``DetectionPolicy/leakRevokeSeconds`` (60 seconds) — the report's own measured time to revoke — or whose identity is
/// still `compromised` a day after the report. It concerns the response, so it stays until a person resolves it or
/// the report leaves the look-back.
public struct LeakOpenRule: DetectionRule {
    public init() {}
    public var kind: FindingKind { .leakOpen }

    public func detect(_ facts: TenantFacts) -> [Detection] {
        let byID = facts.identitiesByID
        let limit = facts.policy.leakRevokeSeconds
        return facts.leakReports.compactMap { report in
            let identity = report.identity.flatMap { byID[$0] }
            let slow = report.outcome == .revoked && (report.revokeMilliseconds ?? 0) > limit * 1000
            let stillCompromised = identity?.status == .compromised && facts.now.timeIntervalSince(report.receivedAt) > 86_400
            guard slow || stillCompromised else { return nil }
            var details = ["leak": report.id, "door": report.door.rawValue, "kind": report.kind.rawValue]
            details["revokeMilliseconds"] = report.revokeMilliseconds.map(String.init)
            details["identityName"] = identity?.name
            let what =
                slow
                ? "was revoked \(Double(report.revokeMilliseconds ?? 0) / 1000) s after it was reported (more than \(limit) s)"
                : "left identity '\(identity?.name ?? "")' compromised for more than a day"
            return Detection(
                kind: kind, subject: "leak:\(report.id)", identity: identity?.id, owner: identity?.owner,
                summary: "The leaked \(report.kind.rawValue) of report \(report.id) \(what).", details: details)
        }
    }
}
