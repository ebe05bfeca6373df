import Foundation
import LanyardModel
import Synchronization

/// Rows read from the store, by key, kept for a short time so that the hot paths (token issuance, SVIDs, tasks,
/// federation) do not read the same row from the database on every request: identities by id
/// (``IdentityCache``) and an identity's federation trusts (``TrustCache``).
///
/// Owned by ``TenantState``. Never stale with respect to writes made on this node: the store publishes each
/// committed change (``StateChange``) before answering the writer, which drops the entry, and a read that raced with a
/// write is not cached — a filler records the ``generation`` before reading and ``store(_:for:generation:)`` drops
/// the value if any change was applied since. Changes made by other nodes arrive on the same stream from PostgreSQL;
/// ``ttl`` bounds how long a missed one could be served.
final class FreshCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
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

    /// One second: the longest another node's change can go unseen here if its change never arrived.
    static var defaultTTL: UInt64 { 1_000_000_000 }

    init(ttl: UInt64 = defaultTTL, capacity: Int = 10_000, now: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }) {
        self.ttl = ttl
        self.capacity = capacity
        self.now = now
    }

    /// The cached value, if it was stored less than ``ttl`` ago.
    func lookup(_ key: Key) -> Value? {
        let instant = now()
        return state.withLock { state in
            guard let entry = state.entries[key] else { return nil }
            guard instant >= entry.storedAt, instant - entry.storedAt < ttl else {
                state.entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    /// The write generation; read it before reading the database, pass it to ``store(_:for:generation:)``.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// Caches `value` unless a change was applied since `generation` was read.
    func store(_ value: Value, for key: Key, generation: UInt64) {
        let instant = now()
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = Entry(value: value, storedAt: instant)
        }
    }

    /// Forgets every entry and moves the generation on.
    func removeAll() {
        state.withLock { state in
            state.generation &+= 1
            state.entries.removeAll(keepingCapacity: true)
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

/// A row of one tenant, by id.
struct TenantScopedKey: Hashable, Sendable {
    var tenant: String
    var id: String
}

/// An owner's status as read, including that none was ever set.
struct KnownOwnerStatus: Sendable {
    var status: OwnerStatus?
}

/// Identities by tenant and id.
typealias IdentityCache = FreshCache<TenantScopedKey, Identity>

/// Each identity's federation trusts, by tenant and identity id.
typealias TrustCache = FreshCache<TenantScopedKey, [FederationTrust]>

extension FreshCache where Key == TenantScopedKey, Value == Identity {
    /// Caches `identity` under its tenant and id unless an identity was written since `generation` was read.
    func store(_ identity: Identity, generation: UInt64) {
        store(identity, for: TenantScopedKey(tenant: identity.tenant, id: identity.id), generation: generation)
    }
}
