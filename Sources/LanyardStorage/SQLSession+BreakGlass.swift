import Foundation
import LanyardCore
import LanyardModel
import SQLKit

extension SQLSession {
    func insertBreakGlass(_ breakGlass: BreakGlass) async throws {
        let b = breakGlass
        try await guarded("Break-glass \(b.id) already exists.") {
            try await db.raw(
                """
                INSERT INTO break_glass (tenant, id, entitlement_id, identity_id, opener, reason, incident, opened_at, expires_at, review_due_at,
                    closed_at, closed_by, review, reviewed_by, reviewed_at, review_note)
                VALUES (\(bind: b.tenant), \(bind: b.id), \(bind: b.entitlement), \(bind: b.identity), \(bind: b.opener), \(bind: b.reason),
                    \(bind: b.incident), \(bind: Self.seconds(b.openedAt)), \(bind: Self.seconds(b.expiresAt)), \(bind: Self.seconds(b.reviewDueAt)),
                    \(bind: b.closedAt.map(Self.seconds)), \(bind: b.closedBy), \(bind: b.review.rawValue), \(bind: b.reviewedBy),
                    \(bind: b.reviewedAt.map(Self.seconds)), \(bind: b.reviewNote))
                """
            ).run()
        }
    }

    func breakGlass(tenant: String, id: String) async throws -> BreakGlass? {
        try await db.raw("SELECT * FROM break_glass WHERE tenant = \(bind: tenant) AND id = \(bind: id)").first().map(Self.breakGlass(from:))
    }

    func breakGlasses(tenant: String, filter: BreakGlassFilter, at: Date, after: (openedAt: Date, id: String)?, limit: Int?) async throws
        -> [BreakGlass]
    {
        var query: SQLQueryString = "SELECT * FROM break_glass WHERE tenant = \(bind: tenant)"
        let now = Self.seconds(at)
        switch filter.status {
        case .open: query += " AND closed_at IS NULL AND expires_at > \(bind: now)"
        case .closed: query += " AND closed_at IS NOT NULL"
        case .expired: query += " AND closed_at IS NULL AND expires_at <= \(bind: now)"
        case nil: break
        }
        if let review = filter.review { query += " AND review = \(bind: review.rawValue)" }
        if let identity = filter.identity { query += " AND identity_id = \(bind: identity)" }
        let position = after.map { (seconds: Self.seconds($0.openedAt), id: $0.id) }
        query = Self.keyset(query, time: "opened_at", then: "id", descending: true, after: position, limit: limit)
        return try await db.raw(query).all().map(Self.breakGlass(from:))
    }

    func closeBreakGlass(tenant: String, id: String, at: Date, by actor: String) async throws -> BreakGlass? {
        let now = Self.seconds(at)
        return try await db.raw(
            """
            UPDATE break_glass SET closed_at = \(bind: now), closed_by = \(bind: actor)
            WHERE tenant = \(bind: tenant) AND id = \(bind: id) AND closed_at IS NULL AND expires_at > \(bind: now)
            RETURNING *
            """
        ).first().map(Self.breakGlass(from:))
    }

    func reviewBreakGlass(tenant: String, id: String, at: Date, by actor: String, note: String) async throws -> BreakGlass? {
        let now = Self.seconds(at)
        return try await db.raw(
            """
            UPDATE break_glass SET review = \(bind: BreakGlassReview.reviewed.rawValue), reviewed_by = \(bind: actor), reviewed_at = \(bind: now),
                review_note = \(bind: note)
            WHERE tenant = \(bind: tenant) AND id = \(bind: id) AND review = \(bind: BreakGlassReview.pending.rawValue)
                AND review_due_at > \(bind: now)
            RETURNING *
            """
        ).first().map(Self.breakGlass(from:))
    }

    func overdueBreakGlasses(at: Date, limit: Int) async throws -> [BreakGlass] {
        try await db.raw(
            """
            SELECT * FROM break_glass WHERE review = \(bind: BreakGlassReview.pending.rawValue) AND review_due_at <= \(bind: Self.seconds(at))
            ORDER BY review_due_at, tenant, id LIMIT \(bind: Int64(limit))
            """
        ).all().map(Self.breakGlass(from:))
    }

    func markBreakGlassOverdue(tenant: String, id: String, at: Date) async throws -> BreakGlass? {
        try await db.raw(
            """
            UPDATE break_glass SET review = \(bind: BreakGlassReview.overdue.rawValue)
            WHERE tenant = \(bind: tenant) AND id = \(bind: id) AND review = \(bind: BreakGlassReview.pending.rawValue)
                AND review_due_at <= \(bind: Self.seconds(at))
            RETURNING *
            """
        ).first().map(Self.breakGlass(from:))
    }

    static func breakGlass(from row: any SQLRow) throws -> BreakGlass {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        func optionalText(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
        func time(_ column: String) throws -> Date { date(try row.decode(column: column, as: Int64.self)) }
        func optionalTime(_ column: String) throws -> Date? { try row.decode(column: column, as: Int64?.self).map(date) }
        let reviewText = try text("review")
        guard let review = BreakGlassReview(rawValue: reviewText) else {
            throw LanyardError(.internal, "Stored break-glass has an unknown review state '\(reviewText)'.")
        }
        return BreakGlass(
            id: try text("id"), tenant: try text("tenant"), entitlement: try text("entitlement_id"), identity: try text("identity_id"),
            opener: try text("opener"), reason: try text("reason"), incident: try text("incident"), openedAt: try time("opened_at"),
            expiresAt: try time("expires_at"), reviewDueAt: try time("review_due_at"), closedAt: try optionalTime("closed_at"),
            closedBy: try optionalText("closed_by"), review: review, reviewedBy: try optionalText("reviewed_by"),
            reviewedAt: try optionalTime("reviewed_at"), reviewNote: try optionalText("review_note"))
    }
}
