import Foundation
import LanyardCore
import SQLKit

/// The change stream between nodes, in the database (PostgreSQL only; one SQLite node has no one to tell).
///
/// A write transaction that noted changes appends them as one row of `state_changes` — `origin` (the writing store),
/// and the changes as a JSON array — and sends `NOTIFY lanyard_changes`, both just before its commit, so the row and
/// the notification exist exactly when the change does. Rows are numbered in **commit order**: the transaction takes
/// a transaction-scoped advisory lock before it draws its number and keeps it until it commits, so no number is ever
/// visible while a smaller one is still to come, and a follower that has read up to `n` never misses a later row.
/// (Only transactions that change state take the lock; issuance and decisions write no changes.)
enum ChangeRows {
    /// The `LISTEN`/`NOTIFY` channel.
    static let channel = "lanyard_changes"
    /// The advisory lock that orders change rows ("LNYDCHGS").
    static let lockKey: Int64 = 0x4C4E_5944_4348_4753

    /// Appends `changes` as one row and notifies the followers, inside the caller's transaction.
    static func append(_ changes: [StateChange], origin: String, engine: SQLEngine, to db: any SQLDatabase) async throws {
        guard engine == .postgres, !changes.isEmpty else { return }
        let body = String(decoding: try JSONEncoder().encode(changes), as: UTF8.self)
        try await db.raw("SELECT pg_advisory_xact_lock(\(bind: lockKey))").run()
        try await db.raw(
            """
            INSERT INTO state_changes (origin, created_at, body)
            VALUES (\(bind: origin), CAST(EXTRACT(EPOCH FROM now()) AS BIGINT), \(bind: body))
            """
        ).run()
        try await db.raw("NOTIFY \(unsafeRaw: channel)").run()
    }

    /// One row read back.
    struct Row: Sendable {
        var seq: Int64
        var origin: String
        var changes: [StateChange]
    }

    /// Rows after `seq`, oldest first, at most `limit`.
    static func rows(after seq: Int64, limit: Int, from db: any SQLDatabase) async throws -> [Row] {
        try await db.raw("SELECT seq, origin, body FROM state_changes WHERE seq > \(bind: seq) ORDER BY seq LIMIT \(bind: Int64(limit))").all()
            .map { row in
                let body = try row.decode(column: "body", as: String.self)
                return Row(
                    seq: try row.decode(column: "seq", as: Int64.self), origin: try row.decode(column: "origin", as: String.self),
                    changes: try JSONDecoder().decode([StateChange].self, from: Data(body.utf8)))
            }
    }

    /// The newest row's number (0 when there is none) and the oldest's (`nil` when there is none).
    static func bounds(in db: any SQLDatabase) async throws -> (newest: Int64, oldest: Int64?) {
        let row = try await db.raw("SELECT MAX(seq) AS newest, MIN(seq) AS oldest FROM state_changes").first()
        return (try row?.decode(column: "newest", as: Int64?.self) ?? 0, try row?.decode(column: "oldest", as: Int64?.self))
    }

    /// Deletes change rows older than `seconds` and one-time claims that have expired (any node may; deleting twice
    /// is harmless).
    static func prune(olderThan seconds: Int64, in db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM state_changes WHERE created_at < CAST(EXTRACT(EPOCH FROM now()) AS BIGINT) - \(bind: seconds)").run()
        try await db.raw("DELETE FROM seen_once WHERE expires_at < CAST(EXTRACT(EPOCH FROM now()) AS BIGINT)").run()
    }
}
