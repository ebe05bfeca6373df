/// Evaluation of the eagerly evaluated binary operators on their operands' values.
extension BinaryOp {
    /// Applies the operator to evaluated operands; `scope` answers `in` and tag look-ups.
    /// - Throws: a type error for operands of the wrong type, `overflow` for checked arithmetic,
    ///   `entityDoesNotExist` / `tagMissing` for `getTag`.
    func apply(_ l: Value, _ r: Value, in scope: RequestScope) throws(EvaluationError) -> Value {
        switch self {
        case .eq: return .bool(l == r)
        case .neq: return .bool(l != r)
        case .lt, .le, .gt, .ge: return .bool(try compare(l, r))
        case .add, .sub, .mul: return .long(try arithmetic(l, r))
        case .in:
            let uid = try l.asEntity()
            switch r {
            case .entity(let target): return .bool(scope.isDescendant(uid, of: target))
            case .set(let s):
                var targets: [EntityUID] = []
                for v in s { targets.append(try v.asEntity()) }
                return .bool(targets.contains { scope.isDescendant(uid, of: $0) })
            default: throw .type("entity or set of entities", r)
            }
        case .contains:
            return .bool(try l.asSet().contains(r))
        case .containsAll:
            let a = try l.asSet(), b = try r.asSet()
            return .bool(b.isSubset(of: a))
        case .containsAny:
            let a = try l.asSet(), b = try r.asSet()
            return .bool(!a.isDisjoint(with: b))
        case .hasTag:
            let uid = try l.asEntity()
            let key = try r.asString()
            return .bool(scope.entities[uid]?.tags[key] != nil)
        case .getTag:
            let uid = try l.asEntity()
            let key = try r.asString()
            let ent = try scope.entity(uid)
            guard let v = ent.tags[key] else {
                throw EvaluationError(.tagMissing, "entity \(uid) does not have the tag `\(key)`")
            }
            return v
        }
    }

    /// `<`, `<=`, `>`, `>=` on two longs, two datetimes or two durations.
    private func compare(_ l: Value, _ r: Value) throws(EvaluationError) -> Bool {
        let a: Int64, b: Int64
        switch (l, r) {
        case (.long(let x), .long(let y)): a = x; b = y
        case (.ext(.datetime(let x)), .ext(.datetime(let y))): a = x; b = y
        case (.ext(.duration(let x)), .ext(.duration(let y))): a = x; b = y
        default:
            if case .long = l { throw .type("long", r) }
            throw EvaluationError(.typeError, "type error: cannot compare \(l.typeName) with \(r.typeName)")
        }
        switch self {
        case .lt: return a < b
        case .le: return a <= b
        case .gt: return a > b
        default: return a >= b
        }
    }

    /// `+`, `-`, `*` on longs, checked for overflow.
    private func arithmetic(_ l: Value, _ r: Value) throws(EvaluationError) -> Int64 {
        guard case .long(let a) = l else { throw .type("long", l) }
        guard case .long(let b) = r else { throw .type("long", r) }
        let (v, o): (Int64, Bool)
        switch self {
        case .add: (v, o) = a.addingReportingOverflow(b)
        case .sub: (v, o) = a.subtractingReportingOverflow(b)
        default: (v, o) = a.multipliedReportingOverflow(by: b)
        }
        if o {
            let verb = self == .add ? "add" : self == .sub ? "subtract" : "multiply"
            throw EvaluationError(.overflow, "integer overflow while attempting to \(verb) \(a) and \(b)")
        }
        return v
    }
}
