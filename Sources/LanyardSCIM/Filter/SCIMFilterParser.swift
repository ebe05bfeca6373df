import LanyardModel

/// Reads a filter (RFC 7644 §3.4.2.2) into a ``SCIMFilter``.
///
/// Operators, `and`/`or`/`not` and the literals `true`/`false`/`null` are read without regard to case; `not` binds
/// tighter than `and`, which binds tighter than `or`. Input is bounded: at most ``maxLength`` characters, brackets
/// and `not` nested at most ``maxDepth`` deep, at most ``maxTerms`` comparisons.
public struct SCIMFilterParser {
    public static let maxLength = 4096
    public static let maxDepth = 16
    public static let maxTerms = 64

    private var lexer: SCIMFilterLexer
    private var token: SCIMFilterLexer.Token = .end
    private var terms = 0

    /// Parses `text`.
    /// - Throws: ``SCIMError`` 400 `invalidFilter` naming the problem.
    public static func parse(_ text: String) throws(SCIMError) -> SCIMFilter {
        guard text.unicodeScalars.count <= maxLength else {
            throw SCIMFilterLexer.invalid("it is longer than \(maxLength) characters")
        }
        var parser = SCIMFilterParser(lexer: SCIMFilterLexer(text))
        try parser.advance()
        let filter = try parser.orExpression(depth: 0)
        guard parser.token == .end else { throw parser.unexpected() }
        return filter
    }

    private init(lexer: SCIMFilterLexer) { self.lexer = lexer }

    private mutating func advance() throws(SCIMError) { token = try lexer.next() }

    private mutating func orExpression(depth: Int) throws(SCIMError) -> SCIMFilter {
        var left = try andExpression(depth: depth)
        while isKeyword("or") {
            try advance()
            left = .or(left, try andExpression(depth: depth))
        }
        return left
    }

    private mutating func andExpression(depth: Int) throws(SCIMError) -> SCIMFilter {
        var left = try unary(depth: depth)
        while isKeyword("and") {
            try advance()
            left = .and(left, try unary(depth: depth))
        }
        return left
    }

    private mutating func unary(depth: Int) throws(SCIMError) -> SCIMFilter {
        guard depth < Self.maxDepth else { throw SCIMFilterLexer.invalid("it nests deeper than \(Self.maxDepth) levels") }
        if isKeyword("not") {
            try advance()
            guard token == .open else { throw SCIMFilterLexer.invalid("'not' must be followed by '('") }
            return .not(try parenthesized(depth: depth + 1))
        }
        if token == .open { return try parenthesized(depth: depth + 1) }
        return try attributeExpression(depth: depth)
    }

    private mutating func parenthesized(depth: Int) throws(SCIMError) -> SCIMFilter {
        try advance()
        let inner = try orExpression(depth: depth)
        guard token == .close else { throw unexpected(expecting: "')'") }
        try advance()
        return inner
    }

    private mutating func attributeExpression(depth: Int) throws(SCIMError) -> SCIMFilter {
        guard case .word(let word) = token, let path = SCIMAttributePath(word) else {
            throw unexpected(expecting: "an attribute name")
        }
        terms += 1
        guard terms <= Self.maxTerms else { throw SCIMFilterLexer.invalid("it has more than \(Self.maxTerms) comparisons") }
        try advance()
        if token == .openBracket {
            guard path.subAttribute == nil else {
                throw SCIMFilterLexer.invalid("a value filter applies to an attribute, not to \(path)")
            }
            try advance()
            guard depth + 1 < Self.maxDepth else {
                throw SCIMFilterLexer.invalid("it nests deeper than \(Self.maxDepth) levels")
            }
            let inner = try orExpression(depth: depth + 1)
            guard token == .closeBracket else { throw unexpected(expecting: "']'") }
            try advance()
            return .valuePath(path, inner)
        }
        guard case .word(let operatorWord) = token else { throw unexpected(expecting: "an operator") }
        let lowered = operatorWord.lowercased()
        try advance()
        if lowered == "pr" { return .present(path) }
        guard let comparison = SCIMFilterOperator(rawValue: lowered) else {
            throw SCIMFilterLexer.invalid("'\(operatorWord)' is not an operator (eq ne co sw ew pr gt ge lt le)")
        }
        let value = try literal()
        try advance()
        return .compare(path, comparison, value)
    }

    private func literal() throws(SCIMError) -> SCIMFilterValue {
        switch token {
        case .string(let text): return .string(text)
        case .word(let word):
            switch word.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null": return .null
            default:
                if let integer = Int64(word) { return .number(JSONNumber(integer)) }
                if Self.isDecimal(word), let double = Double(word), double.isFinite { return .number(JSONNumber(double)) }
                throw SCIMFilterLexer.invalid("'\(word)' is not a value (strings are written in double quotes)")
            }
        default: throw unexpected(expecting: "a value")
        }
    }

    /// `number` of RFC 8259: `-? int frac? exp?`.
    private static func isDecimal(_ word: String) -> Bool {
        word.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e")
                || $0 == UInt8(ascii: "E")
        }
    }

    private func isKeyword(_ keyword: String) -> Bool {
        if case .word(let word) = token { return word.lowercased() == keyword }
        return false
    }

    private func unexpected(expecting expected: String? = nil) -> SCIMError {
        let found: String
        switch token {
        case .word(let word): found = "'\(word)'"
        case .string: found = "a string"
        case .open: found = "'('"
        case .close: found = "')'"
        case .openBracket: found = "'['"
        case .closeBracket: found = "']'"
        case .end: found = "the end"
        }
        let wanted = expected.map { ", expected \($0)" } ?? ""
        return SCIMFilterLexer.invalid("found \(found) before position \(lexer.column)\(wanted)")
    }
}
