import Foundation
import LanyardAudit
import LanyardCore
import LanyardModel
import SQLKit

/// The audit trail: a Merkle log per tenant (`audit_log`, `audit_heads`), its keys and its checkpoints.
extension SQLSession {
    @discardableResult
    func appendAuditEvent(_ event: AuditEvent) async throws -> Int64 {
        guard let sequence = try await AuditAppender.append([event], to: db).first else {
            throw LanyardError(.storageUnavailable, "The audit event was not stored.")
        }
        return sequence
    }

    func auditEvents(tenant: String, after: Int64, limit: Int) async throws -> [AuditEvent] {
        try await searchAuditEvents(tenant: tenant, query: AuditQuery(after: after, limit: limit))
    }

    func searchAuditEvents(tenant: String, query: AuditQuery) async throws -> [AuditEvent] {
        var sql: SQLQueryString = "SELECT leaf FROM audit_log WHERE tenant = \(bind: tenant) AND seq > \(bind: query.after) AND leaf IS NOT NULL"
        if let actor = query.actor { sql += " AND actor = \(bind: actor)" }
        if let target = query.target { sql += " AND target = \(bind: target)" }
        if let action = query.action { sql += " AND action = \(bind: action)" }
        if let decision = query.decision { sql += " AND decision = \(bind: decision)" }
        if let since = query.since { sql += " AND at >= \(bind: Self.seconds(since))" }
        if let until = query.until { sql += " AND at < \(bind: Self.seconds(until))" }
        sql += " ORDER BY seq LIMIT \(bind: Int64(query.limit))"
        return try await db.raw(sql).all().map { row in
            try AuditEvent(canonicalLeaf: try row.decode(column: "leaf", as: String.self))
        }
    }

    func auditLeaves(tenant: String, after: Int64, limit: Int, content: Bool) async throws -> [AuditLeafRecord] {
        let columns: SQLQueryString = content ? "seq, leaf_hash, leaf, at, actor, action, target, decision" : "seq, leaf_hash"
        return try await db.raw(
            "SELECT \(columns) FROM audit_log WHERE tenant = \(bind: tenant) AND seq > \(bind: after) ORDER BY seq LIMIT \(bind: Int64(limit))"
        ).all().map { row in
            let sequence = try row.decode(column: "seq", as: Int64.self)
            let hashText = try row.decode(column: "leaf_hash", as: String.self)
            // A malformed stored hash is reported as an empty one, which never matches: verification names it.
            let hash = AuditLeafHash.decode(hashText) ?? []
            guard content else { return AuditLeafRecord(sequence: sequence, leaf: nil, leafHash: hash) }
            return AuditLeafRecord(
                sequence: sequence, leaf: try row.decode(column: "leaf", as: String?.self), leafHash: hash,
                columns: AuditLeafRecord.Columns(
                    atSeconds: try row.decode(column: "at", as: Int64.self), actor: try row.decode(column: "actor", as: String.self),
                    action: try row.decode(column: "action", as: String.self), target: try row.decode(column: "target", as: String.self),
                    decision: try row.decode(column: "decision", as: String?.self)))
        }
    }

    func auditHead(tenant: String) async throws -> AuditHead? {
        guard let row = try await db.raw("SELECT size, pruned_through FROM audit_heads WHERE tenant = \(bind: tenant)").first() else {
            return nil
        }
        return AuditHead(
            size: try row.decode(column: "size", as: Int64.self), prunedThrough: try row.decode(column: "pruned_through", as: Int64.self))
    }

