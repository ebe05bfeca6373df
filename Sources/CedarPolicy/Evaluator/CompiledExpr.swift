/// An expression compiled for evaluation: a closure that computes its value for a request.
///
/// ``ExprCompiler`` builds it once per policy (when the policy is added to a ``PolicySet``), so that work which does
/// not depend on the request is done then rather than on every decision: extension functions are resolved from
/// their names, constructor calls on literals (`ip("10.0.0.0/8")`) are evaluated, `like` patterns are turned into
/// bytes, and attribute look-ups on `principal`, `action`, `resource` and `context` read the request's own
/// entities (looked up once per request by ``RequestScope``) instead of searching the store.
struct CompiledExpr: Sendable {
    /// Evaluates the expression.
    let run: @Sendable (RequestScope) throws(EvaluationError) -> Value

    /// Evaluates the expression to a boolean.
    /// - Throws: a type error when the value is not a boolean, or what evaluation throws.
    func bool(_ scope: RequestScope) throws(EvaluationError) -> Bool {
        try run(scope).asBool()
    }
}
