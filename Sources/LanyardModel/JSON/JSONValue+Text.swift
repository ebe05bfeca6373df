extension JSONValue {
    /// Nesting accepted by ``parse(_:maxDepth:)`` unless the caller asks for less.
    public static let defaultMaxDepth = 256

    /// Parses JSON text, keeping object members in order and numbers exact.
    ///
    /// The grammar is RFC 8259's, read leniently where a number's fraction or exponent has no digits (`1.`, `1e`),
    /// as the Cedar engine's reader does, so the two accept the same AuthZEN bodies.
    /// - Throws: ``JSONSyntaxError`` with the line and column of the first problem, or when arrays and objects
    ///   nest deeper than `maxDepth`.
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONSyntaxError) -> JSONValue {
        var reader = JSONTextReader(bytes: Array(text.utf8), maxDepth: maxDepth)
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.atEnd else { throw reader.error("trailing characters after JSON value") }
        return value
    }

    /// Parses JSON bytes, which must be UTF-8 (RFC 8259 §8.1); see ``parse(_:maxDepth:)``.
    /// - Throws: ``JSONSyntaxError`` for bytes that are not UTF-8 or not JSON.
    public static func parse(utf8 bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONSyntaxError) -> JSONValue {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw JSONSyntaxError(message: "JSON text must be UTF-8", line: 1, column: 1)
        }
        return try parse(text, maxDepth: maxDepth)
    }

    /// Compact JSON text: no whitespace, members in order (a repeated name written each time), numbers as their
    /// text, strings escaped minimally with U+0008 and U+000C as `\u0008` and `\u000c`. AuthZEN answers and the
    /// decision log's records are this text: never change it.
    public var compactText: String { String(decoding: compactBytes, as: UTF8.self) }

    /// ``compactText`` as UTF-8 bytes, written once: the decision log and AuthZEN answers are built this way, because
    /// appending to a `String` piece by piece cost a fifth of a batch's CPU (docs/performance.md).
    public var compactBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(compact: &out)
        return out
    }

    /// Appends the bytes of ``compactText`` to `out`.
    public func write(compact out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: flag ? "true".utf8 : "false".utf8)
        case .number(let number): out.append(contentsOf: number.text.utf8)
        case .string(let text): JSONString.write(text, into: &out, shortBackspaceAndFormFeed: false)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.write(compact: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONString.write(member.key, into: &out, shortBackspaceAndFormFeed: false)
                out.append(UInt8(ascii: ":"))
                member.value.write(compact: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}

/// Why JSON text could not be read, and where (1-based line and column, counted in characters).
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int

    public var description: String { "\(line):\(column): \(message) (help: fix the JSON syntax)" }
}

/// The recursive-descent reader behind ``JSONValue/parse(_:maxDepth:)``.
private struct JSONTextReader {
    let bytes: [UInt8]
    let maxDepth: Int
    var position = 0

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    var atEnd: Bool { position >= bytes.count }

    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    func error(_ message: String) -> JSONSyntaxError {
        var line = 1
        var column = 1
        for byte in bytes[..<min(position, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return JSONSyntaxError(message: message, line: line, column: column)
    }

    mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth < maxDepth else { throw error("JSON nesting too deep") }
        guard let byte = current else { throw error("unexpected end of JSON") }
        switch byte {
        case UInt8(ascii: "{"): return .object(try object(depth: depth))
        case UInt8(ascii: "["): return .array(try array(depth: depth))
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try word("true", .bool(true))
        case UInt8(ascii: "f"): return try word("false", .bool(false))
        case UInt8(ascii: "n"): return try word("null", .null)
        default: return .number(try number())
        }
    }

    mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONObject {
        position += 1
        var members: [JSONObject.Member] = []
        skipSpace()
        if current == UInt8(ascii: "}") {
            position += 1
            return JSONObject(members)
        }
        while true {
            skipSpace()
            guard current == UInt8(ascii: "\"") else { throw error("expected object key") }
            let key = try string()
            skipSpace()
            guard current == UInt8(ascii: ":") else { throw error("expected `:`") }
            position += 1
            skipSpace()
            members.append((key, try value(depth: depth + 1)))
            skipSpace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return JSONObject(members)
            case nil: throw error("unexpected end of JSON")
            default: throw error("expected `,` or `}`")
            }
        }
    }

    mutating func array(depth: Int) throws(JSONSyntaxError) -> [JSONValue] {
        position += 1
        var items: [JSONValue] = []
        skipSpace()
        if current == UInt8(ascii: "]") {
            position += 1
            return items
        }
        while true {
            skipSpace()
            items.append(try value(depth: depth + 1))
            skipSpace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                return items
            case nil: throw error("unexpected end of JSON")
            default: throw error("expected `,` or `]`")
            }
        }
    }

    mutating func word(_ text: String, _ value: JSONValue) throws(JSONSyntaxError) -> JSONValue {
        let expected = text.utf8
        guard bytes.count - position >= expected.count, bytes[position..<(position + expected.count)].elementsEqual(expected) else {
            throw error("invalid literal")
        }
        position += expected.count
        return value
    }

    mutating func digits() -> Int {
        let start = position
        while let byte = current, byte >= 0x30, byte <= 0x39 { position += 1 }
        return position - start
    }

    mutating func number() throws(JSONSyntaxError) -> JSONNumber {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        guard digits() > 0 else { throw error("invalid JSON value") }
        if current == UInt8(ascii: ".") {
            position += 1
            _ = digits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            _ = digits()
        }
        return JSONNumber(validText: String(decoding: bytes[start..<position], as: UTF8.self))
    }

    mutating func hexQuad() throws(JSONSyntaxError) -> UInt32 {
        guard bytes.count - position >= 4 else { throw error("invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let digit: UInt32
            switch bytes[position] {
            case 0x30...0x39: digit = UInt32(bytes[position] - 0x30)
            case 0x61...0x66: digit = UInt32(bytes[position] - 0x57)
            case 0x41...0x46: digit = UInt32(bytes[position] - 0x37)
            default: throw error("invalid \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    mutating func string() throws(JSONSyntaxError) -> String {
        position += 1
        var out: [UInt8] = []
        while true {
            guard let byte = current else { throw error("unterminated string") }
            position += 1
            if byte == UInt8(ascii: "\"") { break }
            guard byte >= 0x20 else {
                position -= 1
                throw error("control character in string")
            }
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                continue
            }
            guard let escape = current else { throw error("unterminated string") }
            position += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"): out.append(contentsOf: String(try escapedScalar()).utf8)
            default: throw error("invalid escape in string")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The scalar of a `\u` escape (a surrogate pair as two escapes), after the `u`.
    mutating func escapedScalar() throws(JSONSyntaxError) -> Unicode.Scalar {
        var value = try hexQuad()
        if value >= 0xD800 && value < 0xDC00 {
            guard bytes.count - position >= 2, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                throw error("lone surrogate in string")
            }
            position += 2
            let low = try hexQuad()
            guard low >= 0xDC00 && low < 0xE000 else { throw error("invalid surrogate pair") }
            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        } else if value >= 0xDC00 && value < 0xE000 {
            throw error("lone surrogate in string")
        }
        guard let scalar = Unicode.Scalar(value) else { throw error("invalid code point") }
        return scalar
    }
}
