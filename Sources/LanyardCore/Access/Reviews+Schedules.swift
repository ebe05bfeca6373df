public import Foundation
public import LanyardAPI
import LanyardAudit
public import LanyardModel

/// Scheduled campaigns: an administrator adds a cron schedule; at each run the sweeper starts the campaign it
/// describes (``ExpirySweeper/startScheduledReviews()``), on exactly one node.
extension Reviews {
    /// The most schedules of one tenant.
    public static let maxSchedules = 100

    /// Adds a schedule; its first campaign starts at the next time `request.cron` names.
    /// - Throws: `invalid_field` for a bad cron expression (or one that runs more often than hourly, or never) or a bad
    ///   campaign (as for ``start(_:tenant:by:)``); `forbidden`; `not_found`; `invalid_state` past ``maxSchedules``.
    public func schedule(_ request: CreateReviewScheduleRequest, tenant: String, by principal: Principal) async throws -> ReviewSchedule {
        try AdminRoles.require(.reviewScheduleCreate, principal, tenant: tenant)
        let cron = try CronSchedule(parsing: request.cron)
        let plan = try Self.plan(of: request.campaign)
        let now = clock.now()
        guard let first = cron.next(after: now) else {
            throw LanyardError.invalid("cron", "'\(cron)' never runs in the next five years.")
        }
        if let gap = cron.shortestGap(after: now), gap < ReviewSchedule.minimumInterval {
            throw LanyardError.invalid("cron", "'\(cron)' starts a campaign every \(Int(gap / 60)) minutes; schedule at most one an hour.")
        }
        var generator = random.generator()
        let schedule = ReviewSchedule(
            id: IdentifierFormat.make(prefix: "rsc", using: &generator), tenant: tenant, name: plan.name, cron: cron.description,
            duration: plan.duration, scope: plan.scope, onUndecided: plan.onUndecided, reviewerGroup: plan.reviewerGroup,
            createdBy: principal.subject.map(AccessActor.user) ?? principal.actor, createdAt: now, nextRunAt: first)
        let audit = self.audit
        return try await store.write { session in
            guard try await session.tenant(named: tenant) != nil else { throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.") }
            guard try await session.reviewSchedules(tenant: tenant).count < Self.maxSchedules else {
                throw LanyardError(.invalidState, "Tenant '\(tenant)' has \(Self.maxSchedules) review schedules; remove one first.")
            }
            try await session.insertReviewSchedule(schedule)
            try await audit.record(
                AuditEvent(
                    tenant: tenant, at: now, actor: principal.actor, action: .reviewScheduleCreate, target: "review_schedule:\(schedule.id)",
                    after: LanyardJSON.value(of: schedule), details: ["cron": schedule.cron, "name": schedule.name]),
                in: session)
            return schedule
        }
    }

    /// The tenant's schedules.
    public func schedules(tenant: String, by principal: Principal) async throws -> [ReviewSchedule] {
        try AdminRoles.require(.reviewScheduleList, principal, tenant: tenant)
        return try await store.read { session in
            guard try await session.tenant(named: tenant) != nil else { throw LanyardError(.notFound, "There is no tenant named '\(tenant)'.") }
            return try await session.reviewSchedules(tenant: tenant)
        }
    }

    /// Removes a schedule (campaigns it started run on).
    /// - Throws: `not_found`; `forbidden`.
    public func unschedule(_ id: String, tenant: String, by principal: Principal) async throws {
        try AdminRoles.require(.reviewScheduleDelete, principal, tenant: tenant)
        let now = clock.now()
        let audit = self.audit
        try await store.write { session in
            guard id.utf8.count <= 64, try await session.deleteReviewSchedule(tenant: tenant, id: id) else {
                throw LanyardError(.notFound, "There is no review schedule '\(id.prefix(64))' in tenant '\(tenant)'.")
            }
            try await audit.record(
                AuditEvent(tenant: tenant, at: now, actor: principal.actor, action: .reviewScheduleDelete, target: "review_schedule:\(id)"),
                in: session)
        }
    }

    /// Starts the campaign of `schedule`, due at `now`, if this node is the one that moves it to its next run. Returns
    /// the campaign, or nil when another node got there first. A run that was missed (the server was down) starts
    /// once, late, and the schedule moves to the next time after now.
    func run(_ schedule: ReviewSchedule, at now: Date) async throws -> ReviewCampaignView? {
        var next = schedule
        next.lastRunAt = now
        // A stored expression was checked when added; one that no longer parses or never runs again is parked a year out.
        next.nextRunAt = (try? CronSchedule(parsing: schedule.cron))?.next(after: now) ?? now.addingTimeInterval(366 * 86_400)
        let plan = Plan(
            name: schedule.name, scope: schedule.scope, duration: schedule.duration, onUndecided: schedule.onUndecided,
            reviewerGroup: schedule.reviewerGroup)
        let due = schedule.nextRunAt
        let advanced = next
        return try await launch(plan, tenant: schedule.tenant, by: "schedule:\(schedule.id)", at: now) { campaign, session in
            var claimed = advanced
            claimed.lastCampaign = campaign
            return try await session.advanceReviewSchedule(claimed, from: due)
        }
    }
}
