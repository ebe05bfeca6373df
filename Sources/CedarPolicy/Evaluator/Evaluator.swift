/// Evaluates Cedar expressions against a request and an entity store.
public struct Evaluator: Sendable {
    /// The request being evaluated.
    public let request: Request
    /// The entity store.
    public let entities: Entities
    /// Maximum expression nesting evaluated before failing with `recursionLimit`.
    public static let maxDepth = 1000

    /// Creates an evaluator.
    public init(request: Request, entities: Entities) {
        self.request = request
        self.entities = entities
    }

    /// Evaluates an expression to a value.
    public func evaluate(_ expr: Expr) throws(EvaluationError) -> Value {
        try eval(expr, 0)
    }

    /// Evaluates a policy's full condition; true means the policy is satisfied.
    public func isSatisfied(_ policy: Policy) throws(EvaluationError) -> Bool {
        guard scopeMatches(policy) else { return false }
        for c in policy.conditions {
            let v = try bool(c.body, 0)
            if v != c.isWhen { return false }
        }
        return true
    }

    /// Whether the scope of a (linked or static) policy matches the request. Never errors.
    public func scopeMatches(_ policy: Policy) -> Bool {
        scopeMatches(policy.principal, request.principal) && actionMatches(policy.action)
            && scopeMatches(policy.resource, request.resource)
    }

    private func refMatches(_ r: EntityReference, _ uid: EntityUID, inMode: Bool) -> Bool {
        guard case .entity(let target) = r else { return false }
        return inMode ? entities.isDescendant(uid, of: target) : uid == target
    }

    private func scopeMatches(_ c: ScopeConstraint, _ uid: EntityUID) -> Bool {
        switch c {
        case .any: return true
        case .eq(let r): return refMatches(r, uid, inMode: false)
        case .in(let r): return refMatches(r, uid, inMode: true)
        case .isType(let t): return uid.type == t
        case .isTypeIn(let t, let r): return uid.type == t && refMatches(r, uid, inMode: true)
        }
    }

    private func actionMatches(_ c: ActionConstraint) -> Bool {
        switch c {
        case .any: return true
        case .eq(let e): return request.action == e
        case .inEntity(let e): return entities.isDescendant(request.action, of: e)
        case .in(let es): return es.contains { entities.isDescendant(request.action, of: $0) }
        }
    }

    private func bool(_ e: Expr, _ depth: Int) throws(EvaluationError) -> Bool {
        let v = try eval(e, depth)
        guard case .bool(let b) = v else { throw .type("bool", v) }
        return b
    }

    private func entityOf(_ v: Value) throws(EvaluationError) -> EntityUID {
        guard case .entity(let u) = v else { throw .type("entity", v) }
        return u
    }

    private func setOf(_ v: Value) throws(EvaluationError) -> Set<Value> {
        guard case .set(let s) = v else { throw .type("set", v) }
        return s
    }

    private func stringOf(_ v: Value) throws(EvaluationError) -> CedarString {
        guard case .string(let s) = v else { throw .type("string", v) }
        return s
    }

    private func entity(_ uid: EntityUID) throws(EvaluationError) -> Entity {
        guard let e = entities[uid] else {
            throw EvaluationError(.entityDoesNotExist, "entity \(uid) does not exist")
        }
        return e
    }

