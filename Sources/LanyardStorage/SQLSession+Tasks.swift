import Foundation
import LanyardCore
import LanyardModel
import SQLKit

extension SQLSession {
    // MARK: Tasks

    func insertTask(_ task: WorkloadTask) async throws {
        try await guarded("Task \(task.id) already exists.") {
            try await db.raw(
                """
                INSERT INTO tasks (tenant, id, identity_id, intent, opened_at, expires_at, ended_at, ended_by)
                VALUES (\(bind: task.tenant), \(bind: task.id), \(bind: task.identity), \(bind: task.intent),
                    \(bind: Self.seconds(task.openedAt)), \(bind: Self.seconds(task.expiresAt)), \(bind: task.endedAt.map(Self.seconds)),
                    \(bind: task.endedBy))
                """
            ).run()
        }
    }

    func task(tenant: String, id: String) async throws -> WorkloadTask? {
        try await db.raw("SELECT * FROM tasks WHERE tenant = \(bind: tenant) AND id = \(bind: id)").first().map(Self.task(from:))
    }

    func tasks(tenant: String, identityId: String, limit: Int) async throws -> [WorkloadTask] {
        try await db.raw(
            """
            SELECT * FROM tasks WHERE tenant = \(bind: tenant) AND identity_id = \(bind: identityId)
            ORDER BY opened_at DESC, id LIMIT \(bind: Int64(max(0, limit)))
            """
        ).all().map(Self.task(from:))
    }

    func endTask(tenant: String, id: String, at: Date, by actor: String) async throws -> WorkloadTask? {
        let now = Self.seconds(at)
        let ended = try await db.raw(
            """
            UPDATE tasks SET ended_at = \(bind: now), ended_by = \(bind: actor)
            WHERE tenant = \(bind: tenant) AND id = \(bind: id) AND ended_at IS NULL AND expires_at > \(bind: now)
            RETURNING *
            """
        ).first().map(Self.task(from:))
        if let ended { noteChange(.taskEnded(tenant: tenant, task: ended.id, expiresAt: Self.seconds(ended.expiresAt))) }
        return ended
    }

    func endTasks(tenant: String, identityId: String, at: Date, by actor: String) async throws -> [WorkloadTask] {
        let now = Self.seconds(at)
        let ended = try await db.raw(
            """
            UPDATE tasks SET ended_at = \(bind: now), ended_by = \(bind: actor)
            WHERE tenant = \(bind: tenant) AND identity_id = \(bind: identityId) AND ended_at IS NULL AND expires_at > \(bind: now)
            RETURNING *
            """
        ).all().map(Self.task(from:))
        for task in ended { noteChange(.taskEnded(tenant: tenant, task: task.id, expiresAt: Self.seconds(task.expiresAt))) }
        return ended.sorted { $0.id < $1.id }
    }

    func endedTasks(unexpiredAt instant: Date) async throws -> [WorkloadTask] {
        try await db.raw("SELECT * FROM tasks WHERE ended_at IS NOT NULL AND expires_at > \(bind: Self.seconds(instant))").all()
            .map(Self.task(from:))
    }

    /// On PostgreSQL the rows are locked (`FOR UPDATE SKIP LOCKED`), as in ``identitiesDue(expiringAtOrBefore:limit:)``.
    func tasksDue(expiringAtOrBefore instant: Date, limit: Int) async throws -> [WorkloadTask] {
        var query: SQLQueryString = """
            SELECT * FROM tasks WHERE ended_at IS NULL AND expires_at <= \(bind: Self.seconds(instant))
            ORDER BY expires_at, tenant, id LIMIT \(bind: Int64(limit))
            """
        if engine == .postgres { query += " FOR UPDATE SKIP LOCKED" }
        return try await db.raw(query).all().map(Self.task(from:))
    }

    @discardableResult
    func markTaskExpired(tenant: String, id: String) async throws -> Bool {
        try await !db.raw(
            """
            UPDATE tasks SET ended_at = expires_at, ended_by = \(bind: WorkloadTask.expiryActor)
            WHERE tenant = \(bind: tenant) AND id = \(bind: id) AND ended_at IS NULL
            RETURNING id
            """
        ).all().isEmpty
    }

    static func task(from row: any SQLRow) throws -> WorkloadTask {
        WorkloadTask(
            id: try row.decode(column: "id", as: String.self), tenant: try row.decode(column: "tenant", as: String.self),
            identity: try row.decode(column: "identity_id", as: String.self), intent: try row.decode(column: "intent", as: String.self),
            openedAt: date(try row.decode(column: "opened_at", as: Int64.self)),
            expiresAt: date(try row.decode(column: "expires_at", as: Int64.self)),
            endedAt: try row.decode(column: "ended_at", as: Int64?.self).map(date),
            endedBy: try row.decode(column: "ended_by", as: String?.self)
        )
    }
}
