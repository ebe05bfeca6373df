import Synchronization

/// A first-come, first-served lock for async code, held across suspension points.
///
/// Actor methods interleave at every `await`, so an actor alone cannot keep a multi-statement transaction on one
/// SQLite connection from interleaving with another; this lock can. Its state sits behind a mutex, not in an actor:
/// taking a free lock is one uncontended mutex operation on the caller's own thread, and only a caller that must wait
/// suspends. (As an actor it cost every transaction two hops to the cooperative pool and back: the group committer's
/// writer loop, which runs on a thread of its own, paid them on every commit.)
///
/// Release hands the lock straight to the longest waiter, which never finds it free in between.
final class AsyncLock: Sendable {
    private struct State {
        var held = false
        /// In arrival order; a handful at most (one per waiting transaction or read).
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    func acquire() async {
        let taken = state.withLock { state -> Bool in
            guard !state.held else { return false }
            state.held = true
            return true
        }
        guard !taken else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let taken = state.withLock { state -> Bool in
                guard !state.held else {
                    state.waiters.append(continuation)
                    return false
                }
                state.held = true
                return true
            }
            if taken { continuation.resume() }
        }
    }

    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiters.isEmpty else {
                state.held = false
                return nil
            }
            // The lock stays held: it passes to this waiter.
            return state.waiters.removeFirst()
        }
        next?.resume()
    }

    /// Runs `body` while holding the lock.
    func withLock<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        do {
            let result = try await body()
            release()
            return result
        } catch {
            release()
            throw error
        }
    }
}