    func eval(_ expr: Expr, _ depth: Int) throws(EvaluationError) -> Value {
        if depth > Evaluator.maxDepth {
            throw EvaluationError(.recursionLimit, "expression nesting exceeds the evaluation limit")
        }
        let d = depth + 1
        switch expr {
        case .lit(let v): return v
        case .variable(let v):
            switch v {
            case .principal: return .entity(request.principal)
            case .action: return .entity(request.action)
            case .resource: return .entity(request.resource)
            case .context: return .record(request.context)
            }
        case .slot(let s):
            throw EvaluationError(.unlinkedSlot, "template slot \(s.rawValue) is not linked")
        case .ite(let c, let t, let e):
            return try bool(c, d) ? try eval(t, d) : try eval(e, d)
        case .and(let a, let b):
            guard try bool(a, d) else { return .bool(false) }
            return .bool(try bool(b, d))
        case .or(let a, let b):
            if try bool(a, d) { return .bool(true) }
            return .bool(try bool(b, d))
        case .not(let a):
            return .bool(!(try bool(a, d)))
        case .neg(let a):
            let v = try eval(a, d)
            guard case .long(let n) = v else { throw .type("long", v) }
            let (r, o) = Int64(0).subtractingReportingOverflow(n)
            if o { throw EvaluationError(.overflow, "integer overflow while attempting to negate \(n)") }
            return .long(r)
        case .binary(let op, let a, let b):
            return try binary(op, try eval(a, d), try eval(b, d))
        case .getAttr(let a, let name):
            let v = try eval(a, d)
            switch v {
            case .record(let r):
                guard let x = r[name] else {
                    throw EvaluationError(.attributeMissing, "record does not have the attribute `\(name)`")
                }
                return x
            case .entity(let uid):
                let ent = try entity(uid)
                guard let x = ent.attrs[name] else {
                    throw EvaluationError(.attributeMissing, "entity \(uid) does not have the attribute `\(name)`")
                }
                return x
            default: throw .type("entity or record", v)
            }
        case .hasAttr(let a, let name):
            let v = try eval(a, d)
            switch v {
            case .record(let r): return .bool(r[name] != nil)
            case .entity(let uid): return .bool(entities[uid]?.attrs[name] != nil)
            default: throw .type("entity or record", v)
            }
        case .like(let a, let pat):
            return .bool(LikePattern.matches(try stringOf(try eval(a, d)), pat))
        case .isType(let a, let t):
            return .bool(try entityOf(try eval(a, d)).type == t)
        case .isEmpty(let a):
            return .bool(try setOf(try eval(a, d)).isEmpty)
        case .set(let items):
            var s = Set<Value>()
            for i in items { s.insert(try eval(i, d)) }
            return .set(s)
        case .record(let fields):
            var r: [CedarString: Value] = [:]
            for f in fields { r[f.key] = try eval(f.value, d) }
            return .record(r)
        case .call(let name, let args):
            var vals: [Value] = []
            for a in args { vals.append(try eval(a, d)) }
            return try ExtensionFunctions.call(name, vals)
        }
    }

    private func binary(_ op: BinaryOp, _ l: Value, _ r: Value) throws(EvaluationError) -> Value {
        switch op {
        case .eq: return .bool(l == r)
        case .neq: return .bool(l != r)
        case .lt, .le, .gt, .ge:
            let a: Int64, b: Int64
            switch (l, r) {
            case (.long(let x), .long(let y)): a = x; b = y
            case (.ext(.datetime(let x)), .ext(.datetime(let y))): a = x; b = y
            case (.ext(.duration(let x)), .ext(.duration(let y))): a = x; b = y
            default:
                if case .long = l { throw .type("long", r) }
                throw EvaluationError(.typeError, "type error: cannot compare \(l.typeName) with \(r.typeName)")
            }
            switch op {
            case .lt: return .bool(a < b)
            case .le: return .bool(a <= b)
            case .gt: return .bool(a > b)
            default: return .bool(a >= b)
            }
        case .add, .sub, .mul:
            guard case .long(let a) = l else { throw .type("long", l) }
            guard case .long(let b) = r else { throw .type("long", r) }
            let (v, o): (Int64, Bool)
            switch op {
            case .add: (v, o) = a.addingReportingOverflow(b)
            case .sub: (v, o) = a.subtractingReportingOverflow(b)
            default: (v, o) = a.multipliedReportingOverflow(by: b)
            }
            if o {
                throw EvaluationError(
                    .overflow, "integer overflow while attempting to \(op == .add ? "add" : op == .sub ? "subtract" : "multiply") \(a) and \(b)")
            }
            return .long(v)
        case .in:
            let uid = try entityOf(l)
            switch r {
            case .entity(let target): return .bool(entities.isDescendant(uid, of: target))
            case .set(let s):
                var targets: [EntityUID] = []
                for v in s { targets.append(try entityOf(v)) }
                return .bool(targets.contains { entities.isDescendant(uid, of: $0) })
            default: throw .type("entity or set of entities", r)
            }
        case .contains:
            return .bool(try setOf(l).contains(r))
        case .containsAll:
            let a = try setOf(l), b = try setOf(r)
            return .bool(b.isSubset(of: a))
        case .containsAny:
            let a = try setOf(l), b = try setOf(r)
            return .bool(!a.isDisjoint(with: b))
        case .hasTag:
            let uid = try entityOf(l)
            let key = try stringOf(r)
            return .bool(entities[uid]?.tags[key] != nil)
        case .getTag:
            let uid = try entityOf(l)
            let key = try stringOf(r)
            let ent = try entity(uid)
            guard let v = ent.tags[key] else {
                throw EvaluationError(.tagMissing, "entity \(uid) does not have the tag `\(key)`")
            }
            return v
        }
    }
}
