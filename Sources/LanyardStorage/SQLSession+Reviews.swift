import Foundation
import LanyardCore
import LanyardModel
import SQLKit

extension SQLSession {
    func insertReviewCampaign(_ campaign: ReviewCampaign, items: [ReviewItem]) async throws {
        let c = campaign
        try await guarded("Review campaign \(c.id) already exists.") {
            try await db.raw(
                """
                INSERT INTO review_campaigns (tenant, id, name, scope, deadline, on_undecided, created_at, created_by, status, closed_at)
                VALUES (\(bind: c.tenant), \(bind: c.id), \(bind: c.name), \(bind: try Self.json(c.scope)), \(bind: Self.seconds(c.deadline)),
                    \(bind: c.onUndecided.rawValue), \(bind: Self.seconds(c.createdAt)), \(bind: c.createdBy), \(bind: c.status.rawValue),
                    \(bind: c.closedAt.map(Self.seconds)))
                """
            ).run()
            for i in items {
                try await db.raw(
                    """
                    INSERT INTO review_items (tenant, id, campaign, subject_kind, subject_id, identity, reviewer, deadline, on_undecided, created_at,
                        last_used_at, unused_30d, unused_90d, decision, decided_by, decided_at, reason, undecided_action)
                    VALUES (\(bind: c.tenant), \(bind: i.id), \(bind: i.campaign), \(bind: i.subject.kind.rawValue), \(bind: i.subject.id),
                        \(bind: i.identity), \(bind: i.reviewer.description), \(bind: Self.seconds(i.deadline)), \(bind: i.onUndecided.rawValue),
                        \(bind: Self.seconds(i.createdAt)), \(bind: i.lastUsedAt.map(Self.seconds)), \(bind: try Self.json(i.unusedScopes30d)),
                        \(bind: try Self.json(i.unusedScopes90d)), \(bind: i.decision?.description), \(bind: i.decidedBy),
                        \(bind: i.decidedAt.map(Self.seconds)), \(bind: i.reason), \(bind: i.undecidedAction?.rawValue))
                    """
                ).run()
            }
        }
    }

    func reviewCampaign(tenant: String, id: String) async throws -> ReviewCampaign? {
        try await db.raw("SELECT * FROM review_campaigns WHERE tenant = \(bind: tenant) AND id = \(bind: id)").first().map(Self.reviewCampaign(from:))
    }

    func reviewCampaigns(tenant: String, after: (createdAt: Date, id: String)?, limit: Int?) async throws -> [ReviewCampaign] {
        let query: SQLQueryString = "SELECT * FROM review_campaigns WHERE tenant = \(bind: tenant)"
        let position = after.map { (seconds: Self.seconds($0.createdAt), id: $0.id) }
        return try await db.raw(Self.keyset(query, time: "created_at", then: "id", descending: true, after: position, limit: limit)).all()
            .map(Self.reviewCampaign(from:))
    }

    func reviewItem(tenant: String, id: String) async throws -> ReviewItem? {
        try await db.raw("SELECT * FROM review_items WHERE tenant = \(bind: tenant) AND id = \(bind: id)").first().map(Self.reviewItem(from:))
    }

    func reviewItems(tenant: String, campaign: String, decided: Bool?, after: String?, limit: Int?) async throws -> [ReviewItem] {
        var query: SQLQueryString = "SELECT * FROM review_items WHERE tenant = \(bind: tenant) AND campaign = \(bind: campaign)"
        switch decided {
        case true?: query += " AND (decision IS NOT NULL OR undecided_action IS NOT NULL)"
        case false?: query += " AND decision IS NULL AND undecided_action IS NULL"
        case nil: break
        }
        return try await db.raw(Self.keyset(query, on: "id", after: after, limit: limit)).all().map(Self.reviewItem(from:))
    }

    func decideReviewItem(tenant: String, _ item: ReviewItem) async throws -> Bool {
        try await !db.raw(
            """
            UPDATE review_items SET decision = \(bind: item.decision?.description), decided_by = \(bind: item.decidedBy),
                decided_at = \(bind: item.decidedAt.map(Self.seconds)), reason = \(bind: item.reason),
                undecided_action = \(bind: item.undecidedAction?.rawValue)
            WHERE tenant = \(bind: tenant) AND id = \(bind: item.id) AND decision IS NULL AND undecided_action IS NULL
            RETURNING id
            """
        ).all().isEmpty
    }

    func reviewCampaignsDue(at: Date, limit: Int) async throws -> [ReviewCampaign] {
        try await db.raw(
            """
            SELECT * FROM review_campaigns WHERE status = \(bind: ReviewCampaign.Status.open.rawValue) AND deadline <= \(bind: Self.seconds(at))
            ORDER BY deadline, tenant, id LIMIT \(bind: Int64(limit))
            """
        ).all().map(Self.reviewCampaign(from:))
    }

