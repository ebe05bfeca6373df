import Foundation
import LanyardCore
import LanyardModel
import SQLKit

extension SQLSession {
    func insertEntitlement(_ entitlement: Entitlement) async throws {
        let e = entitlement
        try await guarded("Entitlement \(e.id) already exists.") {
            try await db.raw(
                """
                INSERT INTO entitlements (tenant, id, principal, tier, actions, resource, scopes, grantor, reason, created_at, expires_at,
                    request_id, task_id, single_use, break_glass, status, ended_at, ended_by, end_reason, last_used_at, last_certified_at)
                VALUES (\(bind: e.tenant), \(bind: e.id), \(bind: e.principal), \(bind: e.tier.description), \(bind: try Self.json(e.actions)),
                    \(bind: e.resource), \(bind: try Self.json(e.scopes)), \(bind: e.grantor), \(bind: e.reason), \(bind: Self.seconds(e.createdAt)),
                    \(bind: Self.seconds(e.expiresAt)), \(bind: e.request), \(bind: e.task), \(bind: e.singleUse), \(bind: e.breakGlass),
                    \(bind: e.status.rawValue), \(bind: e.endedAt.map(Self.seconds)), \(bind: e.endedBy), \(bind: e.endReason),
                    \(bind: e.lastUsedAt.map(Self.seconds)), \(bind: e.lastCertifiedAt.map(Self.seconds)))
                """
            ).run()
        }
        noteChange(.entitlements(tenant: e.tenant))
    }

    func entitlement(tenant: String, id: String) async throws -> Entitlement? {
        try await db.raw("SELECT * FROM entitlements WHERE tenant = \(bind: tenant) AND id = \(bind: id)").first().map(Self.entitlement(from:))
    }

    func entitlements(tenant: String, filter: EntitlementFilter, after: (createdAt: Date, id: String)?, limit: Int?) async throws -> [Entitlement] {
        var query: SQLQueryString = "SELECT * FROM entitlements WHERE tenant = \(bind: tenant)"
        if let status = filter.status { query += " AND status = \(bind: status.rawValue)" }
        if let principal = filter.principal { query += " AND principal = \(bind: principal)" }
        if let task = filter.task { query += " AND task_id = \(bind: task)" }
        if let request = filter.request { query += " AND request_id = \(bind: request)" }
        let position = after.map { (seconds: Self.seconds($0.createdAt), id: $0.id) }
        query = Self.keyset(query, time: "created_at", then: "id", descending: true, after: position, limit: limit)
        return try await db.raw(query).all().map(Self.entitlement(from:))
    }

    func liveEntitlements(tenant: String, at: Date) async throws -> [Entitlement] {
        try await db.raw(
            """
            SELECT * FROM entitlements WHERE tenant = \(bind: tenant) AND status = \(bind: EntitlementStatus.active.rawValue)
                AND expires_at > \(bind: Self.seconds(at)) ORDER BY id
            """
        ).all().map(Self.entitlement(from:))
    }

    func endEntitlement(tenant: String, id: String, status: EntitlementStatus, at: Date, by actor: String, reason: String) async throws
        -> Entitlement?
    {
        let ended = try await db.raw(
            """
            UPDATE entitlements SET status = \(bind: status.rawValue), ended_at = \(bind: Self.seconds(at)), ended_by = \(bind: actor),
                end_reason = \(bind: reason)
            WHERE tenant = \(bind: tenant) AND id = \(bind: id) AND status = \(bind: EntitlementStatus.active.rawValue)
            RETURNING *
            """
        ).first().map(Self.entitlement(from:))
        if let ended { noteChange(.entitlementEnded(tenant: tenant, id: id, expiresAt: Self.seconds(ended.expiresAt))) }
        return ended
    }

    func expiredEntitlements(at: Date, limit: Int) async throws -> [Entitlement] {
        try await db.raw(
            """
            SELECT * FROM entitlements WHERE status = \(bind: EntitlementStatus.active.rawValue) AND expires_at <= \(bind: Self.seconds(at))
            ORDER BY expires_at, tenant, id LIMIT \(bind: Int64(limit))
            """
        ).all().map(Self.entitlement(from:))
    }

    func recordEntitlementUse(tenant: String, lastUsed: [String: Date]) async throws {
        for (id, at) in lastUsed.sorted(by: { $0.key < $1.key }) {
            let seconds = Self.seconds(at)
            try await db.raw(
                """
                UPDATE entitlements SET last_used_at = \(bind: seconds)
                WHERE tenant = \(bind: tenant) AND id = \(bind: id) AND (last_used_at IS NULL OR last_used_at < \(bind: seconds))
                """
            ).run()
        }
    }

    static func entitlement(from row: any SQLRow) throws -> Entitlement {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        func optionalDate(_ column: String) throws -> Date? { try row.decode(column: column, as: Int64?.self).map(date) }
        let tierText = try text("tier")
        guard let tier = AccessTier(tierText) else { throw LanyardError(.internal, "Stored entitlement has an unknown tier '\(tierText)'.") }
        let statusText = try text("status")
        guard let status = EntitlementStatus(rawValue: statusText) else {
            throw LanyardError(.internal, "Stored entitlement has an unknown status '\(statusText)'.")
        }
        return Entitlement(
            id: try text("id"), tenant: try text("tenant"), principal: try text("principal"), tier: tier,
            actions: try decodeJSON([String].self, text("actions")), resource: try text("resource"), scopes: try decodeJSON([String].self, text("scopes")),
            grantor: try text("grantor"), reason: try text("reason"), createdAt: date(try row.decode(column: "created_at", as: Int64.self)),
            expiresAt: date(try row.decode(column: "expires_at", as: Int64.self)), request: try row.decode(column: "request_id", as: String?.self),
            task: try row.decode(column: "task_id", as: String?.self), singleUse: try bool(row, "single_use"),
            breakGlass: try bool(row, "break_glass"), status: status, endedAt: try optionalDate("ended_at"),
            endedBy: try row.decode(column: "ended_by", as: String?.self), endReason: try row.decode(column: "end_reason", as: String?.self),
            lastUsedAt: try optionalDate("last_used_at"), lastCertifiedAt: try optionalDate("last_certified_at"))
    }
}
