public import LanyardCore
import LanyardModel
import Synchronization

/// One leader lock shared by simulated nodes in a test process, like a PostgreSQL advisory lock shared by the
/// nodes on one database: at most one holder. A test can cut the holder off (its connection died: the lock is
/// freed and the holder told) or make the database unreachable (every call throws).
public final class SimulatedLeaderLock: Sendable {
    private struct State {
        var holder: Int?
        var onLost: (@Sendable () -> Void)?
        var nodes = 0
        var unreachable = false
    }

    private let state = Mutex(State())

    public init() {}

    /// The lock as one more node sees it.
    public func node() -> any LeaderLock {
        let id = state.withLock { state -> Int in
            state.nodes += 1
            return state.nodes
        }
        return Node(lock: self, id: id)
    }

    /// Whether the database answers; while not, every try and check throws (the holder keeps the lock, as a live
    /// session would, until ``cutOffHolder()``).
    public func setUnreachable(_ unreachable: Bool) {
        state.withLock { $0.unreachable = unreachable }
    }

    /// Ends the holder's session: the lock is free, and the holder is told its lock was lost.
    public func cutOffHolder() {
        let onLost = state.withLock { state -> (@Sendable () -> Void)? in
            defer {
                state.holder = nil
                state.onLost = nil
            }
            return state.onLost
        }
        onLost?()
    }

    /// The node holding the lock (numbered from 1 in the order of ``node()``), if any.
    public var holder: Int? { state.withLock { $0.holder } }

    private struct Node: LeaderLock {
        let lock: SimulatedLeaderLock
        let id: Int

        func tryAcquire(onLost: @escaping @Sendable () -> Void) async throws -> Bool {
            try lock.state.withLock { state in
                guard !state.unreachable else { throw LanyardError(.storageUnavailable, "The simulated database does not answer.") }
                if state.holder == nil {
                    state.holder = id
                    state.onLost = onLost
                }
                return state.holder == id
            }
        }

        func stillHeld() async throws -> Bool {
            try lock.state.withLock { state in
                guard !state.unreachable else { throw LanyardError(.storageUnavailable, "The simulated database does not answer.") }
                return state.holder == id
            }
        }

        func release() async {
            lock.state.withLock { state in
                if state.holder == id {
                    state.holder = nil
                    state.onLost = nil
                }
            }
        }
    }
}
