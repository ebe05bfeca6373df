import Foundation
import LanyardAudit
import LanyardModel

extension ExpirySweeper {
    /// Closes every open campaign past its deadline: each undecided item is closed and its subject revoked
    /// (entitlement ended through ``EntitlementEnding``, identity suspended) or its identity suspended, as the
    /// campaign says, with a reason naming the campaign; audited as `review.close`, reported as `review.closed`.
    /// Returns how many campaigns were closed.
    @discardableResult
    public func closeDueReviews() async throws -> Int {
        let now = clock.now()
        let batchSize = self.batchSize
        let outcomes = ReviewOutcomes(inventory: Inventory(store: store, audit: audit, clock: clock, random: ending.random), ending: ending)
        let audit = self.audit
        let outbox = self.outbox
        return try await inBatches { session in
            try await session.reviewCampaignsDue(at: now, limit: batchSize)
        } move: { campaign, session in
            guard try await session.closeReviewCampaign(tenant: campaign.tenant, id: campaign.id, at: now) else { return false }
            let reason = "undecided in review campaign '\(campaign.name)' (\(campaign.id)) at its deadline"
            var revoked = 0
            var suspended = 0
            for item in try await session.reviewItems(tenant: campaign.tenant, campaign: campaign.id, decided: false, after: nil, limit: nil) {
                let (closed, action) = try item.closeUndecided(at: max(now, item.deadline))
                guard try await session.decideReviewItem(tenant: campaign.tenant, closed) else { continue }
                switch action {
                case .revoke:
                    if !(try await outcomes.revoke(item, campaign: campaign, reason: reason, actor: Self.actor, at: now, in: session)).isEmpty {
                        revoked += 1
                    }
                case .suspend:
                    if !(try await outcomes.suspend(item, campaign: campaign, reason: reason, actor: Self.actor, at: now, in: session)).isEmpty {
                        suspended += 1
                    }
                }
            }
            var after = campaign
            after.status = .closed
            after.closedAt = now
            let report = CampaignReport(
                items: try await session.reviewItems(tenant: campaign.tenant, campaign: campaign.id, decided: nil, after: nil, limit: nil))
            try await audit.record(
                AuditEvent(
                    tenant: campaign.tenant, at: now, actor: Self.actor, action: .reviewClose, target: "review:\(campaign.id)",
                    before: LanyardJSON.value(of: campaign), after: LanyardJSON.value(of: after),
                    details: ["revoked": String(revoked), "suspended": String(suspended), "completion": String(report.completion)]),
                in: session)
            try await outbox.queue(.review(.reviewClosed, after, report: report, at: now), in: session)
            return true
        }
    }
}
