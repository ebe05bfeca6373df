import Foundation
import LanyardModel

/// The members of a canonical audit leaf that verification compares (`seq`, `tenant`, the searchable columns and
/// the `decision` detail), read in one pass over the leaf's UTF-8 bytes while checking that the bytes are in
/// canonical form — without building a JSON tree and encoding it again.
///
/// The reader accepts only a subset of canonical leaves, and everything it accepts is a canonical leaf that
/// `AuditEvent(canonicalLeaf:)` accepts with the same values: the grammar below, member for member in the order
/// `canonicalLeaf()` writes them. For anything else (numbers other than short integers, object member names that are
/// not plain ASCII, nesting deeper than ``maxDepth``, or text that is simply not canonical) it returns nil, and the
/// caller decides with `AuditEvent(canonicalLeaf:)`, which also says what is wrong. So a verdict never depends on
/// which of the two read the leaf; `AuditLeafFieldsTests` checks the subset property on mutated leaves.
///
/// ```
/// {"action":S,"actor":S[,"after":V],"at":"YYYY-MM-DDThh:mm:ssZ"[,"before":V],"details":{["K":S(,"K":S)*]},
///  "seq":N,"target":S,"tenant":S,"v":1}
/// S  a string: bytes U+0020 and up except `"` and `\` as they are (UTF-8), the escapes \" \\ \b \f \n \r \t, and
///    \u00xx (lower-case hex) for the other control characters
/// K  a member name: printable ASCII without `"` and `\`, names strictly increasing byte-wise within an object
/// V  S, an integer of at most 15 digits without leading zeros (not -0), true, false, null, [V(,V)*], [],
///    {"K":V(,"K":V)*}, {}
/// N  1 to 2^53 − 1 without leading zeros
/// ```
struct AuditLeafFields {
    /// A string member's bytes inside the leaf, between the quotes, still escaped when ``escaped``.
    struct Text {
        var range: Range<Int>
        var escaped: Bool
    }

    var sequence: Int64
    var action: Text
    var actor: Text
    /// The `at` time in seconds since 1970.
    var atSeconds: Int64
    /// The `decision` member of `details`, when there is one.
    var decision: Text?
    var target: Text
    var tenant: Text

    /// Containers nested deeper than this inside `after` or `before` are left to the full parser.
    static let maxDepth = 64

    /// The last `at` text read and its time: consecutive events mostly share their second, so most leaves need no
    /// date arithmetic.
    struct TimeMemo {
        var text: [UInt8] = []
        var seconds: Int64 = 0

        /// The time of the 20 bytes `text` (RFC 3339 UTC seconds); nil when they are not one.
        mutating func seconds(of text: UnsafeBufferPointer<UInt8>) -> Int64? {
            if self.text.withUnsafeBufferPointer({ AuditLeafFields.equal($0, text) }) { return seconds }
            guard let parsed = RFC3339Seconds.parse(String(decoding: text, as: UTF8.self)) else { return nil }
            (self.text, seconds) = (Array(text), parsed)
            return parsed
        }
    }

    /// Reads `leaf`; nil when it is not a canonical leaf of the subset described above.
    static func read(_ leaf: UnsafeBufferPointer<UInt8>, times: inout TimeMemo) -> AuditLeafFields? {
        var reader = Reader(bytes: leaf)
        return reader.leaf(times: &times)
    }

    /// The value of `text` in `leaf` equals `string` (byte for byte, after unescaping).
    static func text(_ text: Text, in leaf: UnsafeBufferPointer<UInt8>, equals string: String) -> Bool {
        let bytes = UnsafeBufferPointer(rebasing: leaf[text.range])
        guard text.escaped else {
            var string = string
            return string.withUTF8 { AuditLeafFields.equal($0, bytes) }
        }
        return unescaped(bytes).elementsEqual(string.utf8)
    }

