import Foundation
import LanyardModel
import Synchronization

/// Identities by tenant and id, kept for a short time so that the hot paths (token issuance, SVIDs, tasks) do
/// not read the same row from the database on every request.
///
/// Owned by ``TenantState``. Never stale with respect to writes made on this node: the store publishes each
/// committed identity change (``StateChange/identity(tenant:id:)``) before answering the writer, which drops the
/// entry, and a read that raced with a write is not cached — a filler records the ``generation`` before reading
/// and ``store(_:generation:)`` drops the entry if any identity change was applied since. Changes made by other
/// nodes arrive on the same stream from PostgreSQL; ``ttl`` bounds how long a missed one could be served.
final class IdentityCache: Sendable {
    struct Key: Hashable, Sendable {
        var tenant: String
        var id: String
    }

    private struct Entry {
        var identity: Identity
        var storedAt: UInt64
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var generation: UInt64 = 0
    }

    /// How long an entry is served, in nanoseconds of the monotonic clock.
    let ttl: UInt64
    /// Most entries kept; when full, the cache starts over (the next reads refill it).
    let capacity: Int
    private let now: @Sendable () -> UInt64
    private let state = Mutex(State())

    /// One second: the longest another node's change to an identity can go unseen here.
    static let defaultTTL: UInt64 = 1_000_000_000

    init(ttl: UInt64 = IdentityCache.defaultTTL, capacity: Int = 10_000, now: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }) {
        self.ttl = ttl
        self.capacity = capacity
        self.now = now
    }

    /// The cached identity, if it was stored less than ``ttl`` ago.
    func lookup(_ key: Key) -> Identity? {
        let instant = now()
        return state.withLock { state in
            guard let entry = state.entries[key] else { return nil }
            guard instant >= entry.storedAt, instant - entry.storedAt < ttl else {
                state.entries[key] = nil
                return nil
            }
            return entry.identity
        }
    }

    /// The write generation; read it before reading the database, pass it to ``store(_:generation:)``.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// Caches `identity` unless an identity was written since `generation` was read.
    func store(_ identity: Identity, generation: UInt64) {
        let instant = now()
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[Key(tenant: identity.tenant, id: identity.id)] = Entry(identity: identity, storedAt: instant)
        }
    }

    /// Forgets `keys` and moves the generation on, so that reads in flight are not cached.
    func invalidate(_ keys: some Sequence<Key>) {
        state.withLock { state in
            state.generation &+= 1
            for key in keys { state.entries[key] = nil }
        }
    }
}
