/// Cedar `decimal`: a fixed-point number with four fractional digits, stored as Int64 × 10⁴.
public struct CedarDecimal: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The value multiplied by 10,000.
    public let scaled: Int64

    /// Creates a decimal from its scaled representation.
    public init(scaled: Int64) { self.scaled = scaled }

    /// Parses Cedar decimal syntax `-?digits.digits` (1–4 fractional digits).
    /// Returns nil for malformed or out-of-range input.
    public init?(parsing text: String) {
        let bytes = Array(text.utf8)
        var i = 0
        var negative = false
        if i < bytes.count && bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        // Accumulate as a negative number so the minimum value is representable.
        var acc: Int64 = 0
        /// Appends the ASCII digits at `i` to `acc` (negatively); the count, or nil on overflow.
        func digits() -> Int? {
            var count = 0
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                let (m, o1) = acc.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.subtractingReportingOverflow(Int64(bytes[i] - 48))
                if o1 || o2 { return nil }
                acc = s
                count += 1
                i += 1
            }
            return count
        }
        guard let intDigits = digits(), intDigits > 0, i < bytes.count, bytes[i] == UInt8(ascii: ".") else { return nil }
        i += 1
        guard let fracDigits = digits(), fracDigits > 0, fracDigits <= 4, i == bytes.count else { return nil }
        for _ in fracDigits..<4 {
            let (m, o) = acc.multipliedReportingOverflow(by: 10)
            if o { return nil }
            acc = m
        }
        if negative {
            scaled = acc
        } else {
            let (n, o) = Int64(0).subtractingReportingOverflow(acc)
            if o { return nil }
            scaled = n
        }
    }

    public static func < (lhs: CedarDecimal, rhs: CedarDecimal) -> Bool { lhs.scaled < rhs.scaled }

    public var description: String {
        let negative = scaled < 0
        let magnitude = scaled.magnitude
        let intPart = magnitude / 10_000
        let frac = magnitude % 10_000
        var fracText = String(frac)
        while fracText.count < 4 { fracText = "0" + fracText }
        return (negative ? "-" : "") + String(intPart) + "." + fracText
    }
}
