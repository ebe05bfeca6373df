import Foundation
import LanyardCore
import LanyardModel
import SQLKit

extension SQLSession {
    /// In a write on PostgreSQL the rows are locked (`FOR UPDATE OF i SKIP LOCKED`), as in
    /// ``identitiesDue(expiringAtOrBefore:limit:)``; SQLite's single writer already serialises notice passes.
    func identitiesDueForExpiryNotice(
        tenant: String, templates: [String], lead: TimeSpan, expiringAfter: Date, atOrBefore: Date, limit: Int
    ) async throws -> [Identity] {
        guard !templates.isEmpty, limit > 0 else { return [] }
        var query: SQLQueryString = """
            SELECT i.* FROM identities i
            WHERE i.tenant = \(bind: tenant) AND i.status = \(bind: IdentityStatus.active.rawValue)
                AND i.expires_at > \(bind: Self.seconds(expiringAfter)) AND i.expires_at <= \(bind: Self.seconds(atOrBefore))
                AND i.template IN (
            """
        for (index, template) in templates.enumerated() {
            if index > 0 { query += ", " }
            query += "\(bind: template)"
        }
        query += """
            )
                AND NOT EXISTS (
                    SELECT 1 FROM expiry_notices n
                    WHERE n.tenant = i.tenant AND n.identity_id = i.id AND n.expires_at = i.expires_at AND n.lead_seconds <= \(bind: lead.seconds)
                )
            ORDER BY i.expires_at, i.id LIMIT \(bind: Int64(limit))
            """
        if engine == .postgres && changes != nil { query += " FOR UPDATE OF i SKIP LOCKED" }
        return try await db.raw(query).all().map(Self.identity(from:))
    }

    func recordExpiryNotice(_ notice: ExpiryNotice) async throws -> Bool {
        try await !db.raw(
            """
            INSERT INTO expiry_notices (tenant, identity_id, expires_at, lead_seconds, sent_at)
            VALUES (\(bind: notice.tenant), \(bind: notice.identityID), \(bind: Self.seconds(notice.expiresAt)), \(bind: notice.lead.seconds),
                \(bind: Self.seconds(notice.sentAt)))
            ON CONFLICT DO NOTHING RETURNING identity_id
            """
        ).all().isEmpty
    }

    func expiryNotices(tenant: String, identityID: String) async throws -> [ExpiryNotice] {
        try await db.raw(
            """
            SELECT * FROM expiry_notices WHERE tenant = \(bind: tenant) AND identity_id = \(bind: identityID)
            ORDER BY expires_at DESC, lead_seconds DESC
            """
        ).all().map(Self.expiryNotice(from:))
    }

    static func expiryNotice(from row: any SQLRow) throws -> ExpiryNotice {
        let seconds = try row.decode(column: "lead_seconds", as: Int64.self)
        guard let lead = TimeSpan(seconds: seconds) else {
            throw LanyardError(.internal, "A stored expiry notice has a lead of \(seconds) seconds, outside the spans allowed.")
        }
        return ExpiryNotice(
            tenant: try row.decode(column: "tenant", as: String.self), identityID: try row.decode(column: "identity_id", as: String.self),
            expiresAt: date(try row.decode(column: "expires_at", as: Int64.self)), lead: lead,
            sentAt: date(try row.decode(column: "sent_at", as: Int64.self)))
    }
}
