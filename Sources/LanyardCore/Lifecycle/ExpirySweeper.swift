import LanyardAudit
public import LanyardCredentials
public import LanyardModel
public import Logging
import Foundation

/// Moves identities past their `expiresAt` to `expired`, records tasks past theirs as expired, suspends orphaned
/// identities whose grace period ended without a transfer, and records each move in the audit trail
/// (`identity.expire`, `task.expire`, `identity.suspend`).
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
    /// How expired entitlements are ended.
    let ending: EntitlementEnding

    public var name: String { "expiry-sweep" }

    public init(
        store: any LanyardStore, audit: any AuditLog, clock: any WallClock, interval: Duration, logger: Logger, batchSize: Int = 100,
        random: any RandomSource = SystemRandom()
    ) {
        self.outbox = WebhookOutbox(random: random)
        self.ending = EntitlementEnding(audit: audit, random: random)
        self.store = store
        self.audit = audit
        self.clock = clock
        self.interval = interval
        self.logger = logger
        self.batchSize = batchSize
    }

    /// Runs every step of a pass — identities, orphans, idle identities, tasks, entitlements, access requests,
    /// break-glass reviews, reminders, campaign deadlines, scheduled campaigns — each on its own: a step that fails
    /// (a poison row, a lost connection) is logged and the others still run, then the pass throws ``StepsFailed``
    /// naming the steps that failed (the leader job logs it and tries again next interval).
    public func runPass() async throws {
        let steps: [(name: String, done: String, run: () async throws -> Int)] = [
            ("identities", "expired identities", sweep), ("orphans", "suspended orphaned identities", suspendOrphans),
            ("idle", "offboarded inactive identities", offboardIdle), ("tasks", "expired tasks", sweepTasks),
            ("entitlements", "expired entitlements", endExpiredEntitlements), ("access-requests", "expired access requests", expireAccessRequests),
            ("break-glass", "suspended identities of unreviewed break-glass", suspendUnreviewedBreakGlass),
            ("review-reminders", "reminded reviewers", remindReviewers), ("review-deadlines", "closed review campaigns", closeDueReviews),
            ("review-schedules", "started scheduled review campaigns", startScheduledReviews),
        ]
        var failed: [String] = []
        for step in steps {
            do {
                let count = try await step.run()
                if count > 0 { logger.info("\(step.done)", metadata: ["count": "\(count)"]) }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                logger.error("an expiry sweeper step failed; the others still run", metadata: ["step": "\(step.name)", "error": "\(error)"])
                failed.append(step.name)
            }
        }
        if !failed.isEmpty { throw StepsFailed(steps: failed) }
    }

    /// The steps of a pass that failed (each was logged with its error).
    public struct StepsFailed: Error, CustomStringConvertible {
        public let steps: [String]
        public var description: String { "expiry sweeper steps failed: \(steps.joined(separator: ", "))" }
    }

    /// Expires every identity that is due now. Returns how many were expired.
    @discardableResult
    public func sweep() async throws -> Int {
        let now = clock.now()
        return try await inBatches { session in
            try await session.identitiesDue(expiringAtOrBefore: now, limit: batchSize)
        } move: { identity, session in
            // Conditional: a sweep on another node that got here first leaves nothing to do, and no event.
            guard try await session.expireIdentity(tenant: identity.tenant, id: identity.id, at: now) else { return false }
            var expired = identity
            expired.status = .expired
            expired.updatedAt = now
            _ = try await session.revokeCredentials(tenant: identity.tenant, target: .identity(id: identity.id), at: now, reason: "identity.expire")
            if identity.status == .orphaned {
                _ = try await session.resolveFinding(
                    tenant: identity.tenant, subject: "identity:\(identity.id)", kind: .orphanedIdentity, at: now, resolution: "identity expired")
            }
            try await audit.record(
                AuditEvent(
                    tenant: identity.tenant, at: now, actor: Self.actor, action: .identityExpire, target: "identity:\(identity.id)",
                    before: LanyardJSON.value(of: identity), after: LanyardJSON.value(of: expired)),
                in: session)
            try await outbox.queue(.identity(.identityExpired, expired, at: now), in: session)
            return true
        }
    }

    /// The actor of the sweeper's own changes in the audit log.
    static let actor = WorkloadTask.expiryActor

    /// Suspends every orphaned identity whose grace period is over (nobody transferred it). Each is audited as
    /// `identity.suspend` and reported as `identity.suspended`; its open `orphaned-identity` finding stays open.
    /// Returns how many were suspended.
    @discardableResult
    public func suspendOrphans() async throws -> Int {
        let now = clock.now()
        return try await inBatches { session in
            try await session.orphansDue(graceEndedAtOrBefore: now, limit: batchSize)
        } move: { identity, session in
            guard try await session.suspendOrphan(tenant: identity.tenant, id: identity.id, at: now) else { return false }
            var suspended = identity
            suspended.status = .suspended
            suspended.updatedAt = now
            let details = ["reason": "its owner '\(identity.owner)' left and it was not transferred within the grace period"]
            try await audit.record(
                AuditEvent(
                    tenant: identity.tenant, at: now, actor: Self.actor, action: .identitySuspend, target: "identity:\(identity.id)",
                    before: LanyardJSON.value(of: identity), after: LanyardJSON.value(of: suspended), details: details),
                in: session)
            try await outbox.queue(.identity(.identitySuspended, suspended, at: now, details: details), in: session)
            return true
        }
    }

    /// Offboards every active identity whose offboarding trigger is `inactivity` and that was issued no credential for
    /// its template's `inactivityPeriod` (counted from registration when it never got one): credentials revoked,
    /// trusts removed, tasks ended, `identity.offboard` by the sweeper, `identity.offboarded` sent. Returns how many.
    @discardableResult
    public func offboardIdle() async throws -> Int {
        let now = clock.now()
        var total = 0
        for tenant in try await store.read({ try await $0.tenants() }) {
            for template in try await store.read({ try await $0.templates(tenant: tenant.name) }) {
                let idleSince = now.addingTimeInterval(-TimeInterval(template.inactivityPeriod.seconds))
                let reason = "no credential issued for \(template.inactivityPeriod) (offboarding trigger: inactivity)"
                total += try await inBatches { session in
                    try await session.idleIdentities(tenant: tenant.name, template: template.name, idleSince: idleSince, limit: batchSize)
                } move: { identity, session in
                    var retired = identity
                    retired.status = .offboarded
                    retired.offboardReason = reason
                    retired.updatedAt = now
                    try await session.updateIdentity(retired)
                    let revoked = try await session.revokeCredentials(
                        tenant: identity.tenant, target: .identity(id: identity.id), at: now, reason: AuditAction.identityOffboard.rawValue)
                    var details = try await Inventory.retire(retired, actor: Self.actor, at: now, ending: ending, in: session)
                    details["reason"] = reason
                    details["revokedCredentials"] = String(revoked.count)
                    try await audit.record(
                        AuditEvent(
                            tenant: identity.tenant, at: now, actor: Self.actor, action: .identityOffboard, target: "identity:\(identity.id)",
                            before: LanyardJSON.value(of: identity), after: LanyardJSON.value(of: retired), details: details),
                        in: session)
                    try await outbox.queue(.identity(.identityOffboarded, retired, at: now, details: details), in: session)
                    return true
                }
            }
        }
        return total
    }

    /// Records every open task whose time is up as expired, with a `task.expire` event. Its tokens need nothing:
    /// none outlives its task. Returns how many were recorded.
    @discardableResult
    public func sweepTasks() async throws -> Int {
        let now = clock.now()
        return try await inBatches { session in
            try await session.tasksDue(expiringAtOrBefore: now, limit: batchSize)
        } move: { task, session in
            guard try await session.markTaskExpired(tenant: task.tenant, id: task.id) else { return false }
            try await audit.record(
                AuditEvent(
                    tenant: task.tenant, at: now, actor: Self.actor, action: .taskExpire, target: "task:\(task.id)",
                    details: ["identity": task.identity, "intent": task.intent]),
                in: session)
            return true
        }
    }

    /// Moves the due items `batchSize` per transaction until a batch comes back short. `move` returns whether it
    /// moved the item (false: another node got there first). Returns how many were moved.
    func inBatches<Item: Sendable>(
        due: @escaping @Sendable (any StoreSession) async throws -> [Item],
        move: @escaping @Sendable (Item, any StoreSession) async throws -> Bool
    ) async throws -> Int {
        var total = 0
        while true {
            let batch = try await store.write { session in
                let items = try await due(session)
                var moved = 0
                for item in items where try await move(item, session) { moved += 1 }
                return (due: items.count, moved: moved)
            }
            total += batch.moved
            if batch.due < batchSize { return total }
        }
    }
}
