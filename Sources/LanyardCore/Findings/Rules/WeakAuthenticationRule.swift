import Foundation
public import LanyardModel

/// `weak-auth`: an identity authenticates with a registered client key (`private_key_jwt`, a secret the workload has
/// to keep) although it also has a federation trust it can get its tokens with instead. Removing the keys (or the
/// identity ending) resolves the finding.
public struct WeakAuthenticationRule: DetectionRule {
    public init() {}
    public var kind: FindingKind { .weakAuthentication }

    public func detect(_ facts: TenantFacts) -> [Detection] {
        let federated = Dictionary(grouping: facts.trusts, by: \.identityId)
        return facts.identities.compactMap { identity in
            guard identity.status != .offboarded, !identity.publicKeys.isEmpty, let trusts = federated[identity.id], !trusts.isEmpty else { return nil }
            let issuers = Set(trusts.map(\.issuer)).sorted()
            return Detection(
                kind, about: identity,
                summary:
                    "Identity '\(identity.name)' keeps \(identity.publicKeys.count) client key(s) although it can federate from \(issuers.joined(separator: ", ")); remove the keys.",
                details: ["keys": String(identity.publicKeys.count), "issuers": issuers.joined(separator: " ")])
        }
    }
}