    func pruneAuditEvents(tenant: String, before: Date, upTo: Int64) async throws -> Int64 {
        let head = try await auditHead(tenant: tenant) ?? AuditHead(size: 0, prunedThrough: 0)
        let firstKept = try await db.raw(
            "SELECT MIN(seq) AS first FROM audit_log WHERE tenant = \(bind: tenant) AND at >= \(bind: Self.seconds(before))"
        ).first()?.decode(column: "first", as: Int64?.self)
        let through = min(firstKept.map { $0 - 1 } ?? head.size, upTo)
        guard through > head.prunedThrough else { return head.prunedThrough }
        try await db.raw(
            """
            UPDATE audit_log SET leaf = NULL, actor = '', action = '', target = '', decision = NULL
            WHERE tenant = \(bind: tenant) AND seq <= \(bind: through) AND leaf IS NOT NULL
            """
        ).run()
        try await db.raw("UPDATE audit_heads SET pruned_through = \(bind: through) WHERE tenant = \(bind: tenant)").run()
        return through
    }

    func insertAuditKey(_ record: AuditKeyRecord) async throws {
        try await guarded("Tenant '\(record.tenant)' already has audit keys.") {
            try await db.raw(
                """
                INSERT INTO audit_keys (tenant, public_key, sealed_log_key, sealed_hmac_key, created_at)
                VALUES (\(bind: record.tenant), \(bind: Data(record.publicKey).base64EncodedString()),
                    \(bind: Data(record.sealedLogKey).base64EncodedString()), \(bind: Data(record.sealedHMACKey).base64EncodedString()),
                    \(bind: Self.seconds(record.createdAt)))
                """
            ).run()
        }
    }

    func auditKey(tenant: String) async throws -> AuditKeyRecord? {
        guard let row = try await db.raw("SELECT * FROM audit_keys WHERE tenant = \(bind: tenant)").first() else { return nil }
        func bytes(_ column: String) throws -> [UInt8] {
            guard let data = Data(base64Encoded: try row.decode(column: column, as: String.self)) else {
                throw LanyardError(.internal, "The stored audit key of tenant '\(tenant)' is not base64 (\(column)).")
            }
            return Array(data)
        }
        return AuditKeyRecord(
            tenant: tenant, publicKey: try bytes("public_key"), sealedLogKey: try bytes("sealed_log_key"),
            sealedHMACKey: try bytes("sealed_hmac_key"), createdAt: Self.date(try row.decode(column: "created_at", as: Int64.self)))
    }

    func insertAuditCheckpoint(_ record: AuditCheckpointRecord) async throws -> Bool {
        let rows = try await db.raw(
            """
            INSERT INTO audit_checkpoints (tenant, size, created_at, note)
            VALUES (\(bind: record.tenant), \(bind: record.size), \(bind: Self.seconds(record.createdAt)), \(bind: record.note))
            ON CONFLICT (tenant, size) DO NOTHING RETURNING size
            """
        ).all()
        return !rows.isEmpty
    }

    func auditCheckpoints(tenant: String) async throws -> [AuditCheckpointRecord] {
        try await db.raw("SELECT * FROM audit_checkpoints WHERE tenant = \(bind: tenant) ORDER BY size").all().map(Self.checkpoint(from:))
    }

    func auditCheckpoints(tenant: String, afterSize: Int64, limit: Int) async throws -> [AuditCheckpointRecord] {
        try await db.raw(
            "SELECT * FROM audit_checkpoints WHERE tenant = \(bind: tenant) AND size > \(bind: afterSize) ORDER BY size LIMIT \(bind: Int64(limit))"
        ).all().map(Self.checkpoint(from:))
    }

    func latestAuditCheckpoint(tenant: String) async throws -> AuditCheckpointRecord? {
        try await db.raw("SELECT * FROM audit_checkpoints WHERE tenant = \(bind: tenant) ORDER BY size DESC LIMIT 1").first()
            .map(Self.checkpoint(from:))
    }

    static func checkpoint(from row: any SQLRow) throws -> AuditCheckpointRecord {
        AuditCheckpointRecord(
            tenant: try row.decode(column: "tenant", as: String.self), size: try row.decode(column: "size", as: Int64.self),
            createdAt: date(try row.decode(column: "created_at", as: Int64.self)), note: try row.decode(column: "note", as: String.self))
    }
}
