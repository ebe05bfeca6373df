/// The tokens of a filter: words (attribute paths, operators, keywords, numbers), strings and brackets.
struct SCIMFilterLexer {
    enum Token: Equatable {
        case word(String)
        case string(String)
        case open, close, openBracket, closeBracket
        case end
    }

    private let scalars: [Unicode.Scalar]
    private var position = 0

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    /// The offset of the next token (1-based), for error messages.
    var column: Int { position + 1 }

    mutating func next() throws(SCIMError) -> Token {
        while position < scalars.count, scalars[position] == " " || scalars[position] == "\t" { position += 1 }
        guard position < scalars.count else { return .end }
        let scalar = scalars[position]
        switch scalar {
        case "(":
            position += 1
            return .open
        case ")":
            position += 1
            return .close
        case "[":
            position += 1
            return .openBracket
        case "]":
            position += 1
            return .closeBracket
        case "\"":
            return .string(try string())
        default:
            let start = position
            while position < scalars.count, Self.isWordScalar(scalars[position]) { position += 1 }
            guard position > start else {
                throw Self.invalid("unexpected character '\(scalar)' at position \(start + 1)")
            }
            var word = ""
            word.unicodeScalars.append(contentsOf: scalars[start..<position])
            return .word(word)
        }
    }

    /// A JSON string (RFC 8259 §7): the escapes `\" \\ \/ \b \f \n \r \t \uXXXX`, surrogate pairs joined.
    private mutating func string() throws(SCIMError) -> String {
        let start = position
        position += 1
        var out = String.UnicodeScalarView()
        while position < scalars.count {
            let scalar = scalars[position]
            position += 1
            switch scalar {
            case "\"":
                return String(out)
            case "\\":
                guard position < scalars.count else { break }
                let escape = scalars[position]
                position += 1
                switch escape {
                case "\"", "\\", "/": out.append(escape)
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "t": out.append("\t")
                case "u":
                    let unit = try hex4()
                    if unit >= 0xD800, unit < 0xDC00 {
                        guard position + 1 < scalars.count, scalars[position] == "\\", scalars[position + 1] == "u" else {
                            throw Self.invalid("a lone surrogate in the string at position \(start + 1)")
                        }
                        position += 2
                        let low = try hex4()
                        guard low >= 0xDC00, low < 0xE000,
                            let joined = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                        else { throw Self.invalid("a lone surrogate in the string at position \(start + 1)") }
                        out.append(joined)
                    } else if let decoded = Unicode.Scalar(unit) {
                        out.append(decoded)
                    } else {
                        throw Self.invalid("a lone surrogate in the string at position \(start + 1)")
                    }
                default:
                    throw Self.invalid("unknown escape \\\(escape) in the string at position \(start + 1)")
                }
            default:
                guard scalar.value >= 0x20 else {
                    throw Self.invalid("a control character in the string at position \(start + 1)")
                }
                out.append(scalar)
            }
        }
        throw Self.invalid("the string at position \(start + 1) is not closed")
    }

    private mutating func hex4() throws(SCIMError) -> UInt32 {
        guard position + 4 <= scalars.count else { throw Self.invalid("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for scalar in scalars[position..<(position + 4)] {
            guard let digit = Self.hexDigit(scalar) else {
                throw Self.invalid("a \\u escape needs four hex digits")
            }
            value = value * 16 + digit
        }
        position += 4
        return value
    }

    private static func hexDigit(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": scalar.value - 0x30
        case "a", "A": 10
        case "b", "B": 11
        case "c", "C": 12
        case "d", "D": 13
        case "e", "E": 14
        case "f", "F": 15
        default: nil
        }
    }

    /// Characters of attribute paths (`ATTRNAME`, URNs with `:` and `.`, `$ref`), keywords and numbers.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ":", ".", "$", "+": true
        default: false
        }
    }

    static func invalid(_ detail: String) -> SCIMError {
        .badRequest(.invalidFilter, "The filter is not valid: \(detail).")
    }
}
