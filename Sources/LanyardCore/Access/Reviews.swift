import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardModel

/// Recertification campaigns: an administrator starts one over a scope of the tenant; every identity and live
/// entitlement in scope becomes an item for its owner (or a reviewer group), who certifies, revokes or transfers it
/// before the deadline; at the deadline the sweeper closes the campaign and revokes or suspends what nobody decided
/// (`ExpirySweeper.closeDueReviews`).
public struct Reviews: Sendable {
    let store: any LanyardStore
    let audit: any AuditLog
    let clock: any WallClock
    let random: any RandomSource

    public init(store: any LanyardStore, audit: any AuditLog, clock: any WallClock, random: any RandomSource) {
        self.store = store
        self.audit = audit
        self.clock = clock
        self.random = random
    }

    /// The longest a campaign runs.
    public static let maxDuration = TimeSpan.days(365)
    /// The most items one campaign holds (a larger scope is refused: narrow it).
    public static let maxItems = 5000
    /// The most values of one scope filter.
    public static let maxFilterValues = 64
    /// Campaigns and items per page when the request names no `limit`.
    public static let defaultPageSize = 100

    var outcomes: ReviewOutcomes {
        ReviewOutcomes(
            inventory: Inventory(store: store, audit: audit, clock: clock, random: random), ending: EntitlementEnding(audit: audit, random: random))
    }

    /// Starts a campaign now: one item per identity and live entitlement in scope; audited as `review.start` and
    /// reported as `review.started`.
    /// - Throws: `invalid_field` for a bad name, duration, filter, `onUndecided` or reviewer group, or a scope with
    ///   more than ``maxItems`` subjects; `not_found` for an unknown tenant; `forbidden`.
    public func start(_ request: StartReviewRequest, tenant: String, by principal: Principal) async throws -> ReviewCampaignView {
        try AdminRoles.require(.reviewStart, principal, tenant: tenant)
        let plan = try Self.plan(of: request)
        let view = try await launch(plan, tenant: tenant, by: principal.subject.map(AccessActor.user) ?? principal.actor, at: clock.now())
        guard let view else { throw LanyardError(.internal, "The campaign was not started.") }
        return view
    }

    /// What a campaign is to cover and how it runs, checked.
    struct Plan: Sendable {
        var name: String
        var scope: ReviewScope
        var duration: Int64
        var onUndecided: ReviewUndecidedAction
        var reviewerGroup: String?
    }

    /// Checks a start request's name, duration, filters, `onUndecided` and reviewer group.
    static func plan(of request: StartReviewRequest) throws -> Plan {
        let scope = try Self.scope(of: request)
        let duration = try TimeSpan(parsing: request.duration, field: "duration")
        guard duration.seconds > 0, duration <= Self.maxDuration else {
            throw LanyardError.invalid("duration", "A campaign runs for more than 0s and at most \(Self.maxDuration), not \(duration).")
        }
        var onUndecided = ReviewUndecidedAction.revoke
        if let text = request.onUndecided {
            guard let parsed = ReviewUndecidedAction(rawValue: text) else {
                throw LanyardError.invalid("onUndecided", "onUndecided is 'revoke' or 'suspend', not '\(text.prefix(32))'.")
            }
            onUndecided = parsed
        }
        let group = try request.reviewerGroup.map { try AccessActor.reason($0, field: "reviewerGroup", max: 256) }
        let name = try AccessActor.reason(request.name, field: "name", max: ReviewCampaign.maxNameLength)
        return Plan(name: name, scope: scope, duration: duration.seconds, onUndecided: onUndecided, reviewerGroup: group)
    }