    /// The value of `text` in `leaf`.
    static func string(_ text: Text, in leaf: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: unescaped(UnsafeBufferPointer(rebasing: leaf[text.range])), as: UTF8.self)
    }

    /// The value of the string whose bytes (between the quotes) are `bytes`, which ``read(_:)`` checked.
    static func unescaped(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == backslash, index + 1 < bytes.count else {
                out.append(byte)
                index += 1
                continue
            }
            switch bytes[index + 1] {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u") where index + 5 < bytes.count:
                out.append((hexValue(bytes[index + 4]) ?? 0) << 4 | (hexValue(bytes[index + 5]) ?? 0))
                index += 4
            case let escaped: out.append(escaped)
            }
            index += 2
        }
        return out
    }

    /// Whether two byte buffers hold the same bytes.
    static func equal(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        guard left.count == right.count else { return false }
        guard let first = left.baseAddress, let second = right.baseAddress else { return true }
        return memcmp(first, second, left.count) == 0
    }

    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")

    /// The value of a lower-case hex digit.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// A cursor over the leaf; every method returns nil (or false) as soon as the bytes leave the subset.
    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        mutating func leaf(times: inout TimeMemo) -> AuditLeafFields? {
            guard literal("{\"action\":"), let action = string(), literal(",\"actor\":"), let actor = string() else { return nil }
            if literal(",\"after\":") { guard value(depth: 1) else { return nil } }
            guard literal(",\"at\":\""), index + 21 <= bytes.count, bytes[index + 20] == quote,
                let at = times.seconds(of: UnsafeBufferPointer(rebasing: bytes[index..<index + 20]))
            else { return nil }
            index += 21
            if literal(",\"before\":") { guard value(depth: 1) else { return nil } }
            var decision: Text?
            guard literal(",\"details\":"), details(decision: &decision), literal(",\"seq\":"), let sequence = sequence(),
                literal(",\"target\":"), let target = string(), literal(",\"tenant\":"), let tenant = string(), literal(",\"v\":1}"),
                index == bytes.count
            else { return nil }
            return AuditLeafFields(
                sequence: sequence, action: action, actor: actor, atSeconds: at, decision: decision, target: target, tenant: tenant)
        }

        /// Consumes `text` when the bytes at the cursor are exactly it.
        mutating func literal(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard bytes.count - index >= count else { return false }
            let matches = text.withUTF8Buffer { AuditLeafFields.equal(UnsafeBufferPointer(rebasing: bytes[index..<index + count]), $0) }
            if matches { index += count }
            return matches
        }

        /// `details`: an object of strings; sets `decision` to its `decision` member's value, if any.
        mutating func details(decision: inout Text?) -> Bool {
            guard next(UInt8(ascii: "{")) else { return false }
            if next(UInt8(ascii: "}")) { return true }
            var previous: Range<Int>?
            repeat {
                guard let name = memberName(after: previous), next(UInt8(ascii: ":")), let text = string() else { return false }
                if UnsafeBufferPointer(rebasing: bytes[name]).elementsEqual("decision".utf8) { decision = text }
                previous = name
            } while next(UInt8(ascii: ","))
            return next(UInt8(ascii: "}"))
        }

        /// Any value of the subset.
        mutating func value(depth: Int) -> Bool {
            guard index < bytes.count, depth <= AuditLeafFields.maxDepth else { return false }
            switch bytes[index] {
            case quote: return string() != nil
            case UInt8(ascii: "{"):
                index += 1
                if next(UInt8(ascii: "}")) { return true }
                var previous: Range<Int>?
                repeat {
                    guard let name = memberName(after: previous), next(UInt8(ascii: ":")), value(depth: depth + 1) else { return false }
                    previous = name
                } while next(UInt8(ascii: ","))
                return next(UInt8(ascii: "}"))
            case UInt8(ascii: "["):
                index += 1
                if next(UInt8(ascii: "]")) { return true }
                repeat {
                    guard value(depth: depth + 1) else { return false }
                } while next(UInt8(ascii: ","))
                return next(UInt8(ascii: "]"))
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default: return integer()
            }
        }

        /// An integer of 1–15 digits without leading zeros; `-` only before a non-zero one.
        mutating func integer() -> Bool {
            if next(UInt8(ascii: "-")) {
                guard index < bytes.count, bytes[index] != UInt8(ascii: "0") else { return false }
            }
            guard let count = digits(), count <= 15 else { return false }
            return count == 1 || bytes[index - count] != UInt8(ascii: "0")
        }

        /// `seq`: 1 ... 2^53 − 1, written without leading zeros.
        mutating func sequence() -> Int64? {
            let start = index
            guard let count = digits(), count <= 16, bytes[start] != UInt8(ascii: "0") else { return nil }
            var value: Int64 = 0
            for byte in bytes[start..<index] { value = value * 10 + Int64(byte - UInt8(ascii: "0")) }
            return value < 9_007_199_254_740_992 ? value : nil
        }

        /// The number of decimal digits at the cursor (consumed); nil when there is none.
        mutating func digits() -> Int? {
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index > start ? index - start : nil
        }

        /// A member name (printable ASCII, no escapes) greater than `previous`; its bytes without quotes.
        mutating func memberName(after previous: Range<Int>?) -> Range<Int>? {
            guard next(quote) else { return nil }
            let start = index
            while index < bytes.count, bytes[index] != quote {
                guard bytes[index] >= 0x20, bytes[index] < 0x7F, bytes[index] != backslash else { return nil }
                index += 1
            }
            guard index < bytes.count else { return nil }
            let name = start..<index
            index += 1
            if let previous {
                guard UnsafeBufferPointer(rebasing: bytes[previous]).lexicographicallyPrecedes(UnsafeBufferPointer(rebasing: bytes[name]))
                else { return nil }
            }
            return name
        }

        /// A string in canonical form: its bytes between the quotes.
        mutating func string() -> Text? {
            guard next(quote) else { return nil }
            let start = index
            var escaped = false
            while true {
                skipPlainBytes()
                guard index < bytes.count else { return nil }
                switch bytes[index] {
                case quote:
                    index += 1
                    return Text(range: start..<index - 1, escaped: escaped)
                case backslash:
                    guard escape() else { return nil }
                    escaped = true
                case 0x80...:
                    guard scalar() else { return nil }
                default:  // a control character, which canonical strings escape
                    return nil
                }
            }
        }

        /// Moves the cursor past the bytes that stand for themselves in a canonical string (U+0020–U+007F but `"` and
        /// `\`), eight at a time while there are eight. In a little-endian word, the lowest byte flagged by the
        /// zero-byte tests of "Bit Twiddling Hacks" is the first byte that is not such a byte: a borrow, which may flag
        /// a byte that is not, only ever runs upwards from one that is.
        mutating func skipPlainBytes() {
            if let base = bytes.baseAddress {
                let ones: UInt64 = 0x0101_0101_0101_0101
                let high: UInt64 = 0x8080_8080_8080_8080
                func below(_ limit: UInt64, in word: UInt64) -> UInt64 { (word &- limit &* ones) & ~word & high }
                while bytes.count - index >= 8 {
                    let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                    let special =
                        word & high | below(0x20, in: word) | below(1, in: word ^ (UInt64(quote) &* ones))
                        | below(1, in: word ^ (UInt64(backslash) &* ones))
                    guard special == 0 else {
                        index += special.trailingZeroBitCount >> 3
                        return
                    }
                    index += 8
                }
            }
            while index < bytes.count, bytes[index] >= 0x20, bytes[index] < 0x80, bytes[index] != quote, bytes[index] != backslash {
                index += 1
            }
        }

        /// One escape as `JSONString` writes it: `\"`, `\\`, the five short forms, or `\u00xx` for the other control
        /// characters.
        mutating func escape() -> Bool {
            guard index + 1 < bytes.count else { return false }
            switch bytes[index + 1] {
            case quote, backslash, UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                index += 2
                return true
            case UInt8(ascii: "u"):
                guard index + 6 <= bytes.count, bytes[index + 2] == UInt8(ascii: "0"), bytes[index + 3] == UInt8(ascii: "0"),
                    let high = hexValue(bytes[index + 4]), high < 2, let low = hexValue(bytes[index + 5])
                else { return false }
                let value = high << 4 | low
                guard ![0x08, 0x09, 0x0A, 0x0C, 0x0D].contains(value) else { return false }
                index += 6
                return true
            default:
                return false
            }
        }

        /// One well-formed multi-byte UTF-8 sequence (Unicode Table 3-7) at the cursor.
        mutating func scalar() -> Bool {
            let lead = bytes[index]
            let count: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: count = 2
            case 0xE0: (count, low) = (3, 0xA0)
            case 0xE1...0xEC, 0xEE...0xEF: count = 3
            case 0xED: (count, high) = (3, 0x9F)
            case 0xF0: (count, low) = (4, 0x90)
            case 0xF1...0xF3: count = 4
            case 0xF4: (count, high) = (4, 0x8F)
            default: return false
            }
            guard index + count <= bytes.count, (low...high).contains(bytes[index + 1]) else { return false }
            for offset in 2..<count where !(0x80...0xBF).contains(bytes[index + offset]) { return false }
            index += count
            return true
        }

        /// Consumes `byte` when it is at the cursor.
        mutating func next(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
    }
}