    func reviewCampaignsToRemind(at: Date, limit: Int) async throws -> [ReviewCampaign] {
        let now = Self.seconds(at)
        return try await db.raw(
            """
            SELECT * FROM review_campaigns WHERE status = \(bind: ReviewCampaign.Status.open.rawValue) AND reminded_at IS NULL
                AND deadline > \(bind: now) AND \(bind: now) * 2 >= deadline + created_at
            ORDER BY deadline, tenant, id LIMIT \(bind: Int64(limit))
            """
        ).all().map(Self.reviewCampaign(from:))
    }

    func markReviewCampaignReminded(tenant: String, id: String, at: Date) async throws -> Bool {
        try await !db.raw(
            """
            UPDATE review_campaigns SET reminded_at = \(bind: Self.seconds(at))
            WHERE tenant = \(bind: tenant) AND id = \(bind: id) AND reminded_at IS NULL RETURNING id
            """
        ).all().isEmpty
    }

    func closeReviewCampaign(tenant: String, id: String, at: Date) async throws -> Bool {
        try await !db.raw(
            """
            UPDATE review_campaigns SET status = \(bind: ReviewCampaign.Status.closed.rawValue), closed_at = \(bind: Self.seconds(at))
            WHERE tenant = \(bind: tenant) AND id = \(bind: id) AND status = \(bind: ReviewCampaign.Status.open.rawValue)
            RETURNING id
            """
        ).all().isEmpty
    }

    func certifyEntitlement(tenant: String, id: String, at: Date) async throws -> Bool {
        let seconds = Self.seconds(at)
        return try await !db.raw(
            """
            UPDATE entitlements SET last_certified_at = CASE WHEN last_certified_at IS NULL OR last_certified_at < \(bind: seconds)
                THEN \(bind: seconds) ELSE last_certified_at END
            WHERE tenant = \(bind: tenant) AND id = \(bind: id)
            RETURNING id
            """
        ).all().isEmpty
    }

    static func reviewCampaign(from row: any SQLRow) throws -> ReviewCampaign {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        let statusText = try text("status")
        guard let status = ReviewCampaign.Status(rawValue: statusText) else {
            throw LanyardError(.internal, "Stored review campaign has an unknown status '\(statusText)'.")
        }
        return ReviewCampaign(
            id: try text("id"), tenant: try text("tenant"), name: try text("name"), scope: try decodeJSON(ReviewScope.self, text("scope")),
            deadline: date(try row.decode(column: "deadline", as: Int64.self)), onUndecided: try undecided(text("on_undecided")),
            createdAt: date(try row.decode(column: "created_at", as: Int64.self)), createdBy: try text("created_by"), status: status,
            closedAt: try row.decode(column: "closed_at", as: Int64?.self).map(date))
    }

    static func reviewItem(from row: any SQLRow) throws -> ReviewItem {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        func optionalText(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
        func optionalDate(_ column: String) throws -> Date? { try row.decode(column: column, as: Int64?.self).map(date) }
        let kindText = try text("subject_kind")
        guard let kind = ReviewSubject.Kind(rawValue: kindText) else {
            throw LanyardError(.internal, "Stored review item has an unknown subject kind '\(kindText)'.")
        }
        let reviewerText = try text("reviewer")
        guard let reviewer = ReviewReviewer(reviewerText) else {
            throw LanyardError(.internal, "Stored review item has an unknown reviewer '\(reviewerText)'.")
        }
        var decision: ReviewDecision?
        if let decisionText = try optionalText("decision") {
            guard let parsed = ReviewDecision(decisionText) else {
                throw LanyardError(.internal, "Stored review item has an unknown decision '\(decisionText)'.")
            }
            decision = parsed
        }
        return ReviewItem(
            id: try text("id"), campaign: try text("campaign"), subject: ReviewSubject(kind: kind, id: try text("subject_id")),
            identity: try text("identity"), reviewer: reviewer, deadline: date(try row.decode(column: "deadline", as: Int64.self)),
            onUndecided: try undecided(text("on_undecided")), createdAt: date(try row.decode(column: "created_at", as: Int64.self)),
            lastUsedAt: try optionalDate("last_used_at"), unusedScopes30d: try decodeJSON([String].self, text("unused_30d")),
            unusedScopes90d: try decodeJSON([String].self, text("unused_90d")), decision: decision, decidedBy: try optionalText("decided_by"),
            decidedAt: try optionalDate("decided_at"), reason: try optionalText("reason"),
            undecidedAction: try optionalText("undecided_action").map(undecided))
    }

    private static func undecided(_ text: String) throws -> ReviewUndecidedAction {
        guard let action = ReviewUndecidedAction(rawValue: text) else {
            throw LanyardError(.internal, "Stored review data has an unknown undecided action '\(text)'.")
        }
        return action
    }
}
