import LanyardAudit
import LanyardCore
public import LanyardModel
import SQLiteNIO
import Synchronization

/// Pages of one tenant's stored leaves in `seq` order, with their content and searchable columns, as offline
/// verification reads them: the stored values, nothing decoded beyond what SQL hands over.
///
/// PostgreSQL reads them through SQLKit (`SQLSession.auditLeaves`). On SQLite the same query runs on SQLiteNIO
/// directly: each row is stepped on the connection's pool thread and becomes a record on the connection's event loop
/// (SQLKit's generic row decoding — a `Decodable` decoder and dynamic casts for every column — cost more than
/// verifying the leaf). A serving backend reads them on its background reader (``SQLiteBackgroundReader``), so the
/// finding detector's leaf check never queues rows on the loops that serve HTTP; an offline verifier, on its readers.
extension SQLStore {
    /// The leaves of `tenant` after `after`, at most `limit`.
    public func auditLeafPage(tenant: String, after: Int64, limit: Int) async throws -> [AuditLeafRecord] {
        guard let sqlite = backend as? SQLiteBackend else {
            return try await read { try await $0.auditLeaves(tenant: tenant, after: after, limit: limit, content: true) }
        }
        return try await translatingErrors {
            try await sqlite.withBulkReaderConnection { connection in
                let page = CollectedPage()
                try await connection.query(
                    "SELECT seq, leaf_hash, leaf, at, actor, action, target, decision FROM audit_log WHERE tenant = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
                    [.text(tenant), .integer(Int(after)), .integer(limit)]
                ) { row in
                    if let record = AuditLeafRow.record(row) {
                        page.records.withLock { $0.append(record) }
                    } else {
                        page.badRow.withLock { $0 = $0 ?? row.description }
                    }
                }
                if let row = page.badRow.withLock({ $0 }) {
                    throw LanyardError(.internal, "A stored audit leaf row of tenant '\(tenant)' does not have the columns' types: \(row.prefix(200)).")
                }
                return page.records.withLock { $0 }
            }
        }
    }
}

/// The rows of one page, collected on SQLite's reader thread.
private final class CollectedPage: Sendable {
    let records = Mutex([AuditLeafRecord]())
    /// The first row whose columns have unexpected types.
    let badRow = Mutex<String?>(nil)
}

/// One row of `SELECT seq, leaf_hash, leaf, at, actor, action, target, decision FROM audit_log` as SQLite returns it.
private enum AuditLeafRow {
    /// The record of `row`; nil when a column has another type than the schema's.
    static func record(_ row: SQLiteRow) -> AuditLeafRecord? {
        let columns = row.columns
        guard columns.count == 8, case .integer(let sequence) = columns[0].data, case .text(let hashText) = columns[1].data,
            case .integer(let at) = columns[3].data, case .text(let actor) = columns[4].data, case .text(let action) = columns[5].data,
            case .text(let target) = columns[6].data, let leaf = optionalText(columns[2].data), let decision = optionalText(columns[7].data)
        else { return nil }
        // A malformed stored hash is reported as an empty one, which never matches: verification names it.
        return AuditLeafRecord(
            sequence: Int64(sequence), leaf: leaf, leafHash: AuditLeafHash.decode(hashText) ?? [],
            columns: AuditLeafRecord.Columns(atSeconds: Int64(at), actor: actor, action: action, target: target, decision: decision))
    }

    /// A nullable text column: `.some(nil)` for NULL, nil for a value of another type.
    private static func optionalText(_ data: SQLiteData) -> String?? {
        switch data {
        case .text(let text): .some(text)
        case .null: .some(nil)
        default: nil
        }
    }
}
