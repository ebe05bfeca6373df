import Foundation
import LanyardCore
import LanyardModel
import SQLKit

extension SQLSession {
    func raiseFinding(_ finding: Finding) async throws -> Bool {
        let details = try Self.json(finding.details)
        // The partial unique index on open findings makes a duplicate a no-op on both engines.
        return try await !db.raw(
            """
            INSERT INTO findings (tenant, id, kind, severity, subject, summary, details, status, created_at, resolved_at, resolution)
            VALUES (\(bind: finding.tenant), \(bind: finding.id), \(bind: finding.kind.rawValue), \(bind: finding.severity.rawValue),
                \(bind: finding.subject), \(bind: finding.summary), \(bind: details), \(bind: finding.status.rawValue),
                \(bind: Self.seconds(finding.createdAt)), \(bind: finding.resolvedAt.map(Self.seconds)), \(bind: finding.resolution))
            ON CONFLICT (tenant, subject, kind) WHERE status = 'open' DO NOTHING
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
        let position = after.map { (seconds: Self.seconds($0.createdAt), id: $0.id) }
        query = Self.keyset(query, time: "created_at", then: "id", descending: true, after: position, limit: limit)
        return try await db.raw(query).all().map(Self.finding(from:))
    }

    func resolveFinding(tenant: String, subject: String, kind: FindingKind, at: Date, resolution: String) async throws -> Finding? {
        try await db.raw(
            """
            UPDATE findings SET status = \(bind: FindingStatus.resolved.rawValue), resolved_at = \(bind: Self.seconds(at)),
                resolution = \(bind: resolution)
            WHERE tenant = \(bind: tenant) AND subject = \(bind: subject) AND kind = \(bind: kind.rawValue)
                AND status = \(bind: FindingStatus.open.rawValue)
            RETURNING *
            """
        ).first().map(Self.finding(from:))
    }

    static func finding(from row: any SQLRow) throws -> Finding {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        func parsed<E: RawRepresentable>(_ column: String, _ type: E.Type) throws -> E where E.RawValue == String {
            let raw = try text(column)
            guard let value = E(rawValue: raw) else { throw LanyardError(.internal, "Stored finding has an unknown \(column) '\(raw)'.") }
            return value
        }
        return Finding(
            id: try text("id"), tenant: try text("tenant"), kind: try parsed("kind", FindingKind.self),
            severity: try parsed("severity", FindingSeverity.self), subject: try text("subject"), summary: try text("summary"),
            details: try decodeJSON([String: String].self, text("details")), status: try parsed("status", FindingStatus.self),
            createdAt: date(try row.decode(column: "created_at", as: Int64.self)),
            resolvedAt: try row.decode(column: "resolved_at", as: Int64?.self).map(date),
            resolution: try row.decode(column: "resolution", as: String?.self))
    }
}
