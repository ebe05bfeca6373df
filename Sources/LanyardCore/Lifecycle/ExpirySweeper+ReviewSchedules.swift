import Foundation
import LanyardModel
import Logging

extension ExpirySweeper {
    /// Starts the campaign of every review schedule that is due: one campaign per run, on one node (the schedule
    /// moves to its next run by a compare-and-set in the campaign's transaction). A campaign that cannot start (its
    /// reviewer group was deleted, its scope grew past the limit) is logged and its run skipped, so one bad schedule
    /// never stops the others. Returns how many campaigns started.
    @discardableResult
    public func startScheduledReviews() async throws -> Int {
        let now = clock.now()
        let reviews = Reviews(store: store, audit: audit, clock: clock, random: ending.random)
        let due = try await store.read { [batchSize] session in try await session.reviewSchedulesDue(at: now, limit: batchSize) }
        var started = 0
        for schedule in due {
            do {
                if try await reviews.run(schedule, at: now) != nil { started += 1 }
            } catch {
                logger.error(
                    "A scheduled review campaign could not start; this run is skipped",
                    metadata: ["tenant": "\(schedule.tenant)", "schedule": "\(schedule.id)", "error": "\(error)"])
                var skipped = schedule
                skipped.nextRunAt = (try? CronSchedule(parsing: schedule.cron))?.next(after: now) ?? now.addingTimeInterval(366 * 86_400)
                let moved = skipped
                _ = try await store.write { session in try await session.advanceReviewSchedule(moved, from: schedule.nextRunAt) }
            }
        }
        return started
    }
}
