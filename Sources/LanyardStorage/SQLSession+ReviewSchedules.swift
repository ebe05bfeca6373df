import Foundation
import LanyardCore
import LanyardModel
import SQLKit

/// Scheduled review campaigns: the value as JSON (`body`), with `next_run_at` as a column for the due pass and its
/// compare-and-set.
extension SQLSession {
    func insertReviewSchedule(_ schedule: ReviewSchedule) async throws {
        let body = try Self.json(schedule)
        try await guarded("Review schedule \(schedule.id) already exists.") {
            try await db.raw(
                """
                INSERT INTO review_schedules (tenant, id, next_run_at, body)
                VALUES (\(bind: schedule.tenant), \(bind: schedule.id), \(bind: Self.seconds(schedule.nextRunAt)), \(bind: body))
                """
            ).run()
        }
    }

    func reviewSchedules(tenant: String) async throws -> [ReviewSchedule] {
        try await db.raw("SELECT body FROM review_schedules WHERE tenant = \(bind: tenant) ORDER BY id").all().map(Self.reviewSchedule(from:))
    }

    func deleteReviewSchedule(tenant: String, id: String) async throws -> Bool {
        try await !db.raw("DELETE FROM review_schedules WHERE tenant = \(bind: tenant) AND id = \(bind: id) RETURNING id").all().isEmpty
    }

    func reviewSchedulesDue(at: Date, limit: Int) async throws -> [ReviewSchedule] {
        try await db.raw(
            """
            SELECT body FROM review_schedules WHERE next_run_at <= \(bind: Self.seconds(at))
            ORDER BY next_run_at, tenant, id LIMIT \(bind: Int64(limit))
            """
        ).all().map(Self.reviewSchedule(from:))
    }

    func advanceReviewSchedule(_ schedule: ReviewSchedule, from: Date) async throws -> Bool {
        let body = try Self.json(schedule)
        return try await !db.raw(
            """
            UPDATE review_schedules SET next_run_at = \(bind: Self.seconds(schedule.nextRunAt)), body = \(bind: body)
            WHERE tenant = \(bind: schedule.tenant) AND id = \(bind: schedule.id) AND next_run_at = \(bind: Self.seconds(from))
            RETURNING id
            """
        ).all().isEmpty
    }

    static func reviewSchedule(from row: any SQLRow) throws -> ReviewSchedule {
        try decodeJSON(ReviewSchedule.self, row.decode(column: "body", as: String.self))
    }
}
