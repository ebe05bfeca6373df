/// A span of time written the way operators write it: `30d`, `12h`, `15m`, `90s`, or combinations such as `1d12h`.
///
/// Spans are whole seconds, at least one second and at most ``maximumSeconds`` (about ten years), so arithmetic
/// on them with Unix times cannot overflow.
public struct TimeSpan: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The largest span accepted: 3,650 days.
    public static let maximumSeconds: Int64 = 3650 * 86_400

    /// Length in seconds.
    public let seconds: Int64

    /// Creates a span of `seconds` seconds; returns `nil` outside 1 ... ``maximumSeconds``.
    public init?(seconds: Int64) {
        guard seconds >= 1, seconds <= Self.maximumSeconds else { return nil }
        self.seconds = seconds
    }

    /// A span of whole days (no bounds check beyond ``maximumSeconds``; falls back to the maximum).
    public static func days(_ days: Int64) -> TimeSpan {
        TimeSpan(seconds: days * 86_400) ?? TimeSpan(clamping: maximumSeconds)
    }

    private init(clamping seconds: Int64) {
        self.seconds = min(max(seconds, 1), Self.maximumSeconds)
    }

    /// Parses `30d`, `12h`, `15m`, `90s`, `2w` or a concatenation such as `1d12h`.
    ///
    /// - Throws: ``LanyardError`` with code `invalid_field` naming `field` when the text is not a span.
    public init(parsing text: String, field: String) throws {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        guard !text.isEmpty, text.count <= 32 else {
            throw LanyardError.invalid(field, "'\(text.prefix(32))' is not a duration; write it like 30d, 12h, 15m or 1d12h.")
        }
        var total: Int64 = 0
        var number: Int64 = 0
        var digits = 0
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                let (times, o1) = number.multipliedReportingOverflow(by: 10)
                let (plus, o2) = times.addingReportingOverflow(Int64(digit))
                guard !o1, !o2, plus <= Self.maximumSeconds else {
                    throw LanyardError.invalid(field, "'\(text)' is longer than the longest duration allowed (3650d).")
                }
                number = plus
                digits += 1
            } else if let unit = units[character], digits > 0 {
                let (part, o1) = number.multipliedReportingOverflow(by: unit)
                let (sum, o2) = total.addingReportingOverflow(part)
                guard !o1, !o2, sum <= Self.maximumSeconds else {
                    throw LanyardError.invalid(field, "'\(text)' is longer than the longest duration allowed (3650d).")
                }
                total = sum
                number = 0
                digits = 0
            } else {
                throw LanyardError.invalid(field, "'\(text)' is not a duration; write it like 30d, 12h, 15m or 1d12h.")
            }
        }
        guard digits == 0 else {
            throw LanyardError.invalid(field, "'\(text)' has a number without a unit; add s, m, h, d or w.")
        }
        guard total >= 1 else {
            throw LanyardError.invalid(field, "'\(text)' must be at least one second.")
        }
        self.seconds = total
    }

    /// The span in the shortest exact notation, such as `30d` or `1d12h`.
    public var description: String {
        var rest = seconds
        var out = ""
        for (unit, size) in [("d", Int64(86_400)), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            out += "\(rest / size)\(unit)"
            rest %= size
        }
        return out
    }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.seconds < rhs.seconds }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        try self.init(parsing: text, field: decoder.codingPath.last?.stringValue ?? "duration")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
