import Foundation
public import LanyardModel

/// `expiring-undecided`: an active identity expires within ``DetectionPolicy/expiringWithin`` and nobody extended,
/// graduated or offboarded it. Extending it past the window (or ending it) resolves the finding.
public struct ExpiringUndecidedRule: DetectionRule {
    public init() {}
    public var kind: FindingKind { .expiringUndecided }

    public func detect(_ facts: TenantFacts) -> [Detection] {
        let horizon = facts.now.addingTimeInterval(TimeInterval(facts.policy.expiringWithin.seconds))
        return facts.identities.compactMap { identity in
            guard identity.status == .active, identity.graduatedTo == nil, identity.expiresAt > facts.now, identity.expiresAt <= horizon else {
                return nil
            }
            let expires = RFC3339Seconds.format(AuditEvent.seconds(of: identity.expiresAt))
            return Detection(
                kind, about: identity,
                summary: "Identity '\(identity.name)' expires at \(expires) and nobody has extended, graduated or offboarded it.",
                details: ["expiresAt": expires, "owner": identity.owner])
        }
    }
}
