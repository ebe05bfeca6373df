import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardModel
public import LanyardCredentials

/// Tasks: a workload declares what it is about to do and for how long; credentials bound to the task never
/// outlive it, and ending the task revokes all of them at once (the store publishes the ended task on its change
/// stream, and ``TenantState`` puts its id in the revocation list, which it rebuilds from the `tasks` table at start).
///
/// A workload acts on its own identity's tasks with its access token (authenticated by ``TokenVerifier`` at the
/// edge); an administrator on any identity's, within its role. Opening and ending write the task and its audit event
/// in one transaction. Binding a new credential to a task is `TaskService+Binding.swift`.
public struct TaskService: Sendable {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    /// Where task identifiers come from.
    let random: any RandomSource
    /// Where identities are read.
    let state: TenantState

    /// Tasks in `store` with their audit events, timed by `clock`.
    public init(store: any LanyardStore, audit: any AuditLog, clock: any WallClock, state: TenantState, random: any RandomSource = SystemRandom()) {
        self.store = store
        self.audit = audit
        self.clock = clock
        self.state = state
        self.random = random
    }

    /// Opens a task for an identity: the caller's own with an access token, the named one with an admin token.
    ///
    /// The life is `maxDuration` (default 1 h), capped at 24 h and by the identity's expiry.
    /// - Throws: `invalid_field` for a bad intent or duration; `invalid_state` for an identity that is not active.
    public func openTask(_ request: OpenTaskRequest, tenant: String, caller: TaskCaller) async throws -> WorkloadTask {
        let identityID: String
        switch caller {
        case .workload(let own):
            guard request.identity == nil || request.identity == own else {
                throw LanyardError(.forbidden, "A workload may open tasks only for its own identity.")
            }
            identityID = own
        case .administrator(let principal):
            try AdminRoles.require(.taskOpen, principal, tenant: tenant)
            guard let named = request.identity, !named.isEmpty, named.utf8.count <= 128 else {
                throw LanyardError.invalid("identity", "Name the identity the task is for.")
            }
            identityID = named
        }
        guard let intent = try NameRules.checkText(request.intent, field: "intent", maxLength: WorkloadTask.maxIntentLength, required: true)
        else { throw LanyardError.invalid("intent", "Declare what the task is for.") }
        let requested = try Self.taskDuration(request.maxDuration)
        let now = clock.now()
        guard let identity = try await state.identity(tenant: tenant, id: identityID) else {
            throw LanyardError(.notFound, "There is no identity '\(identityID.prefix(64))' in tenant '\(tenant)'.")
        }
        guard identity.status == .active, identity.expiresAt > now else {
            throw LanyardError(.invalidState, "Identity \(identity.id) is not active and may not open tasks.")
        }
        let remaining = Int64(identity.expiresAt.timeIntervalSince(now).rounded(.down))
        let duration = min(requested, WorkloadTask.maxDuration, remaining)
        guard duration >= 1 else { throw LanyardError(.invalidState, "Identity \(identity.id) expires now.") }
        var generator = random.generator()
        let task = WorkloadTask(
            id: IdentifierFormat.make(prefix: "tsk", using: &generator), tenant: tenant, identity: identity.id, intent: intent,
            openedAt: now, expiresAt: now.addingTimeInterval(TimeInterval(duration)))
        let audit = self.audit
        try await store.writeGrouped { session in
            try await session.insertTask(task)
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: caller.actor, action: .taskOpen, target: "task:\(task.id)",
                    details: ["identity": identity.id, "intent": intent, "expiresAt": String(Int64(task.expiresAt.timeIntervalSince1970))]),
                in: session)
        }
        return task
    }

    /// One task, as its identity's workload or an administrator sees it.
    public func task(_ id: String, tenant: String, caller: TaskCaller) async throws -> WorkloadTask {
        let task = try await storedTask(id, tenant: tenant)
        try caller.requireActs(.taskRead, for: task.identity, tenant: tenant)
        return task
    }

    /// The most tasks ``tasks(of:tenant:limit:caller:)`` returns.
    public static let maxTasksListed = 200

    /// The tasks of one identity, most recently opened first, at most `limit` (1 ... ``maxTasksListed``).
    public func tasks(of identity: String, tenant: String, limit: Int, caller: TaskCaller) async throws -> [WorkloadTask] {
        try caller.requireActs(.taskRead, for: identity, tenant: tenant)
        guard (1...Self.maxTasksListed).contains(limit) else {
            throw LanyardError.invalid("limit", "limit must be between 1 and \(Self.maxTasksListed).")
        }
        return try await store.read { session in try await session.tasks(tenant: tenant, identityId: identity, limit: limit) }
    }

    /// Ends an open task and revokes every credential bound to it, effective before this returns.
    ///
    /// - Throws: `invalid_state` when the task has already ended or expired.
    public func endTask(_ id: String, tenant: String, caller: TaskCaller) async throws -> WorkloadTask {
        let task = try await storedTask(id, tenant: tenant)
        try caller.requireActs(.taskEnd, for: task.identity, tenant: tenant)
        let now = clock.now()
        _ = try task.ending(at: now, by: caller.actor)
        let audit = self.audit
        let actor = caller.actor
        let ending = EntitlementEnding(audit: audit, random: random)
        let ended = try await store.writeGrouped { session -> WorkloadTask? in
            guard let ended = try await session.endTask(tenant: tenant, id: id, at: now, by: actor) else { return nil }
            try await ending.endAll(
                matching: EntitlementFilter(task: id), tenant: tenant, as: .ended, reason: "its task \(id) ended", actor: actor, at: now, in: session)
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: actor, action: .taskEnd, target: "task:\(id)",
                    details: ["identity": ended.identity, "intent": ended.intent]),
                in: session)
            return ended
        }
        guard let ended else { throw LanyardError(.invalidState, "Task \(id) is no longer open.") }
        return ended
    }

    /// The task as the API shows it now.
    public func view(_ task: WorkloadTask) -> TaskView { TaskView(task, now: clock.now()) }

    private func storedTask(_ id: String, tenant: String) async throws -> WorkloadTask {
        guard id.utf8.count <= 64, let task = try await store.read({ try await $0.task(tenant: tenant, id: id) }) else {
            throw LanyardError(.notFound, "There is no task '\(id.prefix(64))' in tenant '\(tenant)'.")
        }
        return task
    }

    static func taskDuration(_ text: String?) throws -> Int64 {
        guard let text else { return WorkloadTask.defaultDuration }
        guard text.utf8.count <= 32 else { throw LanyardError.invalid("maxDuration", "maxDuration is too long.") }
        if let seconds = Int64(text), let span = TimeSpan(seconds: seconds) { return span.seconds }
        guard let span = try? TimeSpan(parsing: text, field: "maxDuration"), span.seconds >= 1 else {
            throw LanyardError.invalid("maxDuration", "maxDuration must be a number of seconds or a span such as 30m.")
        }
        return span.seconds
    }
}
