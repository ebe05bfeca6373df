import CedarPolicy
import Foundation
import LanyardModel

/// A tenant's live entitlements as Cedar `permit` policies, compiled for the decision point: each entitlement is
/// `permit (principal in P, action in [A…], resource in R)` (or `resource is T`) named `entitlement:<id>`.
///
/// Expiry, single use and task ends are not in the policies: the decision point checks them against the
/// entitlement (``Entitlement/isLive(at:taskEnded:)``) for every policy that matched, so a set compiled a while ago
/// never lets an expired entitlement allow.
struct LiveEntitlements: Sendable {
    let policies: PolicySet
    /// The entitlement of each policy id.
    let byPolicyID: [String: Entitlement]

    /// The policy id prefix of entitlements.
    static let policyPrefix = "entitlement:"

    static let empty = LiveEntitlements(policies: PolicySet(), byPolicyID: [:])

    var isEmpty: Bool { byPolicyID.isEmpty }

    /// Compiles `entitlements`; one whose principal, actions or resource no longer parse is left out (it allows
    /// nothing), which cannot happen to one the API stored.
    static func compile(_ entitlements: [Entitlement]) -> LiveEntitlements {
        var policies: [Policy] = []
        var byID: [String: Entitlement] = [:]
        for entitlement in entitlements {
            guard let text = policyText(entitlement), var policy = try? CedarParser.parsePolicies(text).first else { continue }
            policy.id = policyPrefix + entitlement.id
            policies.append(policy)
            byID[policy.id] = entitlement
        }
        return LiveEntitlements(policies: PolicySet(policies: policies), byPolicyID: byID)
    }

    /// The Cedar text of one entitlement's permit, or nil when a part does not parse.
    static func policyText(_ entitlement: Entitlement) -> String? {
        policyText(principal: entitlement.principal, actions: entitlement.actions, resource: entitlement.resource)
    }

    /// The Cedar text of the permit an entitlement of `principal` for `actions` on `resource` is, or nil when a part
    /// does not parse.
    static func policyText(principal: String, actions: [String], resource: String) -> String? {
        guard let principal = try? EntityReference.parse(principal, field: "principal", allowWildcard: false),
            let resource = try? EntityReference.parse(resource, field: "resource", allowWildcard: true),
            !actions.isEmpty
        else { return nil }
        let actions = actions.map { EntityUID("Action", $0).description }.joined(separator: ", ")
        return "permit (principal \(principal.scopeConstraint), action in [\(actions)], resource \(resource.scopeConstraint));"
    }
}
