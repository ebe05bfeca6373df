import Foundation
import LanyardCore
import LanyardModel
import SQLKit

extension SQLSession {
    func raiseFinding(_ finding: Finding) async throws -> Bool {
        let details = try Self.json(finding.details)
        let evidence = try Self.json(finding.evidence)
        // The partial unique index on unresolved findings makes a duplicate a no-op on both engines.
        return try await !db.raw(
            """
            INSERT INTO findings (tenant, id, kind, severity, subject, identity_id, owner, summary, details, evidence, status, created_at,
                updated_at, acknowledged_at, acknowledged_by, suppressed_until, suppress_reason, resolved_at, resolution)
            VALUES (\(bind: finding.tenant), \(bind: finding.id), \(bind: finding.kind.rawValue), \(bind: finding.severity.rawValue),
                \(bind: finding.subject), \(bind: finding.identity), \(bind: finding.owner), \(bind: finding.summary), \(bind: details),
                \(bind: evidence), \(bind: finding.status.rawValue), \(bind: Self.seconds(finding.createdAt)),
                \(bind: Self.seconds(finding.updatedAt)), \(bind: finding.acknowledgedAt.map(Self.seconds)), \(bind: finding.acknowledgedBy),
                \(bind: finding.suppressedUntil.map(Self.seconds)), \(bind: finding.suppressReason),
                \(bind: finding.resolvedAt.map(Self.seconds)), \(bind: finding.resolution))
            ON CONFLICT (tenant, subject, kind) WHERE status <> 'resolved' DO NOTHING
            RETURNING id
            """
        ).all().isEmpty
    }

    func finding(tenant: String, id: String) async throws -> Finding? {
        try await db.raw("SELECT * FROM findings WHERE tenant = \(bind: tenant) AND id = \(bind: id)").first().map(Self.finding(from:))
    }

    func findings(tenant: String, filter: FindingFilter, after: (createdAt: Date, id: String)?, limit: Int?) async throws -> [Finding] {
        var query: SQLQueryString = "SELECT * FROM findings WHERE tenant = \(bind: tenant)"
        if let status = filter.status { query += " AND status = \(bind: status.rawValue)" }
        if let kind = filter.kind { query += " AND kind = \(bind: kind.rawValue)" }
        if let subject = filter.subject { query += " AND subject = \(bind: subject)" }
        if let owner = filter.owner { query += " AND owner = \(bind: owner)" }
        if let minimum = filter.minimumSeverity {
            let severities = FindingSeverity.allCases.filter { $0 >= minimum }.map(\.rawValue)
            query += " AND severity IN (\(binds: severities))"
        }
        let position = after.map { (seconds: Self.seconds($0.createdAt), id: $0.id) }
        query = Self.keyset(query, time: "created_at", then: "id", descending: true, after: position, limit: limit)
        return try await db.raw(query).all().map(Self.finding(from:))
    }

    func unresolvedFindings(tenant: String, kinds: [FindingKind]?) async throws -> [Finding] {
        var query: SQLQueryString = "SELECT * FROM findings WHERE tenant = \(bind: tenant) AND status <> 'resolved'"
        if let kinds {
            guard !kinds.isEmpty else { return [] }
            query += " AND kind IN (\(binds: kinds.map(\.rawValue)))"
        }
        query += " ORDER BY created_at, id"
        return try await db.raw(query).all().map(Self.finding(from:))
    }

    func resolveFinding(tenant: String, subject: String, kind: FindingKind, at: Date, resolution: String) async throws -> Finding? {
        try await db.raw(
            """
            UPDATE findings SET status = \(bind: FindingStatus.resolved.rawValue), resolved_at = \(bind: Self.seconds(at)),
                updated_at = \(bind: Self.seconds(at)), resolution = \(bind: resolution), suppressed_until = NULL
            WHERE tenant = \(bind: tenant) AND subject = \(bind: subject) AND kind = \(bind: kind.rawValue) AND status <> 'resolved'
            RETURNING *
            """
        ).first().map(Self.finding(from:))
    }

