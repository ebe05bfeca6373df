import Foundation
import LanyardCore
import LanyardModel
import SQLKit

/// Leak reports (only token hashes are kept).
extension SQLSession {
    func insertLeakReport(_ report: LeakReport) async throws {
        let r = report
        try await guarded("A report of that token already exists.") {
            try await db.raw(
                """
                INSERT INTO leak_reports (tenant, id, token_hash, door, reported_type, kind, location, source, received_at, revoked_at, revoke_ms,
                    outcome, identity_id, credential_id, revoked_count)
                VALUES (\(bind: r.tenant), \(bind: r.id), \(bind: r.tokenHash), \(bind: r.door.rawValue), \(bind: r.reportedType),
                    \(bind: r.kind.rawValue), \(bind: r.location), \(bind: r.source), \(bind: Self.seconds(r.receivedAt)),
                    \(bind: r.revokedAt.map(Self.seconds)), \(bind: r.revokeMilliseconds), \(bind: r.outcome.rawValue), \(bind: r.identity),
                    \(bind: r.credential), \(bind: Int64(r.revokedCount)))
                """
            ).run()
        }
    }

    func leakReport(tenant: String, tokenHash: String) async throws -> LeakReport? {
        try await db.raw("SELECT * FROM leak_reports WHERE tenant = \(bind: tenant) AND token_hash = \(bind: tokenHash)").first()
            .map(Self.leakReport(from:))
    }

    func leakReports(tenant: String, after: (receivedAt: Date, id: String)?, limit: Int?) async throws -> [LeakReport] {
        let query: SQLQueryString = "SELECT * FROM leak_reports WHERE tenant = \(bind: tenant)"
        let position = after.map { (seconds: Self.seconds($0.receivedAt), id: $0.id) }
        return try await db.raw(Self.keyset(query, time: "received_at", then: "id", descending: true, after: position, limit: limit)).all()
            .map(Self.leakReport(from:))
    }

    static func leakReport(from row: any SQLRow) throws -> LeakReport {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        func optionalText(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
        func parsed<T: RawRepresentable<String>>(_ column: String, _ type: T.Type) throws -> T {
            let raw = try text(column)
            guard let value = T(rawValue: raw) else { throw LanyardError(.internal, "Stored leak report has an unknown \(column) '\(raw)'.") }
            return value
        }
        return LeakReport(
            id: try text("id"), tenant: try text("tenant"), tokenHash: try text("token_hash"), door: try parsed("door", LeakDoor.self),
            reportedType: try text("reported_type"), kind: try parsed("kind", LeakedTokenKind.self), location: try optionalText("location"),
            source: try optionalText("source"), receivedAt: date(try row.decode(column: "received_at", as: Int64.self)),
            revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(date),
            revokeMilliseconds: try row.decode(column: "revoke_ms", as: Int64?.self), outcome: try parsed("outcome", LeakOutcome.self),
            identity: try optionalText("identity_id"), credential: try optionalText("credential_id"),
            revokedCount: Int(clamping: try row.decode(column: "revoked_count", as: Int64.self)))
    }
}
