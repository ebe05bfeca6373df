import Foundation
import LanyardCore
import LanyardModel

/// ``ReviewStore`` in a grouped body: the plain session's, so a campaign, a decision or a closing happens inside the
/// body's savepoint and vanishes with it when the body fails.
extension DeferringSession {
    func insertReviewCampaign(_ campaign: ReviewCampaign, items: [ReviewItem]) async throws {
        try await base.insertReviewCampaign(campaign, items: items)
    }
    func reviewCampaign(tenant: String, id: String) async throws -> ReviewCampaign? { try await base.reviewCampaign(tenant: tenant, id: id) }
    func reviewCampaigns(tenant: String, after: (createdAt: Date, id: String)?, limit: Int?) async throws -> [ReviewCampaign] {
        try await base.reviewCampaigns(tenant: tenant, after: after, limit: limit)
    }
    func reviewItem(tenant: String, id: String) async throws -> ReviewItem? { try await base.reviewItem(tenant: tenant, id: id) }
    func reviewItems(tenant: String, campaign: String, decided: Bool?, after: String?, limit: Int?) async throws -> [ReviewItem] {
        try await base.reviewItems(tenant: tenant, campaign: campaign, decided: decided, after: after, limit: limit)
    }
    func decideReviewItem(tenant: String, _ item: ReviewItem) async throws -> Bool { try await base.decideReviewItem(tenant: tenant, item) }
    func reviewCampaignsDue(at: Date, limit: Int) async throws -> [ReviewCampaign] { try await base.reviewCampaignsDue(at: at, limit: limit) }
    func reviewCampaignsToRemind(at: Date, limit: Int) async throws -> [ReviewCampaign] {
        try await base.reviewCampaignsToRemind(at: at, limit: limit)
    }
    func markReviewCampaignReminded(tenant: String, id: String, at: Date) async throws -> Bool {
        try await base.markReviewCampaignReminded(tenant: tenant, id: id, at: at)
    }
    func closeReviewCampaign(tenant: String, id: String, at: Date) async throws -> Bool {
        try await base.closeReviewCampaign(tenant: tenant, id: id, at: at)
    }
    func certifyEntitlement(tenant: String, id: String, at: Date) async throws -> Bool {
        try await base.certifyEntitlement(tenant: tenant, id: id, at: at)
    }
    func insertReviewSchedule(_ schedule: ReviewSchedule) async throws { try await base.insertReviewSchedule(schedule) }
    func reviewSchedules(tenant: String) async throws -> [ReviewSchedule] { try await base.reviewSchedules(tenant: tenant) }
    func deleteReviewSchedule(tenant: String, id: String) async throws -> Bool { try await base.deleteReviewSchedule(tenant: tenant, id: id) }
    func reviewSchedulesDue(at: Date, limit: Int) async throws -> [ReviewSchedule] { try await base.reviewSchedulesDue(at: at, limit: limit) }
    func advanceReviewSchedule(_ schedule: ReviewSchedule, from: Date) async throws -> Bool {
        try await base.advanceReviewSchedule(schedule, from: from)
    }
}
