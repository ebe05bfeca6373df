import CedarPolicy
import Foundation
import LanyardAPI
public import LanyardModel

/// The Cedar policies a reviewer reads before approving an access request.
public struct RequestDeciders: Sendable, Hashable {
    /// The permit an approval adds (the entitlement), as Cedar text; nil when the request's parts no longer parse.
    public var grant: String?
    /// The forbids of the version in force (the tenant's policies, then the guardrails) whose action scope may cover
    /// one of the request's actions: each still denies a use the entitlement would otherwise allow. Cedar text.
    public var forbids: [String]
    /// How many more such forbids there are than ``forbids`` shows.
    public var more: Int
    /// The version in force.
    public var version: Int
}

extension PolicyAdministration {
    /// The most forbids ``deciding(_:tenant:by:)`` returns.
    public static let maxDecidersShown = 20

    /// What decides each use of what `request` asks for once it is approved: the entitlement's permit, and the
    /// version's forbids that may apply to its actions (a forbid always wins over an entitlement; a forbid whose action
    /// scope names a group is kept, since group membership is data).
    /// - Throws: `forbidden` without `policy.read`; `not_found`.
    public func deciding(_ request: AccessRequest, tenant: String, by principal: Principal) async throws -> RequestDeciders {
        try AdminRoles.require(.policyRead, principal, tenant: tenant)
        let version = try await store.read { session in try await Self.latest(tenant: tenant, in: session) }
        let actions = Set(request.actions)
        func mayCover(_ constraint: ActionConstraint) -> Bool {
            func named(_ uid: EntityUID) -> Bool { uid.type.description.hasSuffix("Action") && actions.contains(uid.id.value) }
            switch constraint {
            case .any, .in, .inEntity: return true
            case .eq(let uid): return named(uid)
            }
        }
        var forbids: [String] = []
        var found = 0
        for document in [version.policies, version.guardrails] {
            guard let policies = try? CedarParser.parsePolicies(document) else { continue }
            for policy in policies where policy.effect == .forbid && mayCover(policy.action) {
                found += 1
                if forbids.count < Self.maxDecidersShown { forbids.append(PolicyFormatter.format(policy)) }
            }
        }
        let grant = LiveEntitlements.policyText(
            principal: EntityReference.identity(request.identity).description, actions: request.actions, resource: request.resource)
        return RequestDeciders(grant: grant, forbids: forbids, more: found - forbids.count, version: version.version)
    }
}
