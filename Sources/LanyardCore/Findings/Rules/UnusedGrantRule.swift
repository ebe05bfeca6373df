import Foundation
public import LanyardModel

/// `unused-grant`: access granted and not used for ``DetectionPolicy/unusedGrantAfter`` (30 days) — a live entitlement
/// granted that long ago and never used since, or scopes an identity's template allows that none of its credentials
/// of that span carried while it did get credentials. Using the grant, or the grant ending, resolves the finding.
public struct UnusedGrantRule: DetectionRule {
    public init() {}
    public var kind: FindingKind { .unusedGrant }

    public func detect(_ facts: TenantFacts) -> [Detection] {
        let window = TimeInterval(facts.policy.unusedGrantAfter.seconds)
        let cutoff = facts.now.addingTimeInterval(-window)
        let days = facts.policy.unusedGrantAfter.seconds / 86_400
        let byID = facts.identitiesByID
        var found: [Detection] = []
        for entitlement in facts.entitlements where entitlement.createdAt <= cutoff && (entitlement.lastUsedAt ?? .distantPast) < cutoff {
            let identity = byID[Self.identityID(of: entitlement.principal)]
            var details = ["entitlement": entitlement.id, "tier": entitlement.tier.description, "resource": entitlement.resource]
            details["lastUsedAt"] = entitlement.lastUsedAt.map { RFC3339Seconds.format(AuditEvent.seconds(of: $0)) }
            found.append(
                Detection(
                    kind: kind, subject: "entitlement:\(entitlement.id)", identity: identity?.id, owner: identity?.owner,
                    summary:
                        "Entitlement \(entitlement.id) (\(entitlement.tier.description) on \(entitlement.resource)) has not been used in \(days) days; revoke it.",
                    details: details))
        }
        for identity in facts.identities where identity.status == .active && identity.createdAt <= cutoff {
            guard let issued = facts.recentScopes[identity.id], !issued.isEmpty,
                let template = facts.templates[identity.template]
            else { continue }
            let unused = Set(template.allowedScopes).subtracting(issued).sorted()
            guard !unused.isEmpty else { continue }
            found.append(
                Detection(
                    kind, about: identity,
                    summary:
                        "Identity '\(identity.name)' did not use the scopes \(unused.joined(separator: ", ")) in \(days) days; narrow its template or its requests.",
                    details: ["unusedScopes": unused.joined(separator: " "), "usedScopes": issued.sorted().joined(separator: " ")]))
        }
        return found
    }

    /// The identity id an entitlement's principal names (`Lanyard::Identity::"idn_…"`), or the principal as stored.
    static func identityID(of principal: String) -> String {
        (try? EntityReference.parse(principal, field: "principal", allowWildcard: false))?.id ?? principal
    }
}
