public import LanyardModel

/// `POST /t/{tenant}/v1/reviews`: starts a recertification campaign now.
public struct StartReviewRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// 1–128 characters.
    public var name: String
    /// How long reviewers have, from now (`5s`, `14d`; at most 365d).
    public var duration: String
    /// Identity kinds in scope (all when absent).
    public var kinds: [String]?
    /// Deployment environments in scope (all when absent).
    public var environments: [String]?
    /// Owners' user names in scope (all when absent).
    public var owners: [String]?
    /// Entitlement tiers in scope; when set, only entitlements of these tiers become items (no identity items).
    public var tiers: [String]?
    /// What happens to items nobody decided by the deadline: `revoke` (default) or `suspend`.
    public var onUndecided: String?
    /// A directory group (its `displayName`) that reviews every item instead of the owners.
    public var reviewerGroup: String?

    public static let allowedFields: Set<String> = ["name", "duration", "kinds", "environments", "owners", "tiers", "onUndecided", "reviewerGroup"]

    public init(
        name: String, duration: String, kinds: [String]? = nil, environments: [String]? = nil, owners: [String]? = nil, tiers: [String]? = nil,
        onUndecided: String? = nil, reviewerGroup: String? = nil
    ) {
        self.name = name
        self.duration = duration
        self.kinds = kinds
        self.environments = environments
        self.owners = owners
        self.tiers = tiers
        self.onUndecided = onUndecided
        self.reviewerGroup = reviewerGroup
    }
}

/// `POST /t/{tenant}/v1/reviews/{id}/items/{item}/decide`.
public struct DecideReviewItemRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// `certify`, `revoke` or `transfer:NAME`.
    public var decision: String
    /// Why (required to revoke or transfer; 1–2000 characters).
    public var reason: String?

    public static let allowedFields: Set<String> = ["decision", "reason"]

    public init(decision: String, reason: String? = nil) {
        self.decision = decision
        self.reason = reason
    }
}

/// A campaign with its report (`GET /t/{tenant}/v1/reviews/{id}`, and the answer to starting one).
public struct ReviewCampaignView: Sendable, Hashable, Codable {
    public var campaign: ReviewCampaign
    public var report: CampaignReport

    public init(campaign: ReviewCampaign, report: CampaignReport) {
        self.campaign = campaign
        self.report = report
    }
}

/// A page of campaigns, newest first.
public struct ReviewCampaignList: Sendable, Hashable, Codable {
    public var campaigns: [ReviewCampaign]
    /// The cursor of the next page (send it back as `cursor`); absent on the last page.
    public var next: String?
    public init(campaigns: [ReviewCampaign], next: String? = nil) {
        self.campaigns = campaigns
        self.next = next
    }
}

/// A page of a campaign's items, by id.
public struct ReviewItemList: Sendable, Hashable, Codable {
    /// The items (JSON `items`).
    public var reviewItems: [ReviewItem]
    /// The cursor of the next page (send it back as `cursor`); absent on the last page.
    public var next: String?
    public init(items: [ReviewItem], next: String? = nil) {
        self.reviewItems = items
        self.next = next
    }

    enum CodingKeys: String, CodingKey {
        case reviewItems = "items"
        case next
    }
}

/// `POST /t/{tenant}/v1/review-schedules`: starts a campaign on a cron schedule (UTC). The body is a
/// ``StartReviewRequest`` (its `duration` is how long reviewers have in each campaign) with `cron` added, flat.
public struct CreateReviewScheduleRequest: Sendable, Hashable, Codable, StrictDecodable {
    /// Five-field cron (`0 9 1 * *`) or `@monthly`, `@weekly`…; at most one campaign an hour.
    public var cron: String
    /// The campaign each run starts.
    public var campaign: StartReviewRequest

    public static let allowedFields: Set<String> = StartReviewRequest.allowedFields.union(["cron"])

    public init(cron: String, campaign: StartReviewRequest) {
        self.cron = cron
        self.campaign = campaign
    }

    private enum CodingKeys: String, CodingKey { case cron }

    public init(from decoder: any Decoder) throws {
        cron = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .cron)
        campaign = try StartReviewRequest(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try campaign.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cron, forKey: .cron)
    }
}

/// The tenant's review schedules.
public struct ReviewScheduleList: Sendable, Hashable, Codable {
    public var schedules: [ReviewSchedule]
    public init(schedules: [ReviewSchedule]) { self.schedules = schedules }
}
