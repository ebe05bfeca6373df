/// Policy effect.
public enum Effect: String, Sendable, Hashable {
    case permit, forbid
}

/// Target of an `==` / `in` scope constraint: a literal entity or a template slot.
public enum EntityReference: Hashable, Sendable {
    case entity(EntityUID)
    case slot(SlotID)
}

/// Constraint on the principal or resource in a policy scope.
public enum ScopeConstraint: Hashable, Sendable {
    /// No constraint.
    case any
    /// `var == entity`.
    case eq(EntityReference)
    /// `var in entity`.
    case `in`(EntityReference)
    /// `var is T`.
    case isType(EntityTypeName)
    /// `var is T in entity`.
    case isTypeIn(EntityTypeName, EntityReference)
}

/// Constraint on the action in a policy scope.
public enum ActionConstraint: Hashable, Sendable {
    /// No constraint.
    case any
    /// `action == A`.
    case eq(EntityUID)
    /// `action in [A, B]`.
    case `in`([EntityUID])
    /// `action in Entity` (single entity, not a list).
    case inEntity(EntityUID)
}

/// A `when` or `unless` clause.
public struct Condition: Hashable, Sendable {
    /// True for `when`, false for `unless`.
    public let isWhen: Bool
    /// The condition expression.
    public let body: Expr
    /// Creates a value.
    public init(isWhen: Bool, body: Expr) {
        self.isWhen = isWhen
        self.body = body
    }
}

/// A Cedar policy (static policy, template, or template-linked policy).
public struct Policy: Hashable, Sendable {
    /// Policy id (positional `policyN` when parsed from text).
    public var id: String
    /// Permit or forbid.
    public var effect: Effect
    /// The principal.
    public var principal: ScopeConstraint
    /// The action.
    public var action: ActionConstraint
    /// The resource.
    public var resource: ScopeConstraint
    /// The when/unless clauses in order.
    public var conditions: [Condition]
    /// Annotations in source order (value nil for `@flag`).
    public var annotations: [(key: String, value: String?)] {
        get { annotationList.map { ($0.key, $0.value) } }
        set { annotationList = newValue.map { Annotation(key: $0.key, value: $0.value) } }
    }
    var annotationList: [Annotation]
    /// Source location of the policy start (line, column), when parsed from text.
    public var line: Int = 0
    /// 1-based column of the policy start.
    public var column: Int = 0

    struct Annotation: Hashable, Sendable {
        let key: String
        let value: String?
    }

    /// Creates a policy.
    public init(
        id: String, effect: Effect, principal: ScopeConstraint, action: ActionConstraint,
        resource: ScopeConstraint, conditions: [Condition], annotations: [(key: String, value: String?)] = []
    ) {
        self.id = id
        self.effect = effect
        self.principal = principal
        self.action = action
        self.resource = resource
        self.conditions = conditions
        self.annotationList = annotations.map { Annotation(key: $0.key, value: $0.value) }
    }

    /// Whether the policy has template slots.
    public var isTemplate: Bool {
        func hasSlot(_ c: ScopeConstraint) -> Bool {
            switch c {
            case .eq(.slot), .in(.slot), .isTypeIn(_, .slot): return true
            default: return false
            }
        }
        return hasSlot(principal) || hasSlot(resource)
    }

    /// The full condition expression (scope conjunction and clauses), as Cedar evaluates it.
    public var conditionExpr: Expr {
        var parts: [Expr] = [
            Policy.scopeExpr(.principal, principal), Policy.actionExpr(action), Policy.scopeExpr(.resource, resource),
        ]
        for c in conditions { parts.append(c.isWhen ? c.body : .not(c.body)) }
        var result = parts[parts.count - 1]
        for p in parts.dropLast().reversed() { result = .and(p, result) }
        return result
    }

    static func refExpr(_ r: EntityReference) -> Expr {
        switch r {
        case .entity(let e): return .lit(.entity(e))
        case .slot(let s): return .slot(s)
        }
    }

    static func scopeExpr(_ v: Var, _ c: ScopeConstraint) -> Expr {
        switch c {
        case .any: return .lit(.bool(true))
        case .eq(let r): return .binary(.eq, .variable(v), refExpr(r))
        case .in(let r): return .binary(.in, .variable(v), refExpr(r))
        case .isType(let t): return .isType(.variable(v), t)
        case .isTypeIn(let t, let r): return .and(.isType(.variable(v), t), .binary(.in, .variable(v), refExpr(r)))
        }
    }

    static func actionExpr(_ c: ActionConstraint) -> Expr {
        switch c {
        case .any: return .lit(.bool(true))
        case .eq(let e): return .binary(.eq, .variable(.action), .lit(.entity(e)))
        case .inEntity(let e): return .binary(.in, .variable(.action), .lit(.entity(e)))
        case .in(let es): return .binary(.in, .variable(.action), .set(es.map { .lit(.entity($0)) }))
        }
    }

    public static func == (lhs: Policy, rhs: Policy) -> Bool {
        lhs.id == rhs.id && lhs.effect == rhs.effect && lhs.principal == rhs.principal && lhs.action == rhs.action
            && lhs.resource == rhs.resource && lhs.conditions == rhs.conditions && lhs.annotationList == rhs.annotationList
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(effect)
        hasher.combine(conditions)
    }
}
