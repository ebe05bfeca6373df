import Foundation
import LanyardCredentials
import LanyardModel

extension TenantState {
    /// A live entitlement granted to `identity` itself that unlocks `scope` (one its template grants only with an
    /// approval), the one that lasts longest; nil when there is none.
    func entitlement(unlocking scope: String, for identity: Identity, tenant: String) async throws -> Entitlement? {
        let live = try await entitlements.snapshots.snapshot(tenant)
        let principal = EntityReference.identity(identity.id).description
        let now = clock.now()
        return live.byPolicyID.values.filter { entitlement in
            entitlement.principal == principal && entitlement.scopes.contains(scope) && !entitlement.singleUse
                && entitlement.isLive(at: now, taskEnded: entitlement.task.map { revocations.isTaskEnded($0) } ?? false)
                && !entitlements.isEnded(tenant: tenant, id: entitlement.id)
        }.max { $0.expiresAt < $1.expiresAt }
    }
}
