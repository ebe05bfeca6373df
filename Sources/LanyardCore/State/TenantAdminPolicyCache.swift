import Foundation
import CedarPolicy
import Synchronization

/// Each tenant's compiled admin policies, for a few seconds; owned by ``TenantState`` and dropped at once when a
/// change to them is applied.
final class TenantAdminPolicyCache: Sendable {
    private let entries = Mutex([String: (PolicySet?, Date)]())

    /// The cached set (itself `nil` when the tenant has no admin policies), or `nil` on a miss.
    func get(_ tenant: String, now: Date) -> PolicySet?? {
        entries.withLock { entries in
            guard let (set, until) = entries[tenant], until > now else { return nil }
            return .some(set)
        }
    }

    func put(_ tenant: String, policies: PolicySet?, until: Date) {
        entries.withLock { entries in
            if entries.count >= 10_000 { entries.removeAll(keepingCapacity: true) }
            entries[tenant] = (policies, until)
        }
    }

    func forget(_ tenant: String) {
        _ = entries.withLock { $0.removeValue(forKey: tenant) }
    }
}
