public import Logging
public import ServiceLifecycle
import Synchronization

/// Whether this node is the leader of the nodes sharing a database, kept by campaigning for a ``LeaderLock``.
///
/// A `Service`: every ``campaignInterval`` a follower tries to take the lock, and the leader checks that it still
/// holds it. Leadership ends at once — fail closed — when the lock's connection closes, when the check fails or
/// does not answer (the database is unreachable), and at shutdown (the lock is let go, so another node takes over
/// within one campaign interval). Each time this node becomes the leader a new ``term`` starts, so a job can tell a
/// lost-and-regained leadership from an unbroken one.
///
/// On SQLite the lock is always free and the single node leads from its first campaign.
public final class Leadership: Service, Sendable {
    /// What changed: `true` when this node became the leader, `false` when it stopped.
    public typealias ChangeHandler = @Sendable (Bool) -> Void

    private struct State {
        var leading = false
        var term: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<UInt64?, Never>] = [:]
        var nextWaiter: UInt64 = 0
        var failing = false
    }

    let lock: any LeaderLock
    /// Time between two campaigns (a follower's try, the leader's check).
    public let campaignInterval: Duration
    let logger: Logger
    let onChange: ChangeHandler
    private let state = Mutex(State())

    public init(lock: any LeaderLock, campaignInterval: Duration = .seconds(1), logger: Logger, onChange: @escaping ChangeHandler = { _ in }) {
        self.lock = lock
        self.campaignInterval = campaignInterval
        self.logger = logger
        self.onChange = onChange
    }

    /// Whether this node leads now.
    public var isLeader: Bool { state.withLock { $0.leading } }

    /// The number of the current (or last) term of leadership of this node; 0 before the first.
    public var term: UInt64 { state.withLock { $0.term } }

    /// Whether this node leads, in the term `term` (not a later one).
    public func isLeading(term: UInt64) -> Bool {
        state.withLock { $0.leading && $0.term == term }
    }

    /// Campaigns until shutdown or cancellation, then lets go of the lock.
    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await campaign()
            try? await cancelWhenGracefulShutdown { [campaignInterval] in try await Task.sleep(for: campaignInterval) }
        }
        stepDown(reason: "shutting down", level: .notice)
        await lock.release()
    }

    /// One campaign: a follower tries to take the lock; the leader checks it still holds it.
    public func campaign() async {
        let (leading, term) = state.withLock { ($0.leading, $0.term) }
        if leading {
            var held = false
            do {
                held = try await lock.stillHeld()
            } catch {
                logger.error("cannot check the leader lock; no longer leading", metadata: ["error": "\(error)"])
            }
            if !held {
                stepDown(term: term, reason: "the leader lock is no longer held")
                await lock.release()
            }
            return
        }
        do {
            let next = term + 1
            let won = try await lock.tryAcquire { [weak self] in
                self?.stepDown(term: next, reason: "the leader lock's connection closed")
            }
            noteCampaignSucceeded()
            if won { becomeLeader() }
        } catch {
            noteCampaignFailed(error)
        }
    }

    /// Suspends until this node leads and returns the term; `nil` when the calling task is cancelled first.
    public func waitForLeadership() async -> UInt64? {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<UInt64?, Never>) in
                let immediate: UInt64?? = state.withLock { state in
                    if Task.isCancelled { return .some(nil) }
                    if state.leading { return .some(state.term) }
                    state.waiters[id] = continuation
                    return .none
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(returning: nil)
        }
    }

    private func becomeLeader() {
        let (term, waiters) = state.withLock { state -> (UInt64, [CheckedContinuation<UInt64?, Never>]) in
            state.leading = true
            state.term += 1
            defer { state.waiters.removeAll() }
            return (state.term, Array(state.waiters.values))
        }
        logger.notice("this node is now the leader", metadata: ["term": "\(term)"])
        onChange(true)
        for waiter in waiters { waiter.resume(returning: term) }
    }

    /// Ends leadership now, if it is the term `term` (any term when `nil`).
    private func stepDown(term: UInt64? = nil, reason: String, level: Logger.Level = .warning) {
        let ended = state.withLock { state -> Bool in
            guard state.leading, term == nil || term == state.term else { return false }
            state.leading = false
            return true
        }
        guard ended else { return }
        logger.log(level: level, "this node is no longer the leader", metadata: ["reason": "\(reason)"])
        onChange(false)
    }

    private func noteCampaignSucceeded() {
        let recovered = state.withLock { state -> Bool in
            defer { state.failing = false }
            return state.failing
        }
        if recovered { logger.notice("campaigning for leadership again") }
    }

    /// Logs the first of a run of failed campaigns (the database is down: one line, not one a second).
    private func noteCampaignFailed(_ error: any Error) {
        let first = state.withLock { state -> Bool in
            defer { state.failing = true }
            return !state.failing
        }
        if first { logger.error("cannot campaign for leadership; will retry", metadata: ["error": "\(error)"]) }
    }
}
