/// Evaluation of Cedar extension functions and methods.
enum ExtensionFunctions {
    /// Names of constructor functions callable as `f(...)`.
    static let constructors: Set<String> = Set(ExtensionFunction.allCases.filter(\.isConstructor).map(\.rawValue))

    /// Names of extension methods callable as `e.f(...)` with their arity (excluding receiver).
    static let methods: [String: Int] = Dictionary(
        uniqueKeysWithValues: ExtensionFunction.allCases.filter { !$0.isConstructor }.map { ($0.rawValue, $0.arity - 1) })

    /// Number of arguments of a function (a method's receiver included), or nil for an unknown name.
    static func arity(_ name: String) -> Int? {
        ExtensionFunction(rawValue: name)?.arity
    }

    /// Constructs an extension value from its constructor name and string argument.
    static func construct(_ name: String, _ arg: String) -> ExtensionValue? {
        ExtensionFunction(rawValue: name)?.construct(arg)
    }

    /// Calls an extension function by name with evaluated arguments (see ``ExtensionFunction/apply(_:)``).
    /// - Throws: `unknownFunction` for a name that is not an extension function, else what `apply` throws.
    static func call(_ name: String, _ args: [Value]) throws(EvaluationError) -> Value {
        guard let function = ExtensionFunction(rawValue: name) else {
            throw EvaluationError(.unknownFunction, "unknown extension function `\(name)`")
        }
        return try function.apply(args)
    }
}
