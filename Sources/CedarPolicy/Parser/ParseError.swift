/// An error found while parsing Cedar policy or schema text.
public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable error categories.
    public enum Code: String, Sendable {
        case unexpectedToken = "unexpected_token"
        case invalidToken = "invalid_token"
        case invalidEscape = "invalid_escape"
        case integerTooLarge = "integer_too_large"
        case invalidScope = "invalid_scope"
        case duplicateKey = "duplicate_key"
        case duplicateAnnotation = "duplicate_annotation"
        case unknownFunction = "unknown_function"
        case wrongArity = "wrong_arity"
        case reservedIdentifier = "reserved_identifier"
        case tooDeep = "nesting_too_deep"
        case invalidSchema = "invalid_schema"
        case invalidJSON = "invalid_json"
        case chainedOperator = "chained_operator"
    }

    /// Stable error category.
    public let code: Code
    /// Human-readable sentence describing the problem.
    public let message: String
    /// 1-based line of the error.
    public let line: Int
    /// 1-based column (in Unicode scalars) of the error.
    public let column: Int
    /// A sentence suggesting how to fix the problem.
    public let help: String

    /// Creates a parse error.
    public init(_ code: Code, _ message: String, line: Int, column: Int, help: String = "") {
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.help = help
    }

    public var description: String {
        var s = "\(line):\(column): \(message)"
        if !help.isEmpty { s += " (help: \(help))" }
        return s
    }
}
