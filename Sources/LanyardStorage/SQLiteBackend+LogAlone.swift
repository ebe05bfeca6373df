import LanyardAudit
import LanyardModel
import SQLiteKit
import SQLiteNIO
import Synchronization

/// A batch of audit events and nothing else — the decision log's usual batch — as one autocommitted multi-row
/// INSERT: SQLite makes the statement its own transaction and commits it durably (`synchronous=FULL`) before it
/// returns. One statement costs one trip to SQLite's thread where a transaction costs four (`BEGIN IMMEDIATE`, the
/// counter update, the INSERT, `COMMIT`), and each trip is two thread wake-ups.
///
/// The sequence numbers come from ``SQLiteBackend/knownHeads``: each tenant's log size as of the last append this
/// backend made, or read from `audit_heads` when it does not know it (every transaction forgets them all, because a
/// transaction may append). The trigger of migration 27 moves `audit_heads` as the rows go in. If another process
/// appended in between, the primary key `(tenant, seq)` refuses the statement; it then wrote nothing, the heads
/// involved are forgotten and the caller takes the transaction path, which reads the counter afresh. So a number is
/// never used twice, and never skipped: a known head only ever comes from a committed append or from the table.
extension SQLiteBackend {
    /// Largest events in one autocommitted append (9 binds each).
    static let logAloneLimit = AuditAppender.chunk

    func appendLogAlone(_ events: [AuditEvent], leaves: [AuditLeafDraft]) async throws -> Bool {
        guard !events.isEmpty, events.count <= Self.logAloneLimit, leaves.count == events.count else { return false }
        try AuditAppender.requireRedacted(events)
        let writer = self.writer
        return try await writeLock.withLock {
            let tenants = Set(events.map(\.tenant))
            // Only this batch's tenants: a node may hold thousands of tenants' heads.
            var next = self.knownHeads.withLock { heads in
                var known: [String: Int64] = [:]
                for tenant in tenants { known[tenant] = heads[tenant] }
                return known
            }
            let unknown = tenants.filter { next[$0] == nil }
            if !unknown.isEmpty {
                for (tenant, size) in try await Self.heads(of: unknown, on: writer) { next[tenant] = size }
            }
            var binds: [SQLiteData] = []
            binds.reserveCapacity(events.count * 9)
            for (event, draft) in zip(events, leaves) {
                let sequence = (next[event.tenant] ?? 0) + 1
                next[event.tenant] = sequence
                let leaf = draft.sequenced(sequence)
                binds += [
                    .text(event.tenant), .integer(SQLiteInt64(sequence)), .integer(SQLiteInt64(event.atSeconds)), .text(event.actor), .text(event.action),
                    .text(event.target), event.details["decision"].map(SQLiteData.text) ?? .null, .text(leaf.text), .text(leaf.encodedHash),
                ]
            }
            do {
                try await writer.query(Self.insertion(rows: events.count), binds) { _ in }
            } catch let error as SQLiteError where error.reason == .constraintPrimaryKeyFailed || error.reason == .constraintUniqueFailed {
                // Another process appended to one of these logs: nothing was written; read the counters again.
                self.knownHeads.withLock { heads in for tenant in tenants { heads[tenant] = nil } }
                return false
            }
            self.knownHeads.withLock { heads in for tenant in tenants { heads[tenant] = next[tenant] } }
            return true
        }
    }

    /// The stored log sizes of `tenants` (``SQLSession/auditHead(tenant:)``); 0 for a tenant without a log yet.
    private static func heads(of tenants: Set<String>, on writer: SQLiteConnection) async throws -> [String: Int64] {
        let session = SQLSession(db: writer.sql(queryLogLevel: nil), engine: .sqlite)
        var heads: [String: Int64] = [:]
        for tenant in tenants { heads[tenant] = try await session.auditHead(tenant: tenant)?.size ?? 0 }
        return heads
    }

    /// `INSERT INTO audit_log … VALUES (?, …), …` for `rows` rows.
    private static func insertion(rows: Int) -> String {
        let row = "(?, ?, ?, ?, ?, ?, ?, ?, ?)"
        var sql = "INSERT INTO audit_log (tenant, seq, at, actor, action, target, decision, leaf, leaf_hash) VALUES "
        sql.reserveCapacity(sql.utf8.count + rows * (row.utf8.count + 2))
        for index in 0..<rows {
            if index > 0 { sql += ", " }
            sql += row
        }
        return sql
    }
}
