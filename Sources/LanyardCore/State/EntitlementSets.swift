import Foundation
import LanyardModel
import Synchronization

/// The live entitlements of each tenant, compiled for the decision point (``LiveEntitlements``), and the ones that
/// ended since; owned by ``TenantState``.
///
/// A grant reloads the tenant's set in the background (``TenantSnapshots``). An end must not wait for that: the
/// ended id is recorded at once (``end(tenant:id:expiresAt:)``) and ``isEnded(tenant:id:)`` refuses it from then on,
/// on every node as the change arrives, until the entitlement would have expired anyway (``prune(now:)``).
final class EntitlementSets: Sendable {
    let snapshots: TenantSnapshots<LiveEntitlements>
    private let ended = Mutex([TenantScopedKey: Int64]())

    init(load: @escaping @Sendable (String) async throws -> LiveEntitlements) {
        snapshots = TenantSnapshots(load: load)
    }

    func end(tenant: String, id: String, expiresAt: Int64) {
        ended.withLock { $0[TenantScopedKey(tenant: tenant, id: id)] = expiresAt }
    }

    func isEnded(tenant: String, id: String) -> Bool {
        ended.withLock { $0[TenantScopedKey(tenant: tenant, id: id)] != nil }
    }

    /// Forgets ended entitlements past their expiry (they allow nothing anyway).
    func prune(now: Int64) {
        ended.withLock { $0 = $0.filter { $0.value > now } }
    }
}

/// Entitlements' last uses noted by the decision point, written to the store in batches
/// (``EntitlementStore/recordEntitlementUse(tenant:lastUsed:)``) by ``EntitlementSweeper``.
final class EntitlementUsage: Sendable {
    private let uses = Mutex([String: [String: Date]]())

    func note(tenant: String, id: String, at: Date) {
        uses.withLock { $0[tenant, default: [:]][id] = at }
    }

    /// Everything noted since the last drain, by tenant.
    func drain() -> [String: [String: Date]] {
        uses.withLock { uses in
            defer { uses = [:] }
            return uses
        }
    }
}
