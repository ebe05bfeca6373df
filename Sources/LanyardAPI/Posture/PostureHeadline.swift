/// One headline number of a posture report (ownership coverage, expiring soon, leak time-to-revoke, …).
public struct PostureHeadline: Sendable, Hashable, Codable {
    /// Stable: `ownership-coverage`, `short-lived-only`, …
    public var id: String
    public var title: String
    /// The number; `nil` when there is nothing to measure (no leak to time).
    public var value: Double?
    /// `percent`, `count`, `seconds` or `boolean` (1 yes, 0 no).
    public var unit: Unit
    /// For a share: how many of ``denominator`` (a percent is `numerator / denominator × 100`, one decimal).
    public var numerator: Int64?
    public var denominator: Int64?

    public init(id: String, title: String, value: Double?, unit: Unit, numerator: Int64? = nil, denominator: Int64? = nil) {
        self.id = id
        self.title = title
        self.value = value
        self.unit = unit
        self.numerator = numerator
        self.denominator = denominator
    }

    public enum Unit: String, Sendable, Hashable, Codable, CaseIterable {
        case percent, count, seconds, boolean
    }

    /// A share as a percentage with one decimal (100 for an empty whole: nothing fails).
    public static func share(id: String, title: String, _ numerator: Int, of denominator: Int) -> PostureHeadline {
        let percent = denominator == 0 ? 100 : (Double(numerator) * 1000 / Double(denominator)).rounded() / 10
        return PostureHeadline(
            id: id, title: title, value: percent, unit: .percent, numerator: Int64(numerator), denominator: Int64(denominator))
    }

    /// The value as a person reads it (`98.5%`, `3`, `12 s`, `yes`, `—`).
    public var formatted: String {
        guard let value else { return "—" }
        switch unit {
        case .percent: return Self.number(value) + "%"
        case .count: return Self.number(value)
        case .seconds: return Self.number(value) + " s"
        case .boolean: return value != 0 ? "yes" : "no"
        }
    }

    /// `12` for a whole number, `12.5` otherwise.
    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String((value * 10).rounded() / 10)
    }
}