    /// Starts the campaign `plan` describes at `now` as `actor`. With `claim`, the campaign is stored only if `claim`
    /// (given the campaign's id) returns true in the same transaction (a schedule's compare-and-set); otherwise nothing
    /// is stored and the answer is nil.
    func launch(
        _ plan: Plan, tenant: String, by actor: String, at now: Date, claim: (@Sendable (String, any StoreSession) async throws -> Bool)? = nil
    ) async throws -> ReviewCampaignView? {
        var generator = random.generator()
        let campaign = try ReviewCampaign.start(
            id: IdentifierFormat.make(prefix: "rev", using: &generator), tenant: tenant, name: plan.name, scope: plan.scope,
            deadline: now.addingTimeInterval(TimeInterval(plan.duration)), onUndecided: plan.onUndecided, by: actor, at: now)
        let group = plan.reviewerGroup
        let candidates = try await store.read { session in
            guard try await session.tenant(named: tenant) != nil else { throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.") }
            if let group, try await !session.directoryGroups(tenant: tenant, lookup: .displayName(group)).contains(where: { $0.displayName == group }) {
                throw LanyardError.invalid("reviewerGroup", "There is no directory group named '\(group.prefix(100))'.")
            }
            return try await ReviewCandidates.find(in: campaign, reviewerGroup: group, at: now, session: session)
        }
        guard candidates.count <= Self.maxItems else {
            throw LanyardError.invalid("scope", "The scope covers \(candidates.count) subjects; a campaign holds at most \(Self.maxItems). Narrow it.")
        }
        let items = candidates.map { candidate in
            ReviewItem(
                id: IdentifierFormat.make(prefix: "rvi", using: &generator), campaign: campaign.id, subject: candidate.subject,
                identity: candidate.identity, reviewer: candidate.reviewer, deadline: campaign.deadline, onUndecided: plan.onUndecided, createdAt: now,
                lastUsedAt: candidate.lastUsedAt, unusedScopes30d: candidate.unused30d, unusedScopes90d: candidate.unused90d)
        }
        let report = CampaignReport(items: items)
        let audit = self.audit
        let outbox = WebhookOutbox(random: random)
        return try await store.write { session in
            if let claim, try await !claim(campaign.id, session) { return nil }
            try await session.insertReviewCampaign(campaign, items: items)
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: campaign.createdBy, action: .reviewStart, target: "review:\(campaign.id)",
                    after: LanyardJSON.value(of: campaign), details: ["name": campaign.name, "items": String(items.count)]),
                in: session)
            try await outbox.queue(.review(.reviewStarted, campaign, report: report, at: now), in: session)
            return ReviewCampaignView(campaign: campaign, report: report)
        }
    }

    /// One campaign with its report.
    /// - Throws: `not_found`; `forbidden`.
    public func find(_ id: String, tenant: String, by principal: Principal) async throws -> ReviewCampaignView {
        try AdminRoles.require(.reviewRead, principal, tenant: tenant)
        return try await store.read { session in
            let campaign = try await Self.campaign(id, tenant: tenant, in: session)
            let items = try await session.reviewItems(tenant: tenant, campaign: id, decided: nil, after: nil, limit: nil)
            return ReviewCampaignView(campaign: campaign, report: CampaignReport(items: items))
        }
    }

    /// One page of the tenant's campaigns, newest first.
    public func page(tenant: String, page: PageRequest, by principal: Principal) async throws -> Page<ReviewCampaign> {
        try AdminRoles.require(.reviewList, principal, tenant: tenant)
        return try await Page.read(page, list: "reviews", keyParts: 2) { after, limit in
            let position = try after.map(PageCursor.timeAndID).map { (createdAt: $0.time, id: $0.id) }
            return try await store.read { session in
                guard try await session.tenant(named: tenant) != nil else { throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.") }
                return try await session.reviewCampaigns(tenant: tenant, after: position, limit: limit)
            }
        } key: {
            [String(AuditEvent.seconds(of: $0.createdAt)), $0.id]
        }
    }

    /// One page of a campaign's items by id: only decided ones when `decided` is true, only open ones when false.
    public func items(of id: String, decided: Bool?, tenant: String, page: PageRequest, by principal: Principal) async throws -> Page<ReviewItem> {
        try AdminRoles.require(.reviewRead, principal, tenant: tenant)
        return try await Page.read(page, list: "review-items") { after, limit in
            try await store.read { session in
                _ = try await Self.campaign(id, tenant: tenant, in: session)
                return try await session.reviewItems(tenant: tenant, campaign: id, decided: decided, after: after?.first, limit: limit)
            }
        } key: {
            [$0.id]
        }
    }

    static func campaign(_ id: String, tenant: String, in session: any StoreSession) async throws -> ReviewCampaign {
        guard let campaign = try await session.reviewCampaign(tenant: tenant, id: id) else {
            throw LanyardError(.notFound, "There is no review campaign '\(id.prefix(64))' in tenant '\(tenant)'.")
        }
        return campaign
    }

    /// The scope a request names, each filter checked.
    static func scope(of request: StartReviewRequest) throws -> ReviewScope {
        func values<T>(_ texts: [String]?, field: String, parse: (String) throws -> T) throws -> [T]? {
            guard let texts else { return nil }
            guard !texts.isEmpty, texts.count <= maxFilterValues else {
                throw LanyardError.invalid(field, "\(field) lists 1–\(maxFilterValues) values; leave it out to cover everything.")
            }
            return try texts.map(parse)
        }
        let kinds = try values(request.kinds, field: "kinds") { text in
            guard let kind = IdentityKind(rawValue: text) else {
                throw LanyardError.invalid(
                    "kinds", "Unknown identity kind '\(text.prefix(32))'; known: \(IdentityKind.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            return kind
        }
        let environments = try values(request.environments, field: "environments") { text in
            guard let environment = DeploymentEnvironment(rawValue: text) else {
                throw LanyardError.invalid(
                    "environments",
                    "Unknown environment '\(text.prefix(32))'; known: \(DeploymentEnvironment.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            return environment
        }
        let owners = try values(request.owners, field: "owners") { text in
            try NameRules.checkText(text, field: "owners", maxLength: Inventory.Limits.ownerLength, required: true) ?? text
        }
        let tiers = try values(request.tiers, field: "tiers") { try AccessTier.parse($0, field: "tiers") }
        return ReviewScope(kinds: kinds.map(Set.init), environments: environments.map(Set.init), owners: owners.map(Set.init), tiers: tiers.map(Set.init))
    }
}
