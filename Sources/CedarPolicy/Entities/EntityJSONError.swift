/// An error decoding Cedar JSON data (entities, context, values, requests).
public struct EntityJSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable error categories.
    public enum Code: String, Sendable {
        case invalidJSON = "invalid_json", typeMismatch = "type_mismatch", unknownAttribute = "unknown_attribute"
        case missingAttribute = "missing_attribute", undeclaredType = "undeclared_type", invalidParent = "invalid_parent"
        case invalidTags = "invalid_tags", invalidExtension = "invalid_extension", invalidEnum = "invalid_enum_id"
        case actionMismatch = "action_mismatch", invalidRequest = "invalid_request", io
    }
    /// Stable error category.
    public let code: Code
    /// Human-readable sentence describing the problem.
    public let message: String
    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { "\(code.rawValue): \(message)" }
}
