import Foundation
import LanyardAPI
import LanyardModel
import LanyardStorage
import LanyardTesting
import Logging
import Testing

@testable import LanyardCore

@Suite("Scheduled recertification campaigns: cron in UTC, one campaign per run, on one node")
struct ReviewScheduleTests {
    func reviews(_ env: TestEnvironment) -> Reviews { Reviews(store: env.store, audit: env.audit, clock: env.clock, random: SystemRandom()) }
    func sweeper(_ env: TestEnvironment) -> ExpirySweeper {
        ExpirySweeper(store: env.store, audit: env.audit, clock: env.clock, interval: .seconds(1), logger: Logger(label: "test"))
    }

    @Test("a due schedule starts its campaign once, even with two sweepers racing, and moves to its next run", arguments: TestDatabases.engines)
    func runsOnce(engine: TestDatabases.Engine) async throws {
        let env = try await TestEnvironment.make(engine)
        _ = try await TestWorkload.register(env, "nightly-agent")
        let reviews = reviews(env)
        let schedule = try await reviews.schedule(
            CreateReviewScheduleRequest(cron: "0 * * * *", campaign: StartReviewRequest(name: "hourly agents", duration: "30m", kinds: ["agent"])),
            tenant: "default", by: env.platformAdmin)
        let firstRun = try #require(try CronSchedule(parsing: "0 * * * *").next(after: env.clock.now()))
        #expect(schedule.nextRunAt == firstRun && schedule.lastCampaign == nil)
        #expect(try await sweeper(env).startScheduledReviews() == 0, "nothing is due before its time")

        env.clock.advance(seconds: firstRun.timeIntervalSince(env.clock.now()) + 5)
        async let first = sweeper(env).startScheduledReviews()
        async let second = sweeper(env).startScheduledReviews()
        #expect(try await first + second == 1, "two nodes found it due; exactly one started the campaign")

        let campaigns = try await reviews.page(tenant: "default", page: PageRequest(limit: 10), by: env.platformAdmin).items
        #expect(campaigns.count == 1 && campaigns.first?.name == "hourly agents" && campaigns.first?.createdBy == "schedule:\(schedule.id)")
        #expect(campaigns.first?.deadline == env.clock.now().addingTimeInterval(1800))
        let stored = try #require(try await reviews.schedules(tenant: "default", by: env.platformAdmin).first)
        #expect(stored.lastCampaign == campaigns.first?.id && stored.lastRunAt == env.clock.now())
        #expect(stored.nextRunAt == firstRun.addingTimeInterval(3600))
        #expect(try await sweeper(env).startScheduledReviews() == 0, "not again within the same run")

        let starts = try await env.events().filter { $0.action == "review.start" }
        #expect(starts.map(\.actor) == ["schedule:\(schedule.id)"])

        try await reviews.unschedule(schedule.id, tenant: "default", by: env.platformAdmin)
        env.clock.advance(seconds: 7200)
        #expect(try await sweeper(env).startScheduledReviews() == 0, "a removed schedule starts nothing")
        #expect(try await env.events().contains { $0.action == "review_schedule.delete" && $0.target == "review_schedule:\(schedule.id)" })
    }

    @Test("bad schedules are refused and change nothing; a run that cannot start is skipped, not retried forever")
    func badSchedules() async throws {
        let env = try await TestEnvironment.make()
        let reviews = reviews(env)
        let campaign = StartReviewRequest(name: "q", duration: "1d")
        for (cron, request) in [
            ("*/30 * * * *", campaign), ("0 0 31 2 *", campaign), ("0 9 1 *", campaign), ("61 * * * *", campaign),
            ("0 9 1 * *", StartReviewRequest(name: "q", duration: "0s")), ("0 9 1 * *", StartReviewRequest(name: " ", duration: "1d")),
            ("0 9 1 * *", StartReviewRequest(name: "q", duration: "1d", kinds: ["robot"])),
        ] {
            await #expect(throws: LanyardError(.invalidField, "")) {
                _ = try await reviews.schedule(CreateReviewScheduleRequest(cron: cron, campaign: request), tenant: "default", by: env.platformAdmin)
            }
        }
        #expect(try await reviews.schedules(tenant: "default", by: env.platformAdmin).isEmpty)
        let auditor = Principal(tokenId: "tok_a", role: .auditor, tenant: "default", subject: "audrey")
        await #expect(throws: LanyardError(.forbidden, "")) {
            _ = try await reviews.schedule(CreateReviewScheduleRequest(cron: "@monthly", campaign: campaign), tenant: "default", by: auditor)
        }
        await #expect(throws: LanyardError(.notFound, "")) { try await reviews.unschedule("rsc_none", tenant: "default", by: env.platformAdmin) }

        // A reviewer group that no longer exists: the run is logged and skipped; the schedule moves on.
        let broken = ReviewSchedule(
            id: "rsc_broken", tenant: "default", name: "by group", cron: "@hourly", duration: 3600, scope: ReviewScope(), onUndecided: .revoke,
            reviewerGroup: "gone", createdBy: "user:alice", createdAt: env.clock.now(), nextRunAt: env.clock.now())
        try await env.store.write { try await $0.insertReviewSchedule(broken) }
        #expect(try await sweeper(env).startScheduledReviews() == 0)
        let moved = try #require(try await reviews.schedules(tenant: "default", by: env.platformAdmin).first)
        #expect(moved.nextRunAt > env.clock.now() && moved.lastCampaign == nil)
    }
}
