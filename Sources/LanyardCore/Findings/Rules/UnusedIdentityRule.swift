import Foundation
public import LanyardModel

/// `unused-identity`: an active identity that got no credential for ``DetectionPolicy/unusedAfter`` (30 days;
/// high at ``DetectionPolicy/unusedHighAfter``, 90 days), counted from its last credential or, if it never got one,
/// from its registration. A new credential resolves the finding.
public struct UnusedIdentityRule: DetectionRule {
    public init() {}
    public var kind: FindingKind { .unusedIdentity }

    public func detect(_ facts: TenantFacts) -> [Detection] {
        facts.identities.compactMap { identity in
            guard identity.status == .active else { return nil }
            let last = facts.usage[identity.id]?.lastIssuedAt
            let since = last ?? identity.createdAt
            let idle = Int64(facts.now.timeIntervalSince(since))
            guard idle >= facts.policy.unusedAfter.seconds else { return nil }
            let days = idle / 86_400
            let high = idle >= facts.policy.unusedHighAfter.seconds
            let what = last.map { _ in "its last credential was issued \(days) days ago" } ?? "it has never been issued a credential in \(days) days"
            var details = ["idleDays": String(days)]
            details["lastIssuedAt"] = last.map { RFC3339Seconds.format(AuditEvent.seconds(of: $0)) }
            return Detection(
                kind, about: identity, severity: high ? .high : .medium,
                summary: "Identity '\(identity.name)' is unused: \(what). Offboard it if nothing needs it.", details: details)
        }
    }
}
