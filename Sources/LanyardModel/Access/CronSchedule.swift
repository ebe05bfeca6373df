public import Foundation

/// A cron expression in the five-field form of Vixie cron and POSIX `crontab` (minute, hour, day of month, month, day
/// of week), evaluated in UTC: `0 9 1 * *` is 09:00 UTC on the first of every month.
///
/// Each field is `*`, a number, a range `a-b`, a step `*/n` or `a-b/n`, or a comma-separated list of those; months and
/// days of the week may be named (`jan`, `mon`); day of week 0 and 7 are both Sunday. When both the day of month and
/// the day of week are restricted, a day matching either one matches (as cron does). `@yearly`, `@annually`,
/// `@monthly`, `@weekly`, `@daily` and `@hourly` stand for their usual expressions.
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    /// The expression as given (trimmed).
    public let description: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    let daysOfWeek: Set<Int>
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool

    /// The longest expression accepted.
    public static let maxLength = 256

    /// Parses `text`.
    /// - Throws: `invalid_field` naming `field`, saying which part is wrong.
    public init(parsing text: String, field: String = "cron") throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.utf8.count <= Self.maxLength else {
            throw LanyardError.invalid(field, "A cron expression has five fields (minute hour day-of-month month day-of-week), such as '0 9 1 * *'.")
        }
        let macros = [
            "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0", "@daily": "0 0 * * *",
            "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
        ]
        let expanded = macros[trimmed.lowercased()] ?? trimmed
        let parts = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard parts.count == 5 else {
            throw LanyardError.invalid(
                field, "'\(trimmed.prefix(64))' has \(parts.count) fields; a cron expression has five: minute hour day-of-month month day-of-week.")
        }
        let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        description = trimmed
        minutes = try Self.values(parts[0], 0...59, names: [], what: "minute", field: field)
        hours = try Self.values(parts[1], 0...23, names: [], what: "hour", field: field)
        daysOfMonth = try Self.values(parts[2], 1...31, names: [], what: "day of month", field: field)
        months = try Self.values(parts[3], 1...12, names: monthNames, nameBase: 1, what: "month", field: field)
        daysOfWeek = Set(try Self.values(parts[4], 0...7, names: dayNames, what: "day of week", field: field).map { $0 % 7 })
        dayOfMonthRestricted = !parts[2].hasPrefix("*")
        dayOfWeekRestricted = !parts[4].hasPrefix("*")
    }

    /// The first whole minute strictly after `date` that the expression matches, within the next five years; `nil`
    /// if there is none (such as `0 0 31 2 *`).
    public func next(after date: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        var seconds = (date.timeIntervalSince1970 / 60).rounded(.down) * 60 + 60
        let limit = seconds + 5 * 366 * 86_400
        while seconds < limit {
            let instant = Date(timeIntervalSince1970: seconds)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: instant)
            guard let year = parts.year, let month = parts.month, let day = parts.day, let hour = parts.hour, let minute = parts.minute,
                let weekday = parts.weekday
            else { return nil }
            if !months.contains(month) {
                let first = calendar.date(from: DateComponents(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1))
                guard let first else { return nil }
                seconds = first.timeIntervalSince1970
                continue
            }
            if !matchesDay(day, weekday: weekday - 1) {
                seconds = (seconds / 86_400).rounded(.down) * 86_400 + 86_400
                continue
            }
            if !hours.contains(hour) {
                seconds = (seconds / 3600).rounded(.down) * 3600 + 3600
                continue
            }
            if !minutes.contains(minute) {
                seconds += 60
                continue
            }
            return instant
        }
        return nil
    }

    /// The shortest gap between two consecutive runs over the next year, or nil if it runs fewer than twice.
    public func shortestGap(after date: Date) -> TimeInterval? {
        guard var previous = next(after: date) else { return nil }
        var shortest: TimeInterval?
        let end = date.addingTimeInterval(366 * 86_400)
        var runs = 0
        while previous < end, runs < 10_000, let following = next(after: previous) {
            let gap = following.timeIntervalSince(previous)
            shortest = min(shortest ?? gap, gap)
            previous = following
            runs += 1
        }
        return shortest
    }

    private func matchesDay(_ day: Int, weekday: Int) -> Bool {
        switch (dayOfMonthRestricted, dayOfWeekRestricted) {
        case (true, true): daysOfMonth.contains(day) || daysOfWeek.contains(weekday)
        case (true, false): daysOfMonth.contains(day)
        case (false, true): daysOfWeek.contains(weekday)
        case (false, false): true
        }
    }

    private static func values(
        _ text: String, _ range: ClosedRange<Int>, names: [String], nameBase: Int = 0, what: String, field: String
    ) throws -> Set<Int> {
        func fail() -> LanyardError {
            LanyardError.invalid(field, "The \(what) field '\(text.prefix(32))' is not valid: use *, N, A-B, */N, A-B/N or a list, within \(range).")
        }
        func number(_ token: Substring) throws -> Int {
            if let value = Int(token), range.contains(value) { return value }
            if let index = names.firstIndex(of: token.lowercased()) { return index + nameBase }
            throw fail()
        }
        var result: Set<Int> = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = item.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2, let base = pieces.first, !base.isEmpty else { throw fail() }
            var step = 1
            if pieces.count == 2 {
                guard let parsed = Int(pieces[1]), parsed >= 1, parsed <= range.upperBound else { throw fail() }
                step = parsed
            }
            var low = range.lowerBound
            var high = range.upperBound
            if base != "*" {
                let bounds = base.split(separator: "-", omittingEmptySubsequences: false)
                guard bounds.count <= 2 else { throw fail() }
                low = try number(bounds[0])
                high = bounds.count == 2 ? try number(bounds[1]) : (pieces.count == 2 ? range.upperBound : low)
                guard low <= high else { throw fail() }
            }
            result.formUnion(stride(from: low, through: high, by: step))
        }
        return result
    }
}
