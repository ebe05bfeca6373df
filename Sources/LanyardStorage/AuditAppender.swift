import Foundation
import LanyardAudit
import LanyardModel
import SQLKit

/// Appends audit events to their tenants' Merkle logs inside the caller's transaction: per tenant one counter
/// update (`audit_heads`, which also serialises concurrent PostgreSQL writers of that tenant until commit), then
/// multi-row INSERTs of the events with their sequence numbers, canonical leaves and leaf hashes.
enum AuditAppender {
    /// Largest rows per INSERT statement (9 binds per row; SQLite allows 32,766).
    static let chunk = 200

    /// Appends `events` in order; returns their sequence numbers.
    ///
    /// - Parameter leaves: the events' leaf drafts, one each, when the caller made them; drafted here otherwise.
    /// - Throws: `internal_error` when an event still carries secrets (fail closed: nothing is written).
    static func append(_ events: [AuditEvent], leaves: [AuditLeafDraft]? = nil, to db: any SQLDatabase) async throws -> [Int64] {
        guard !events.isEmpty else { return [] }
        let leaves = leaves ?? events.map(AuditLeafDraft.init)
        guard leaves.count == events.count else {
            throw LanyardError(.internal, "Audit events and their leaves do not match; nothing was written.")
        }
        try requireRedacted(events)
        var counts: [String: Int64] = [:]
        for event in events { counts[event.tenant, default: 0] += 1 }
        // Tenants in a fixed order, so two PostgreSQL transactions never wait on each other's counters in a cycle.
        var next: [String: Int64] = [:]
        for tenant in counts.keys.sorted() {
            let count = counts[tenant] ?? 0
            let row = try await db.raw(
                """
                INSERT INTO audit_heads (tenant, size) VALUES (\(bind: tenant), \(bind: count))
                ON CONFLICT (tenant) DO UPDATE SET size = audit_heads.size + excluded.size RETURNING size
                """
            ).first()
            guard let size = try row?.decode(column: "size", as: Int64.self) else {
                throw LanyardError(.storageUnavailable, "The audit log counter of tenant '\(tenant)' was not updated.")
            }
            next[tenant] = size - count + 1
        }
        var sequences: [Int64] = []
        sequences.reserveCapacity(events.count)
        for part in stride(from: 0, to: events.count, by: chunk) {
            var query: SQLQueryString = "INSERT INTO audit_log (tenant, seq, at, actor, action, target, decision, leaf, leaf_hash) VALUES"
            for index in part..<min(part + chunk, events.count) {
                var event = events[index]
                event.sequence = next[event.tenant] ?? 1
                next[event.tenant] = event.sequence + 1
                sequences.append(event.sequence)
                let leaf = leaves[index].sequenced(event.sequence)
                query += index == part ? " " : ", "
                query += """
                    (\(bind: event.tenant), \(bind: event.sequence), \(bind: event.atSeconds), \(bind: event.actor), \(bind: event.action),
                    \(bind: event.target), \(bind: event.details["decision"]), \(bind: leaf.text), \(bind: leaf.encodedHash))
                    """
            }
            try await db.raw(query).run()
        }
        return sequences
    }

    /// - Throws: `internal_error` when an event still carries secrets (fail closed: nothing is written).
    static func requireRedacted(_ events: [AuditEvent]) throws {
        guard events.allSatisfy(\.secrets.isEmpty) else {
            throw LanyardError(.internal, "An audit event reached storage with unredacted secrets; it was not written.")
        }
    }
}
