import Foundation
import Synchronization

/// The in-memory set of revoked credentials that every verification consults, rebuilt from storage on start.
///
/// Two kinds of entries: a revoked `jti` (kept until the token would have expired anyway), and a per-identity
/// cut-off (every token of that identity issued at or before the instant is revoked — used when an identity is
/// suspended, offboarded, expires or has all its credentials revoked). A third kind: an ended task, whose
/// bound tokens (their `task` claim) are all revoked, kept until the task would have expired anyway.
public final class RevocationList: Sendable {
    private struct State {
        var byJTI: [String: Int64] = [:]  // jti → its exp (for pruning)
        var identityCutoff: [String: Int64] = [:]  // identity id → revoke tokens with iat ≤ this
        var endedTasks: [String: Int64] = [:]  // task id → the task's expiry (for pruning)
    }
    private let state = Mutex(State())

    public init() {}

    /// Marks one credential revoked until `expiresAt`.
    public func revoke(jti: String, expiresAt: Int64) {
        state.withLock { $0.byJTI[jti] = expiresAt }
    }

    /// Revokes every token of `identity` issued at or before `at`.
    public func revokeIdentity(_ identity: String, at: Int64) {
        state.withLock { $0.identityCutoff[identity] = max($0.identityCutoff[identity] ?? Int64.min, at) }
    }

    /// The instant (seconds) at or before which every token of `identity` is revoked, if any.
    public func cutoff(identity: String) -> Int64? {
        state.withLock { $0.identityCutoff[identity] }
    }

    /// Revokes every token bound to task `id` (kept until `expiresAt`, the task's own end).
    public func revokeTask(_ id: String, expiresAt: Int64) {
        state.withLock { $0.endedTasks[id] = expiresAt }
    }

    /// Whether task `id` ended (and has not yet expired).
    public func isTaskEnded(_ id: String) -> Bool {
        state.withLock { $0.endedTasks[id] != nil }
    }

    /// Whether a token with these claims is revoked.
    public func isRevoked(jti: String, identity: String, issuedAt: Int64, task: String? = nil, parent: String? = nil) -> Bool {
        state.withLock { state in
            if state.byJTI[jti] != nil { return true }
            if let parent, state.byJTI[parent] != nil { return true }
            if let task, state.endedTasks[task] != nil { return true }
            if let cutoff = state.identityCutoff[identity], issuedAt <= cutoff { return true }
            return false
        }
    }

    /// Drops entries for tokens that have expired by `now` (they are refused for expiry anyway).
    public func prune(now: Int64) {
        state.withLock {
            $0.byJTI = $0.byJTI.filter { $0.value > now }
            $0.endedTasks = $0.endedTasks.filter { $0.value > now }
        }
    }

    /// Number of revoked token ids held.
    public var count: Int { state.withLock { $0.byJTI.count } }
}

/// Client-assertion `jti`s already used, until they expire: an assertion is good for one token request only.
/// Bounded: when full, new assertions are refused rather than old entries forgotten (fail closed).
public final class ReplayCache: Sendable {
    private let seen = Mutex([String: Int64]())
    private let capacity: Int

    public init(capacity: Int = 1_000_000) { self.capacity = capacity }

    /// Records `key` until `expiresAt`; returns `false` if it was already there (a replay) or the cache is full.
    public func insert(_ key: String, expiresAt: Int64, now: Int64) -> Bool {
        seen.withLock { seen in
            if let existing = seen[key], existing > now { return false }
            if seen.count >= capacity {
                seen = seen.filter { $0.value > now }
                if seen.count >= capacity { return false }
            }
            seen[key] = expiresAt
            return true
        }
    }
}
