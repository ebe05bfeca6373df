import Foundation
import LanyardCredentials
import LanyardModel
import Synchronization

/// Reloads a tenant's signing keys into the ``KeyRing`` after a change, one reload per tenant at a time: a change
/// that arrives while a reload runs makes it run once more, so the last reload always starts after the last
/// change and the ring ends up with what the store holds.
final class SigningKeyReloads: Sendable {
    private enum Run {
        case running
        case runningAgain
    }

    private let ring: KeyRing
    private let store: any LanyardStore
    private let clock: any WallClock
    private let runs = Mutex([String: Run]())

    init(ring: KeyRing, store: any LanyardStore, clock: any WallClock) {
        self.ring = ring
        self.store = store
        self.clock = clock
    }

    /// Asks for `tenant`'s keys to be reloaded.
    func request(_ tenant: String) {
        let start = runs.withLock { runs -> Bool in
            guard runs[tenant] == nil else {
                runs[tenant] = .runningAgain
                return false
            }
            runs[tenant] = .running
            return true
        }
        guard start else { return }
        Task { await self.reload(tenant) }
    }

    private func reload(_ tenant: String) async {
        while true {
            // A failed reload keeps the keys the ring has; the next change or the node's resync tries again.
            if let records = try? await store.read({ try await $0.signingKeys(tenant: tenant) }) {
                try? await ring.load(tenant: tenant, records: records, now: clock.now())
            }
            let again = runs.withLock { runs -> Bool in
                if runs[tenant] == .runningAgain {
                    runs[tenant] = .running
                    return true
                }
                runs[tenant] = nil
                return false
            }
            guard again else { return }
        }
    }
}
