/// A policy prepared for authorization: its scope, and its `when`/`unless` clauses as ``CompiledExpr``s.
///
/// Immutable and shared by reference: the authorizer reads several candidates per decision, and a class lets it do
/// so without copying (and retaining) each one's fields.
final class CompiledPolicy: Sendable {
    /// Policy id.
    let id: String
    /// Permit or forbid.
    let effect: Effect
    let principal: ScopeConstraint
    let action: ActionConstraint
    let resource: ScopeConstraint
    /// The clauses in order: each must evaluate to `isWhen`.
    let conditions: [(isWhen: Bool, body: CompiledExpr)]

    init(_ policy: Policy) {
        id = policy.id
        effect = policy.effect
        principal = policy.principal
        action = policy.action
        resource = policy.resource
        conditions = policy.conditions.map { (isWhen: $0.isWhen, body: ExprCompiler.compile($0.body)) }
    }

    /// Whether the scope and every clause hold for the request.
    /// - Throws: the first error a clause raises (the scope never errors).
    func isSatisfied(_ scope: RequestScope) throws(EvaluationError) -> Bool {
        guard scopeMatches(scope) else { return false }
        return try conditionsHold(scope)
    }

    /// Whether every clause holds (the scope aside).
    /// - Throws: the first error a clause raises.
    func conditionsHold(_ scope: RequestScope) throws(EvaluationError) -> Bool {
        for c in conditions {
            if try c.body.bool(scope) != c.isWhen { return false }
        }
        return true
    }

    /// Whether the scope matches the request. Never errors.
    func scopeMatches(_ scope: RequestScope) -> Bool {
        Self.matches(principal, .principal, scope) && actionMatches(scope) && Self.matches(resource, .resource, scope)
    }

    private static func matches(_ c: ScopeConstraint, _ v: RequestScope.EntityVariable, _ scope: RequestScope) -> Bool {
        switch c {
        case .any: return true
        case .eq(.entity(let target)): return scope.uid(v) == target
        case .in(.entity(let target)): return scope.isDescendant(v, of: target)
        case .isType(let t): return scope.uid(v).type == t
        case .isTypeIn(let t, .entity(let target)): return scope.uid(v).type == t && scope.isDescendant(v, of: target)
        case .eq(.slot), .in(.slot), .isTypeIn(_, .slot): return false
        }
    }

    private func actionMatches(_ scope: RequestScope) -> Bool {
        switch action {
        case .any: return true
        case .eq(let e): return scope.request.action == e
        case .inEntity(let e): return scope.isDescendant(.action, of: e)
        case .in(let es): return es.contains { scope.isDescendant(.action, of: $0) }
        }
    }
}
