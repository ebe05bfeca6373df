import LanyardAudit
public import LanyardCredentials
public import LanyardModel
public import Logging
public import ServiceLifecycle
import Foundation

/// Moves identities past their `expiresAt` to `expired`, records tasks past theirs as expired, and records each
/// move in the audit trail (`identity.expire`, `task.expire`).
///
/// Runs as a `Service` in the server's service group, every ``interval``; ``sweep()`` does one pass and is
/// what tests call with an injected clock.
public struct ExpirySweeper: Service {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    let interval: Duration
    let logger: Logger
    /// Identities expired per transaction.
    let batchSize: Int

    public init(
        store: any LanyardStore, audit: any AuditLog, clock: any WallClock, interval: Duration, logger: Logger, batchSize: Int = 100
    ) {
        self.store = store
        self.audit = audit
        self.clock = clock
        self.interval = interval
        self.logger = logger
        self.batchSize = batchSize
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let count = try await sweep()
                if count > 0 { logger.info("expired identities", metadata: ["count": "\(count)"]) }
                let tasks = try await sweepTasks()
                if tasks > 0 { logger.info("expired tasks", metadata: ["count": "\(tasks)"]) }
            } catch {
                logger.error("expiry sweep failed; will retry", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// Expires every identity that is due now. Returns how many were expired.
    @discardableResult
    public func sweep() async throws -> Int {
        let now = clock.now()
        var total = 0
        while true {
            let moved = try await store.write { session in
                let due = try await session.identitiesDue(expiringAtOrBefore: now, limit: batchSize)
                for identity in due {
                    var expired = identity
                    expired.status = .expired
                    expired.updatedAt = now
                    try await session.updateIdentity(expired)
                    _ = try await session.revokeCredentials(tenant: identity.tenant, target: .identity(id: identity.id), at: now, reason: "identity.expire")
                    try await audit.record(
                        AuditEvent(
                            tenant: identity.tenant, at: now, actor: "system:sweeper", action: .identityExpire,
                            target: "identity:\(identity.id)", before: LanyardJSON.value(of: identity),
                            after: LanyardJSON.value(of: expired)),
                        in: session
                    )
                }
                return due.map(\.id)
            }
            total += moved.count
            if moved.count < batchSize { return total }
        }
    }

    /// Records every open task whose time is up as expired, with a `task.expire` event. Its tokens need nothing:
    /// none outlives its task. Returns how many were recorded.
    @discardableResult
    public func sweepTasks() async throws -> Int {
        let now = clock.now()
        var total = 0
        while true {
            let count = try await store.write { session in
                let due = try await session.tasksDue(expiringAtOrBefore: now, limit: batchSize)
                for task in due {
                    try await session.markTaskExpired(tenant: task.tenant, id: task.id)
                    try await audit.record(
                        AuditEvent(
                            tenant: task.tenant, at: now, actor: WorkloadTask.expiryActor, action: .taskExpire, target: "task:\(task.id)",
                            details: ["identity": task.identity, "intent": task.intent]),
                        in: session)
                }
                return due.count
            }
            total += count
            if count < batchSize { return total }
        }
    }
}
