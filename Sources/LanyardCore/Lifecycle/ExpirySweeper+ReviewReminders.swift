import Foundation
import LanyardModel

extension ExpirySweeper {
    /// Reminds the reviewers of every open campaign half way through its run, once: a `review.reminder` webhook
    /// naming each reviewer with items still open and how many (none is sent when every item is decided). Returns how
    /// many campaigns were reminded.
    @discardableResult
    public func remindReviewers() async throws -> Int {
        let now = clock.now()
        let batchSize = self.batchSize
        let outbox = self.outbox
        return try await inBatches { session in
            try await session.reviewCampaignsToRemind(at: now, limit: batchSize)
        } move: { campaign, session in
            guard try await session.markReviewCampaignReminded(tenant: campaign.tenant, id: campaign.id, at: now) else { return false }
            let open = try await session.reviewItems(tenant: campaign.tenant, campaign: campaign.id, decided: false, after: nil, limit: nil)
            guard !open.isEmpty else { return true }
            var left: [String: Int] = [:]
            for item in open { left[item.reviewer.description, default: 0] += 1 }
            let reviewers: [JSONValue] = left.sorted { $0.key < $1.key }.map { reviewer, count in
                .object(["reviewer": .string(reviewer), "open": .number(JSONNumber(Double(count)))])
            }
            let event = WebhookEvent(
                type: .reviewReminder, tenant: campaign.tenant, occurredAt: now,
                data: .object(["campaign": LanyardJSON.value(of: campaign) ?? .null, "reviewers": .array(reviewers)]))
            try await outbox.queue(event, in: session)
            return true
        }
    }
}
