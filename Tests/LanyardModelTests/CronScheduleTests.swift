import Foundation
import LanyardModel
import Testing

@Suite("Cron schedules: the five fields of crontab, in UTC")
struct CronScheduleTests {
    static func instant(_ text: String) -> Date {
        (try? Date(text, strategy: .iso8601)) ?? Date(timeIntervalSince1970: 0)
    }

    @Test(
        "the next run is the first matching minute strictly after the instant",
        arguments: [
            ("0 9 1 * *", "2026-12-04T07:13:20Z", "2027-01-01T09:00:00Z"),
            ("*/15 * * * *", "2026-12-04T07:13:20Z", "2026-12-04T07:15:00Z"),
            ("*/15 * * * *", "2026-12-04T07:15:00Z", "2026-12-04T07:30:00Z"),
            ("30 2 * * mon", "2026-12-04T07:13:20Z", "2026-12-07T02:30:00Z"),  // 2026-12-04 is a Friday
            ("0 0 * * 7", "2026-12-04T07:13:20Z", "2026-12-06T00:00:00Z"),  // 7 is Sunday, like 0
            ("0 12 13 * 5", "2026-12-04T07:13:20Z", "2026-12-04T12:00:00Z"),  // day of month OR day of week
            ("0 0 29 2 *", "2026-12-04T07:13:20Z", "2028-02-29T00:00:00Z"),
            ("@weekly", "2026-12-04T07:13:20Z", "2026-12-06T00:00:00Z"),
            ("@monthly", "2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z"),
            ("0 9-17/4 * jan-mar 1-5", "2026-12-04T07:13:20Z", "2027-01-01T09:00:00Z"),
            ("5,10 3 * * *", "2026-12-04T03:05:00Z", "2026-12-04T03:10:00Z"),
        ])
    func nextRun(expression: String, after: String, expected: String) throws {
        let cron = try CronSchedule(parsing: expression)
        #expect(cron.next(after: Self.instant(after)) == Self.instant(expected))
    }

    @Test("an expression that never matches has no next run")
    func never() throws {
        #expect(try CronSchedule(parsing: "0 0 31 2 *").next(after: Self.instant("2026-12-04T00:00:00Z")) == nil)
    }

    @Test(
        "malformed expressions are refused with the field named",
        arguments: [
            "", "* * * *", "* * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "5-1 * * * *",
            "*/0 * * * *", "a b c d e", "1,,2 * * * *", "@often", "1-2-3 * * * *", String(repeating: "1,", count: 200) + "1 * * * *",
        ])
    func malformed(expression: String) {
        #expect(throws: LanyardError(.invalidField, "")) { _ = try CronSchedule(parsing: expression, field: "cron") }
        #expect((try? CronSchedule(parsing: expression, field: "cron")) == nil)
    }

    @Test("the shortest gap between runs tells an hourly schedule from a more frequent one")
    func gaps() throws {
        let now = Self.instant("2026-12-04T07:13:20Z")
        #expect(try CronSchedule(parsing: "0 * * * *").shortestGap(after: now) == 3600)
        #expect(try CronSchedule(parsing: "*/30 * * * *").shortestGap(after: now) == 1800)
        #expect(try CronSchedule(parsing: "0 9 1 * *").shortestGap(after: now) == 28 * 86_400)
    }
}
