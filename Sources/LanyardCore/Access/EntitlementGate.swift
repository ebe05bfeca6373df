import CedarPolicy
import Foundation
import LanyardCredentials
import LanyardModel

/// What live entitlements allow at the decision point, after the tenant's policies denied for want of a permit
/// (a forbid is never lifted).
///
/// The tenant's live entitlements are one compiled ``LiveEntitlements`` set in ``TenantState``; each match is checked
/// against the clock, its task and the entitlements that just ended before it counts. A single-use entitlement is
/// used up by the decision it allows: ending it is a conditional write, so of two decisions racing for it exactly
/// one is allowed. Every other use is noted in memory and written in batches (``EntitlementSweeper``).
struct EntitlementGate: Sendable {
    let state: TenantState
    let store: any LanyardStore
    let ending: EntitlementEnding

    /// The actor of ends the decision point makes.
    static let actor = "system:decision-point"

    /// The policy id (`entitlement:<id>`) of a live entitlement that allows `request`, or nil. With `consuming`, a
    /// single-use entitlement that allows it is used up (an entitlement that is not single use is preferred).
    func allowing(_ request: Request, entities: Entities, tenant: String, consuming: Bool) async throws -> String? {
        let live = try await state.entitlements.snapshots.snapshot(tenant)
        guard !live.isEmpty else { return nil }
        let answer = Authorizer.isAuthorized(request, policies: live.policies, entities: entities)
        guard answer.decision == .allow else { return nil }
        let now = state.clock.now()
        var singleUse: [(policy: String, entitlement: Entitlement)] = []
        for policy in answer.reason.sorted() {
            guard let entitlement = live.byPolicyID[policy], usable(entitlement, tenant: tenant, at: now) else { continue }
            if entitlement.singleUse {
                singleUse.append((policy, entitlement))
                continue
            }
            state.entitlementUsage.note(tenant: tenant, id: entitlement.id, at: now)
            return policy
        }
        for (policy, entitlement) in singleUse {
            guard consuming else { return policy }
            if try await useUp(entitlement, at: now) { return policy }
        }
        return nil
    }

    /// Live at `now`, its task not ended, and not ended since the set was compiled.
    func usable(_ entitlement: Entitlement, tenant: String, at now: Date) -> Bool {
        let taskEnded = entitlement.task.map { state.revocations.isTaskEnded($0) } ?? false
        return entitlement.isLive(at: now, taskEnded: taskEnded) && !state.entitlements.isEnded(tenant: tenant, id: entitlement.id)
    }

    /// Ends a single-use entitlement as `used`; false when another decision used it first (or it ended).
    private func useUp(_ entitlement: Entitlement, at now: Date) async throws -> Bool {
        let ending = self.ending
        return try await store.write { session in
            guard
                try await ending.end(
                    entitlement.id, tenant: entitlement.tenant, as: .used, reason: "single use: its one decision was allowed", actor: Self.actor,
                    at: now, in: session) != nil
            else { return false }
            try await session.recordEntitlementUse(tenant: entitlement.tenant, lastUsed: [entitlement.id: now])
            return true
        }
    }
}
