import LanyardCore

/// The leader lock of a single node (SQLite): always free, so the one node always leads.
struct SingleNodeLeaderLock: LeaderLock {
    func tryAcquire(onLost: @escaping @Sendable () -> Void) async throws -> Bool { true }
    func stillHeld() async throws -> Bool { true }
    func release() async {}
}
