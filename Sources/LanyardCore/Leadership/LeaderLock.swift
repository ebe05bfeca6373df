/// The lock that makes one node the leader among the nodes sharing a database: at most one holder at a time.
///
/// Implementations MUST:
/// - make ``tryAcquire(onLost:)`` take the lock without waiting, and answer `true` only while this node holds it;
/// - make ``stillHeld()`` answer `true` only when the lock is held now, checked against the database (a dead or
///   unanswering connection is `false` or an error, never `true`);
/// - call `onLost` as soon as they learn, by themselves, that the lock is gone (its connection closed);
/// - bound how long the lock outlives a holder that died or hangs (PostgreSQL: the session is closed).
///
/// `LanyardStorage` provides the PostgreSQL advisory lock and the single-node lock of SQLite.
public protocol LeaderLock: Sendable {
    /// Tries to take the lock without waiting; `true` when this node holds it. `onLost` is called (once, from any
    /// thread) if the lock is later lost without ``release()``.
    func tryAcquire(onLost: @escaping @Sendable () -> Void) async throws -> Bool
    /// Whether the lock taken by ``tryAcquire(onLost:)`` is still held, as the database sees it.
    func stillHeld() async throws -> Bool
    /// Lets go of the lock, if held. Safe to call at any time, more than once.
    func release() async
}
