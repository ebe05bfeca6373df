import Foundation
import LanyardModel
import Synchronization

/// Principals of recently authenticated administrator tokens, keyed by token hash, each for a short time.
/// Bounded: when full it is emptied.
final class PrincipalCache: Sendable {
    let entries = Mutex([String: (Principal, Date)]())
    private let capacity = 10_000

    func get(_ hash: String, now: Date) -> Principal? {
        entries.withLock { entries in
            guard let (principal, until) = entries[hash] else { return nil }
            return until > now ? principal : nil
        }
    }

    func put(_ hash: String, _ principal: Principal, until: Date) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[hash] = (principal, until)
        }
    }
}

extension PrincipalCache {
    /// Forgets every principal (after a token is revoked, so it stops working on this node at once).
    func removeAll() {
        entries.withLock { $0.removeAll(keepingCapacity: true) }
    }
}
