public import Foundation
public import LanyardModel

/// Each tenant's recertification campaigns and their items: a campaign is stored with all its items in the
/// transaction that starts it; items are decided (or closed undecided) once, by a conditional update, and campaigns
/// close once. Nothing is deleted, so campaigns stay as history.
///
/// Conformance: `ReviewStoreConformance` in `LanyardTesting`.
public protocol ReviewStore: Sendable {
    /// Stores a new campaign and its items (`already_exists` if an id is taken).
    func insertReviewCampaign(_ campaign: ReviewCampaign, items: [ReviewItem]) async throws
    func reviewCampaign(tenant: String, id: String) async throws -> ReviewCampaign?
    /// Campaigns of `tenant`, newest first (`createdAt` descending, then `id`), only those after `after` in that
    /// order, at most `limit` (all when `nil`).
    func reviewCampaigns(tenant: String, after: (createdAt: Date, id: String)?, limit: Int?) async throws -> [ReviewCampaign]
    func reviewItem(tenant: String, id: String) async throws -> ReviewItem?
    /// Items of a campaign by id; only decided ones (decided or closed undecided) when `decided` is true, only open
    /// ones when false, all when `nil`; after the id `after`, at most `limit` (all when `nil`).
    func reviewItems(tenant: String, campaign: String, decided: Bool?, after: String?, limit: Int?) async throws -> [ReviewItem]
    /// Stores the decision (or undecided closing) of `item` if the stored item is still open; false when it was not
    /// (so that of two racing decisions exactly one wins).
    func decideReviewItem(tenant: String, _ item: ReviewItem) async throws -> Bool
    /// `open` campaigns of any tenant whose deadline is at or before `at`, oldest deadline first, at most `limit`.
    func reviewCampaignsDue(at: Date, limit: Int) async throws -> [ReviewCampaign]
    /// `open` campaigns of any tenant not yet reminded whose deadline is after `at` and that are at least half way
    /// through their run, oldest deadline first, at most `limit`.
    func reviewCampaignsToRemind(at: Date, limit: Int) async throws -> [ReviewCampaign]
    /// Records that the campaign's reviewers were reminded, if they were not yet; false when they were.
    func markReviewCampaignReminded(tenant: String, id: String, at: Date) async throws -> Bool
    /// Closes the campaign if it is still `open`; false when it was not.
    func closeReviewCampaign(tenant: String, id: String, at: Date) async throws -> Bool
    /// Records a certification of an entitlement (only moves `lastCertifiedAt` forward); false for an unknown one.
    func certifyEntitlement(tenant: String, id: String, at: Date) async throws -> Bool
    /// Stores a new schedule (`already_exists` if the id is taken).
    func insertReviewSchedule(_ schedule: ReviewSchedule) async throws
    /// The tenant's schedules, by id.
    func reviewSchedules(tenant: String) async throws -> [ReviewSchedule]
    /// Deletes a schedule; whether there was one.
    func deleteReviewSchedule(tenant: String, id: String) async throws -> Bool
    /// Schedules of any tenant whose next run is at or before `at`, earliest first, at most `limit`.
    func reviewSchedulesDue(at: Date, limit: Int) async throws -> [ReviewSchedule]
    /// Moves the schedule to its next run if its next run is still `from` (of two nodes that found it due, exactly one
    /// wins and starts the campaign). Returns whether it did.
    func advanceReviewSchedule(_ schedule: ReviewSchedule, from: Date) async throws -> Bool
}
