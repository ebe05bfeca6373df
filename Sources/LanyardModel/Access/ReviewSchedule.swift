public import Foundation

/// A recertification campaign started on a schedule: at each time its ``CronSchedule`` names, a campaign with this
/// name, scope, duration and undecided-item rule starts by itself (`ExpirySweeper.startScheduledReviews`).
public struct ReviewSchedule: Sendable, Hashable, Codable {
    public var id: String
    public var tenant: String
    /// The name each campaign gets.
    public var name: String
    /// The cron expression, evaluated in UTC.
    public var cron: String
    /// How long reviewers have in each campaign, in seconds.
    public var duration: Int64
    public var scope: ReviewScope
    public var onUndecided: ReviewUndecidedAction
    /// A directory group that reviews every item instead of the owners.
    public var reviewerGroup: String?
    public var createdBy: String
    public var createdAt: Date
    /// When the next campaign starts.
    public var nextRunAt: Date
    /// When the last campaign started, and which it was.
    public var lastRunAt: Date?
    public var lastCampaign: String?

    public init(
        id: String, tenant: String, name: String, cron: String, duration: Int64, scope: ReviewScope, onUndecided: ReviewUndecidedAction,
        reviewerGroup: String? = nil, createdBy: String, createdAt: Date, nextRunAt: Date, lastRunAt: Date? = nil, lastCampaign: String? = nil
    ) {
        self.id = id
        self.tenant = tenant
        self.name = name
        self.cron = cron
        self.duration = duration
        self.scope = scope
        self.onUndecided = onUndecided
        self.reviewerGroup = reviewerGroup
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.nextRunAt = nextRunAt
        self.lastRunAt = lastRunAt
        self.lastCampaign = lastCampaign
    }

    /// The shortest gap allowed between two campaigns of one schedule: one hour.
    public static let minimumInterval: TimeInterval = 3600
}
