public import Foundation

/// A task a workload opened for its identity: a declared intent and a bounded life. Credentials bound to a task
/// carry its id (`task` claim), never outlive it, and die together when it ends.
///
/// The life of a task is a small state machine: `open` → `ended` (by the workload or an administrator) or
/// `open` → `expired` (its `expiresAt` passes). Both end states are final. `expired` needs no write to become
/// true: it is the state of an open task whose time is up. The expiry sweep later records it (`endedBy` =
/// ``expiryActor``) so that the `task.expire` audit event is written once.
public struct WorkloadTask: Sendable, Hashable, Codable {
    /// `tsk_…`.
    public var id: String
    public var tenant: String
    /// The identity the task belongs to.
    public var identity: String
    /// What the workload declared it is about to do.
    public var intent: String
    public var openedAt: Date
    /// When the task ends by itself; bound credentials expire at or before it.
    public var expiresAt: Date
    /// When the task was ended; nil while open.
    public var endedAt: Date?
    /// Who ended it (`identity:…` or `admin:…`); nil while open.
    public var endedBy: String?

    public init(
        id: String, tenant: String, identity: String, intent: String, openedAt: Date, expiresAt: Date, endedAt: Date? = nil,
        endedBy: String? = nil
    ) {
        self.id = id
        self.tenant = tenant
        self.identity = identity
        self.intent = intent
        self.openedAt = openedAt
        self.expiresAt = expiresAt
        self.endedAt = endedAt
        self.endedBy = endedBy
    }

    /// The states of a task.
    public enum Status: String, Sendable, Hashable, Codable {
        case open, ended, expired
    }

    /// The state at `now`.
    public func status(at now: Date) -> Status {
        if endedAt != nil { return endedBy == Self.expiryActor ? .expired : .ended }
        return expiresAt <= now ? .expired : .open
    }

    /// The task after ending it at `now` by `actor`.
    ///
    /// - Throws: `invalid_state` when the task has already ended or expired (ending is not repeated).
    public func ending(at now: Date, by actor: String) throws -> WorkloadTask {
        switch status(at: now) {
        case .open:
            var ended = self
            ended.endedAt = now
            ended.endedBy = actor
            return ended
        case .ended: throw LanyardError(.invalidState, "Task \(id) has already ended.")
        case .expired: throw LanyardError(.invalidState, "Task \(id) has already expired.")
        }
    }

    /// The instant after which no credential bound to the task is valid: when it ended, else when it expires.
    public var cutoff: Date { endedAt.map { min($0, expiresAt) } ?? expiresAt }

    /// The `endedBy` of a task the expiry sweep recorded as expired.
    public static let expiryActor = "system:sweeper"
    /// Longest intent, in characters.
    public static let maxIntentLength = 512
    /// Longest a task may last.
    public static let maxDuration: Int64 = 24 * 3600
    /// Life of a task when the request names none.
    public static let defaultDuration: Int64 = 3600
}
