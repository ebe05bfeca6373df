import LanyardAudit
public import LanyardCredentials
public import LanyardModel
public import Logging
import Foundation

/// Moves identities past their `expiresAt` to `expired`, records tasks past theirs as expired, and records each
/// move in the audit trail (`identity.expire`, `task.expire`).
///
/// A ``LeaderJob``: the leader runs a pass every ``interval``; ``sweep()`` and ``sweepTasks()`` are what tests call
/// with an injected clock. Each move is conditional (on PostgreSQL the due rows are also locked, `SKIP LOCKED`), so
/// sweeps running at once on several nodes expire each identity and task once, with one event.
public struct ExpirySweeper: LeaderJob {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    public let interval: Duration
    let logger: Logger
    /// Identities expired per transaction.
    let batchSize: Int
    /// Where expiries queue their `identity.expired` webhooks.
    let outbox: WebhookOutbox

    public var name: String { "expiry-sweep" }

    public init(
        store: any LanyardStore, audit: any AuditLog, clock: any WallClock, interval: Duration, logger: Logger, batchSize: Int = 100,
        random: any RandomSource = SystemRandom()
    ) {
        self.outbox = WebhookOutbox(random: random)
        self.store = store
        self.audit = audit
        self.clock = clock
        self.interval = interval
        self.logger = logger
        self.batchSize = batchSize
    }

    /// Expires the identities, then the tasks, that are due now.
    public func runPass() async throws {
        let count = try await sweep()
        if count > 0 { logger.info("expired identities", metadata: ["count": "\(count)"]) }
        let tasks = try await sweepTasks()
        if tasks > 0 { logger.info("expired tasks", metadata: ["count": "\(tasks)"]) }
    }

    /// Expires every identity that is due now. Returns how many were expired.
    @discardableResult
    public func sweep() async throws -> Int {
        let now = clock.now()
        var total = 0
        while true {
            let batch = try await store.write { session in
                let due = try await session.identitiesDue(expiringAtOrBefore: now, limit: batchSize)
                var moved: [String] = []
                for identity in due {
                    // Conditional: a sweep on another node that got here first leaves nothing to do, and no event.
                    guard try await session.expireIdentity(tenant: identity.tenant, id: identity.id, at: now) else { continue }
                    var expired = identity
                    expired.status = .expired
                    expired.updatedAt = now
                    _ = try await session.revokeCredentials(tenant: identity.tenant, target: .identity(id: identity.id), at: now, reason: "identity.expire")
                    try await audit.record(
                        AuditEvent(
                            tenant: identity.tenant, at: now, actor: "system:sweeper", action: .identityExpire,
                            target: "identity:\(identity.id)", before: LanyardJSON.value(of: identity),
                            after: LanyardJSON.value(of: expired)),
                        in: session
                    )
                    try await outbox.queue(.identity(.identityExpired, expired, at: now), in: session)
                    moved.append(identity.id)
                }
                return (due: due.count, moved: moved)
            }
            total += batch.moved.count
            if batch.due < batchSize { return total }
        }
    }

    /// Records every open task whose time is up as expired, with a `task.expire` event. Its tokens need nothing:
    /// none outlives its task. Returns how many were recorded.
    @discardableResult
    public func sweepTasks() async throws -> Int {
        let now = clock.now()
        var total = 0
        while true {
            let batch = try await store.write { session in
                let due = try await session.tasksDue(expiringAtOrBefore: now, limit: batchSize)
                var recorded = 0
                for task in due {
                    guard try await session.markTaskExpired(tenant: task.tenant, id: task.id) else { continue }
                    recorded += 1
                    try await audit.record(
                        AuditEvent(
                            tenant: task.tenant, at: now, actor: WorkloadTask.expiryActor, action: .taskExpire, target: "task:\(task.id)",
                            details: ["identity": task.identity, "intent": task.intent]),
                        in: session)
                }
                return (due: due.count, recorded: recorded)
            }
            total += batch.recorded
            if batch.due < batchSize { return total }
        }
    }
}
