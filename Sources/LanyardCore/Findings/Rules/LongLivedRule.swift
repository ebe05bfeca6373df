import Foundation
public import LanyardModel

/// `long-lived`: an identity holds a live credential whose lifetime is above the tenant's policy
/// (``DetectionPolicy/maxCredentialLifetime``) or above its template's `maxTokenTTL`, or authenticates with a
/// registered client key older than ``DetectionPolicy/maxStaticKeyAge`` (the key's age is the identity's, as keys are
/// registered with it). The credential ending, or the keys being removed, resolves the finding.
public struct LongLivedRule: DetectionRule {
    public init() {}
    public var kind: FindingKind { .longLived }

    public func detect(_ facts: TenantFacts) -> [Detection] {
        facts.identities.compactMap { identity -> Detection? in
            guard identity.status != .offboarded else { return nil }
            var reasons: [String] = []
            var details: [String: String] = [:]
            if let usage = facts.usage[identity.id], usage.live > 0 {
                let cap = min(facts.policy.maxCredentialLifetime.seconds, facts.templates[identity.template]?.maxTokenTTL.seconds ?? .max)
                if usage.longestLiveSeconds > cap {
                    reasons.append("a live credential lives \(Self.span(usage.longestLiveSeconds)), above the \(Self.span(cap)) the policy allows")
                    details["longestLiveSeconds"] = String(usage.longestLiveSeconds)
                    details["policySeconds"] = String(cap)
                    details["credential"] = usage.longestLiveJTI
                }
            }
            let age = Int64(facts.now.timeIntervalSince(identity.createdAt))
            if !identity.publicKeys.isEmpty && age > facts.policy.maxStaticKeyAge.seconds {
                reasons.append(
                    "its \(identity.publicKeys.count) client key(s) are \(age / 86_400) days old (policy: \(Self.span(facts.policy.maxStaticKeyAge.seconds)))")
                details["keyAgeDays"] = String(age / 86_400)
            }
            guard !reasons.isEmpty else { return nil }
            return Detection(kind, about: identity, summary: "Identity '\(identity.name)': \(reasons.joined(separator: "; ")).", details: details)
        }
    }

    /// `seconds` as operators write spans (`1d12h`).
    static func span(_ seconds: Int64) -> String { TimeSpan(seconds: seconds)?.description ?? "\(seconds)s" }
}
