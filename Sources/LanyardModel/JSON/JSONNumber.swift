/// A JSON number, kept exactly as it was written.
///
/// An integer written without a fraction or an exponent that fits in `Int64` is exact (``int64``), so a value such
/// as 9007199254740993 (beyond 2^53, where `Double` rounds) reaches the Cedar engine unchanged. Any other number keeps
/// its text (``text``); ``double`` is its nearest `Double`. Numbers made in Swift from a `Double` are integers when the
/// value is integral and below 2^53 in magnitude, and otherwise keep Swift's shortest round-trip text.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// The number as JSON text (for an exact integer, its decimal digits).
    public let text: String
    /// The value, when the number is an integer that fits in `Int64`.
    public let int64: Int64?

    /// An exact integer.
    public init(_ value: Int64) { self.init(text: String(value), int64: value) }

    private init(text: String, int64: Int64?) {
        self.text = text
        self.int64 = int64
    }

    /// An exact integer.
    public init(_ value: Int) { self.init(Int64(value)) }

    /// A floating-point value: an integer when it is integral and below 2^53 in magnitude, else its shortest text.
    public init(_ value: Double) {
        if value.isFinite, value == value.rounded(.towardZero), abs(value) < Self.exactDoubleBound {
            self.init(Int64(value))
        } else {
            self.init(text: value.description, int64: nil)
        }
    }

    /// A number from its JSON text (``JSONValue/parse(_:)`` checked its grammar): exact when it is an integer
    /// written with digits only that fits in `Int64`.
    init(validText: String) {
        let digitsOnly = validText.utf8.allSatisfy { $0 == UInt8(ascii: "-") || ($0 >= 0x30 && $0 <= 0x39) }
        self.init(text: validText, int64: digitsOnly ? Int64(validText) : nil)
    }

    public init(integerLiteral value: Int64) { self.init(value) }

    public init(floatLiteral value: Double) { self.init(value) }

    /// The nearest `Double` (exact for integers below 2^53 in magnitude).
    public var double: Double { int64.map(Double.init) ?? Double(text) ?? .nan }

    public var description: String { text }

    /// Integers, and equal `Double` values, are equal.
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if let left = lhs.int64, let right = rhs.int64 { return left == right }
        return lhs.double == rhs.double
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(double) }

    /// 2^53: integers below it in magnitude are exact as `Double`.
    static let exactDoubleBound: Double = 9_007_199_254_740_992
}
