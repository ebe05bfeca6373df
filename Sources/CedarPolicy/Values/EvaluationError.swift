/// An error raised while evaluating a Cedar expression.
public struct EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable categories of evaluation errors.
    public enum Code: String, Sendable {
        case typeError = "type_error"
        case overflow = "integer_overflow"
        case entityDoesNotExist = "entity_does_not_exist"
        case attributeMissing = "attribute_missing"
        case tagMissing = "tag_missing"
        case extensionError = "extension_error"
        case unknownFunction = "unknown_function"
        case wrongArity = "wrong_arity"
        case unlinkedSlot = "unlinked_slot"
        case recursionLimit = "recursion_limit"
    }

    /// Error category.
    public let code: Code
    /// Human-readable sentence.
    public let message: String

    /// Creates an evaluation error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }

    static func type(_ expected: String, _ got: Value) -> EvaluationError {
        EvaluationError(.typeError, "type error: expected \(expected), got \(got.typeName)")
    }

    static func missingEntity(_ uid: EntityUID) -> EvaluationError {
        EvaluationError(.entityDoesNotExist, "entity \(uid) does not exist")
    }

    static func missingAttribute(_ name: CedarString, of uid: EntityUID) -> EvaluationError {
        EvaluationError(.attributeMissing, "entity \(uid) does not have the attribute `\(name)`")
    }

    static func missingAttribute(_ name: CedarString) -> EvaluationError {
        EvaluationError(.attributeMissing, "record does not have the attribute `\(name)`")
    }

    static let recursionLimit = EvaluationError(.recursionLimit, "expression nesting exceeds the evaluation limit")
}
