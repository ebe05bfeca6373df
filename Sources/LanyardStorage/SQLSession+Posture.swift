import Foundation
import LanyardAudit
import LanyardCore
import LanyardModel
import SQLKit

extension SQLSession {
    func credentialUsage(tenant: String, now: Date) async throws -> [CredentialUsage] {
        let at = Self.seconds(now)
        let rows = try await db.raw(
            """
            SELECT identity_id, MAX(issued_at) AS last_issued,
                SUM(CASE WHEN revoked_at IS NULL AND expires_at > \(bind: at) THEN 1 ELSE 0 END) AS live,
                MAX(CASE WHEN revoked_at IS NULL AND expires_at > \(bind: at) THEN expires_at - issued_at ELSE 0 END) AS longest
            FROM credentials WHERE tenant = \(bind: tenant) GROUP BY identity_id ORDER BY identity_id
            """
        ).all()
        var usage = try rows.map { row in
            CredentialUsage(
                identity: try row.decode(column: "identity_id", as: String.self),
                lastIssuedAt: Self.date(try row.decode(column: "last_issued", as: Int64.self)),
                live: Int(try row.decode(column: "live", as: Int64.self)), longestLiveSeconds: try row.decode(column: "longest", as: Int64.self),
                longestLiveJTI: nil)
        }
        // The jti of each identity's longest live credential, for the evidence (only identities with a live one).
        let longest = try await db.raw(
            """
            SELECT identity_id, jti, expires_at - issued_at AS lifetime FROM credentials
            WHERE tenant = \(bind: tenant) AND revoked_at IS NULL AND expires_at > \(bind: at)
            ORDER BY identity_id, lifetime DESC, jti
            """
        ).all()
        var first: [String: String] = [:]
        for row in longest {
            let identity = try row.decode(column: "identity_id", as: String.self)
            if first[identity] == nil { first[identity] = try row.decode(column: "jti", as: String.self) }
        }
        for index in usage.indices { usage[index].longestLiveJTI = first[usage[index].identity] }
        return usage
    }

    func issuedScopes(tenant: String, since: Date) async throws -> [String: Set<String>] {
        // Distinct (identity, scope list) pairs: few per identity, whatever the number of credentials.
        let rows = try await db.raw(
            """
            SELECT DISTINCT identity_id, scopes FROM credentials
            WHERE tenant = \(bind: tenant) AND issued_at >= \(bind: Self.seconds(since))
            """
        ).all()
        var scopes: [String: Set<String>] = [:]
        for row in rows {
            let identity = try row.decode(column: "identity_id", as: String.self)
            scopes[identity, default: []].formUnion(try Self.decodeJSON([String].self, row.decode(column: "scopes", as: String.self)))
        }
        return scopes
    }

    func trusts(tenant: String) async throws -> [FederationTrust] {
        try await db.raw("SELECT * FROM federation_trusts WHERE tenant = \(bind: tenant) ORDER BY identity_id, id").all().map(Self.trust(from:))
    }

    func auditIntegrity(tenant: String) async throws -> AuditIntegrity {
        let head = try await auditHead(tenant: tenant) ?? AuditHead(size: 0, prunedThrough: 0)
        let row = try await db.raw(
            """
            SELECT COALESCE(MAX(seq), -1) AS last,
                SUM(CASE WHEN seq > \(bind: head.prunedThrough) AND seq <= \(bind: head.size) AND leaf IS NOT NULL THEN 1 ELSE 0 END) AS stored
            FROM audit_log WHERE tenant = \(bind: tenant)
            """
        ).first()
        return AuditIntegrity(
            size: head.size, prunedThrough: head.prunedThrough, storedLeaves: try row?.decode(column: "stored", as: Int64?.self) ?? 0,
            lastSequence: try row?.decode(column: "last", as: Int64.self) ?? -1)
    }

    func auditEvents(tenant: String, after: Int64, through: Int64, actions: [String], markers: [String: [String]], limit: Int) async throws
        -> [AuditEvent]
    {
        guard !actions.isEmpty, through > after else { return [] }
        let plain = actions.filter { markers[$0] == nil }
        var query: SQLQueryString = """
            SELECT leaf FROM audit_log WHERE tenant = \(bind: tenant) AND seq > \(bind: after) AND seq <= \(bind: through)
                AND leaf IS NOT NULL AND (1 = 0
            """
        if !plain.isEmpty { query += " OR action IN (\(binds: plain))" }
        for (action, texts) in markers.sorted(by: { $0.key < $1.key }) where actions.contains(action) && !texts.isEmpty {
            query += " OR (action = \(bind: action) AND (1 = 0"
            for text in texts { query += " OR leaf LIKE \(bind: "%" + text + "%")" }
            query += "))"
        }
        query += ") ORDER BY seq LIMIT \(bind: Int64(limit))"
        return try await db.raw(query).all().map { row in try AuditEvent(storedLeaf: try row.decode(column: "leaf", as: String.self)) }
    }

    func auditEventCount(tenant: String, actions: [String], since: Date) async throws -> Int64 {
        guard !actions.isEmpty else { return 0 }
        let query: SQLQueryString =
            "SELECT COUNT(*) AS n FROM audit_log WHERE tenant = \(bind: tenant) AND at >= \(bind: Self.seconds(since)) AND action IN (\(binds: actions))"
        return try await db.raw(query).first()?.decode(column: "n", as: Int64.self) ?? 0
    }
}
