public import LanyardAPI
public import LanyardModel

extension LanyardClient {
    /// Starts a recertification campaign.
    public func startReview(_ request: StartReviewRequest, tenant: String) async throws -> ReviewCampaignView {
        try await send(APIRoute.reviewStart.target(tenant), body: request)
    }

    /// One campaign with its report.
    public func review(_ id: String, tenant: String) async throws -> ReviewCampaignView {
        try await send(APIRoute.reviewRead.target(tenant, id))
    }

    /// One page of campaigns, newest first.
    public func reviews(tenant: String, limit: Int? = nil, cursor: String? = nil) async throws -> ReviewCampaignList {
        try await send(APIRoute.reviewList.target(tenant), query: pageQuery(limit: limit, cursor: cursor))
    }

    /// One page of a campaign's items by id (only decided or only open ones when `decided` is set).
    public func reviewItems(_ id: String, tenant: String, decided: Bool? = nil, limit: Int? = nil, cursor: String? = nil) async throws
        -> ReviewItemList
    {
        var query: [(String, String)] = []
        if let decided { query.append(("decided", decided ? "true" : "false")) }
        return try await send(APIRoute.reviewItems.target(tenant, id), query: query + pageQuery(limit: limit, cursor: cursor))
    }

    /// Decides one item of a campaign.
    public func decideReviewItem(_ item: String, campaign: String, _ request: DecideReviewItemRequest, tenant: String) async throws -> ReviewItem {
        try await send(APIRoute.reviewDecide.target(tenant, campaign, item), body: request)
    }
}

extension LanyardClient {
    /// Adds a schedule that starts a campaign at each time `request.cron` names (UTC).
    public func createReviewSchedule(_ request: CreateReviewScheduleRequest, tenant: String) async throws -> ReviewSchedule {
        try await send(APIRoute.reviewScheduleCreate.target(tenant), body: request)
    }

    /// The tenant's review schedules.
    public func reviewSchedules(tenant: String) async throws -> ReviewScheduleList {
        try await send(APIRoute.reviewScheduleList.target(tenant))
    }

    /// Removes a review schedule.
    public func deleteReviewSchedule(_ id: String, tenant: String) async throws {
        _ = try await sendText(APIRoute.reviewScheduleDelete.target(tenant, id), text: nil)
    }
}
