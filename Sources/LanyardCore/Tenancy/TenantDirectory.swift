import Foundation
public import LanyardModel
import Synchronization

/// Which tenants exist, answered from memory once seen: tenants are created but never deleted, so a name seen
/// once stays valid; a name not found is asked of the store again next time (it may have been created since,
/// on this node or another).
public final class TenantDirectory: Sendable {
    let store: any LanyardStore
    private let known = Mutex(Set<String>())

    public init(store: any LanyardStore) {
        self.store = store
    }

    /// Whether a tenant named `name` exists.
    public func exists(_ name: String) async throws -> Bool {
        if known.withLock({ $0.contains(name) }) { return true }
        guard name.utf8.count <= 256, try await store.read({ session in try await session.tenant(named: name) }) != nil else { return false }
        known.withLock { known in
            if known.count >= 100_000 { known.removeAll(keepingCapacity: true) }
            _ = known.insert(name)
        }
        return true
    }
}