    func updateFinding(_ finding: Finding, ifStatus status: FindingStatus, updatedAt: Date) async throws -> Bool {
        try await !db.raw(
            """
            UPDATE findings SET severity = \(bind: finding.severity.rawValue), owner = \(bind: finding.owner),
                summary = \(bind: finding.summary), details = \(bind: try Self.json(finding.details)),
                evidence = \(bind: try Self.json(finding.evidence)), status = \(bind: finding.status.rawValue),
                updated_at = \(bind: Self.seconds(finding.updatedAt)), acknowledged_at = \(bind: finding.acknowledgedAt.map(Self.seconds)),
                acknowledged_by = \(bind: finding.acknowledgedBy), suppressed_until = \(bind: finding.suppressedUntil.map(Self.seconds)),
                suppress_reason = \(bind: finding.suppressReason), resolved_at = \(bind: finding.resolvedAt.map(Self.seconds)),
                resolution = \(bind: finding.resolution)
            WHERE tenant = \(bind: finding.tenant) AND id = \(bind: finding.id) AND status = \(bind: status.rawValue)
                AND updated_at = \(bind: Self.seconds(updatedAt))
            RETURNING id
            """
        ).all().isEmpty
    }

    func dueSuppressedFindings(now: Date, limit: Int) async throws -> [Finding] {
        try await db.raw(
            """
            SELECT * FROM findings WHERE status = \(bind: FindingStatus.suppressed.rawValue)
                AND suppressed_until <= \(bind: Self.seconds(now))
            ORDER BY suppressed_until, tenant, id LIMIT \(bind: Int64(limit))
            """
        ).all().map(Self.finding(from:))
    }

    func findingCursor(tenant: String, detector: String) async throws -> Int64? {
        try await db.raw("SELECT seq FROM finding_cursors WHERE tenant = \(bind: tenant) AND detector = \(bind: detector)")
            .first().map { try $0.decode(column: "seq", as: Int64.self) }
    }

    func setFindingCursor(tenant: String, detector: String, seq: Int64) async throws {
        try await db.raw(
            """
            INSERT INTO finding_cursors (tenant, detector, seq) VALUES (\(bind: tenant), \(bind: detector), \(bind: seq))
            ON CONFLICT (tenant, detector) DO UPDATE SET seq = excluded.seq
            """
        ).run()
    }

    static func finding(from row: any SQLRow) throws -> Finding {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        func parsed<E: RawRepresentable>(_ column: String, _ type: E.Type) throws -> E where E.RawValue == String {
            let raw = try text(column)
            guard let value = E(rawValue: raw) else { throw LanyardError(.internal, "Stored finding has an unknown \(column) '\(raw)'.") }
            return value
        }
        let createdAt = date(try row.decode(column: "created_at", as: Int64.self))
        return Finding(
            id: try text("id"), tenant: try text("tenant"), kind: try parsed("kind", FindingKind.self),
            severity: try parsed("severity", FindingSeverity.self), subject: try text("subject"),
            identity: try row.decode(column: "identity_id", as: String?.self), owner: try row.decode(column: "owner", as: String?.self),
            summary: try text("summary"), details: try decodeJSON([String: String].self, text("details")),
            evidence: try decodeJSON([FindingEvidence].self, text("evidence")), status: try parsed("status", FindingStatus.self),
            createdAt: createdAt, updatedAt: try row.decode(column: "updated_at", as: Int64?.self).map(date) ?? createdAt,
            acknowledgedAt: try row.decode(column: "acknowledged_at", as: Int64?.self).map(date),
            acknowledgedBy: try row.decode(column: "acknowledged_by", as: String?.self),
            suppressedUntil: try row.decode(column: "suppressed_until", as: Int64?.self).map(date),
            suppressReason: try row.decode(column: "suppress_reason", as: String?.self),
            resolvedAt: try row.decode(column: "resolved_at", as: Int64?.self).map(date),
            resolution: try row.decode(column: "resolution", as: String?.self))
    }
}
