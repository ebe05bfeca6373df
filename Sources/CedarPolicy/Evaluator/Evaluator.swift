/// Evaluates Cedar expressions against a request and an entity store.
///
/// Expressions are compiled (``ExprCompiler``) and then run; the authorizer compiles each policy once, when it is
/// added to the ``PolicySet``, and this type compiles on every call, which suits evaluating a single expression.
public struct Evaluator: Sendable {
    /// The request being evaluated.
    public let request: Request
    /// The entity store.
    public let entities: Entities
    /// Maximum expression nesting evaluated before failing with `recursionLimit`.
    public static let maxDepth = 1000

    private let scope: RequestScope

    /// Creates an evaluator.
    public init(request: Request, entities: Entities) {
        self.request = request
        self.entities = entities
        scope = RequestScope(request: request, entities: entities)
    }

    /// Evaluates an expression to a value.
    public func evaluate(_ expr: Expr) throws(EvaluationError) -> Value {
        try ExprCompiler.compile(expr).run(scope)
    }

    /// Evaluates a policy's full condition; true means the policy is satisfied.
    public func isSatisfied(_ policy: Policy) throws(EvaluationError) -> Bool {
        try CompiledPolicy(policy).isSatisfied(scope)
    }

    /// Whether the scope of a (linked or static) policy matches the request. Never errors.
    public func scopeMatches(_ policy: Policy) -> Bool {
        CompiledPolicy(policy).scopeMatches(scope)
    }
}
