/// Compiles expressions to ``CompiledExpr`` closures with the semantics of Cedar's evaluator: operands are
/// evaluated left to right, `&&`, `||` and `if` short-circuit, and errors are the ones evaluation raises.
///
/// An expression node nested deeper than ``Evaluator/maxDepth`` compiles to a closure that fails with
/// `recursionLimit` when it is reached, which is where a recursive evaluator would fail; compilation itself stops
/// there, so its recursion is bounded too.
enum ExprCompiler {
    /// Compiles `expr`, whose root is at nesting `depth`.
    static func compile(_ expr: Expr, depth: Int = 0) -> CompiledExpr {
        if depth > Evaluator.maxDepth {
            return CompiledExpr { _ throws(EvaluationError) in throw EvaluationError.recursionLimit }
        }
        let d = depth + 1
        switch expr {
        case .lit(let v):
            return CompiledExpr { _ in v }
        case .variable(let v):
            return variable(v)
        case .slot(let s):
            return CompiledExpr { _ throws(EvaluationError) in
                throw EvaluationError(.unlinkedSlot, "template slot \(s.rawValue) is not linked")
            }
        case .ite(let c, let t, let e):
            let c = compile(c, depth: d), t = compile(t, depth: d), e = compile(e, depth: d)
            return CompiledExpr { s throws(EvaluationError) in try c.bool(s) ? try t.run(s) : try e.run(s) }
        case .and(let a, let b):
            let a = compile(a, depth: d), b = compile(b, depth: d)
            return CompiledExpr { s throws(EvaluationError) in
                guard try a.bool(s) else { return .bool(false) }
                return .bool(try b.bool(s))
            }
        case .or(let a, let b):
            let a = compile(a, depth: d), b = compile(b, depth: d)
            return CompiledExpr { s throws(EvaluationError) in
                if try a.bool(s) { return .bool(true) }
                return .bool(try b.bool(s))
            }
        case .not(let a):
            let a = compile(a, depth: d)
            return CompiledExpr { s throws(EvaluationError) in .bool(!(try a.bool(s))) }
        case .neg(let a):
            let a = compile(a, depth: d)
            return CompiledExpr { s throws(EvaluationError) in
                let v = try a.run(s)
                guard case .long(let n) = v else { throw .type("long", v) }
                let (r, o) = Int64(0).subtractingReportingOverflow(n)
                if o { throw EvaluationError(.overflow, "integer overflow while attempting to negate \(n)") }
                return .long(r)
            }
        case .binary(let op, let a, let b):
            return binary(op, a, b, depth: d)
        case .getAttr(let a, let name):
            return getAttr(a, name, depth: d)
        case .hasAttr(let a, let name):
            return hasAttr(a, name, depth: d)
        case .like(let a, let pattern):
            let a = compile(a, depth: d)
            let pattern = LikePattern(pattern)
            return CompiledExpr { s throws(EvaluationError) in .bool(pattern.matches(try a.run(s).asString())) }
        case .isType(let a, let type):
            let a = compile(a, depth: d)
            return CompiledExpr { s throws(EvaluationError) in .bool(try a.run(s).asEntity().type == type) }
        case .isEmpty(let a):
            let a = compile(a, depth: d)
            return CompiledExpr { s throws(EvaluationError) in .bool(try a.run(s).asSet().isEmpty) }
        case .set(let items):
            let items = items.map { compile($0, depth: d) }
            return CompiledExpr { s throws(EvaluationError) in
                var set = Set<Value>(minimumCapacity: items.count)
                for i in items { set.insert(try i.run(s)) }
                return .set(set)
            }
        case .record(let fields):
            let fields = fields.map { (key: $0.key, value: compile($0.value, depth: d)) }
            return CompiledExpr { s throws(EvaluationError) in
                var r: [CedarString: Value] = Dictionary(minimumCapacity: fields.count)
                for f in fields { r[f.key] = try f.value.run(s) }
                return .record(r)
            }
        case .call(let name, let args):
            return call(name, args, depth: d)
        }
    }

    private static func variable(_ v: Var) -> CompiledExpr {
        switch v {
        case .principal: return CompiledExpr { s in .entity(s.request.principal) }
        case .action: return CompiledExpr { s in .entity(s.request.action) }
        case .resource: return CompiledExpr { s in .entity(s.request.resource) }
        case .context: return CompiledExpr { s in .record(s.request.context) }
        }
    }

    /// The variable `expr` is, when it is one and is within the nesting limit at `depth`.
    private static func variableOperand(_ expr: Expr, depth: Int) -> Var? {
        guard depth <= Evaluator.maxDepth, case .variable(let v) = expr else { return nil }
        return v
    }

    /// The entity variable (`principal`, `action`, `resource`) `expr` is, when it is one and is within the nesting
    /// limit at `depth`.
    private static func entityOperand(_ expr: Expr, depth: Int) -> RequestScope.EntityVariable? {
        variableOperand(expr, depth: depth).flatMap(RequestScope.EntityVariable.init)
    }

    /// The literal `expr` is, when it is one and is within the nesting limit at `depth`.
    private static func literalOperand(_ expr: Expr, depth: Int) -> Value? {
        guard depth <= Evaluator.maxDepth, case .lit(let v) = expr else { return nil }
        return v
    }

    private static func binary(_ op: BinaryOp, _ a: Expr, _ b: Expr, depth d: Int) -> CompiledExpr {
        // `principal in Group::"g"` and the like: the request's own entity answers without a store look-up.
        if op == .in, let v = entityOperand(a, depth: d), case .entity(let target)? = literalOperand(b, depth: d) {
            return CompiledExpr { s in .bool(s.isDescendant(v, of: target)) }
        }
        let a = compile(a, depth: d)
        if op == .eq, let literal = literalOperand(b, depth: d) {
            return CompiledExpr { s throws(EvaluationError) in .bool(try a.run(s) == literal) }
        }
        let b = compile(b, depth: d)
        return CompiledExpr { s throws(EvaluationError) in
            let l = try a.run(s)
            return try op.apply(l, try b.run(s), in: s)
        }
    }

    private static func getAttr(_ a: Expr, _ name: CedarString, depth d: Int) -> CompiledExpr {
        if let v = entityOperand(a, depth: d) {
            return CompiledExpr { s throws(EvaluationError) in
                guard let entry = s.entry(v) else { throw .missingEntity(s.uid(v)) }
                guard let x = entry.attribute(name) else { throw .missingAttribute(name, of: s.uid(v)) }
                return x
            }
        }
        if variableOperand(a, depth: d) == .context {
            return CompiledExpr { s throws(EvaluationError) in
                guard let x = s.request.context[name] else { throw .missingAttribute(name) }
                return x
            }
        }
        let a = compile(a, depth: d)
        return CompiledExpr { s throws(EvaluationError) in
            let v = try a.run(s)
            switch v {
            case .record(let r):
                guard let x = r[name] else { throw .missingAttribute(name) }
                return x
            case .entity(let uid):
                guard let entry = s.entities.entry(uid) else { throw .missingEntity(uid) }
                guard let x = entry.attribute(name) else { throw .missingAttribute(name, of: uid) }
                return x
            default: throw .type("entity or record", v)
            }
        }
    }

    private static func hasAttr(_ a: Expr, _ name: CedarString, depth d: Int) -> CompiledExpr {
        if let v = entityOperand(a, depth: d) {
            return CompiledExpr { s in .bool(s.entry(v)?.attribute(name) != nil) }
        }
        if variableOperand(a, depth: d) == .context {
            return CompiledExpr { s in .bool(s.request.context[name] != nil) }
        }
        let a = compile(a, depth: d)
        return CompiledExpr { s throws(EvaluationError) in
            let v = try a.run(s)
            switch v {
            case .record(let r): return .bool(r[name] != nil)
            case .entity(let uid): return .bool(s.entities.entry(uid)?.attribute(name) != nil)
            default: throw .type("entity or record", v)
            }
        }
    }

    private static func call(_ name: String, _ args: [Expr], depth d: Int) -> CompiledExpr {
        // A constructor on a literal that parses is a constant; one that does not parse fails when it is evaluated.
        if let f = ExtensionFunction(rawValue: name), f.isConstructor, args.count == 1,
            case .string(let literal)? = literalOperand(args[0], depth: d), let v = f.construct(literal.value)
        {
            return CompiledExpr { _ in .ext(v) }
        }
        let args = args.map { compile($0, depth: d) }
        guard let f = ExtensionFunction(rawValue: name) else {
            return CompiledExpr { s throws(EvaluationError) in
                for a in args { _ = try a.run(s) }
                throw EvaluationError(.unknownFunction, "unknown extension function `\(name)`")
            }
        }
        switch args.count {
        case 1:
            let a = args[0]
            return CompiledExpr { s throws(EvaluationError) in try f.apply(try a.run(s), nil) }
        case 2 where f.arity == 2:
            let a = args[0], b = args[1]
            return CompiledExpr { s throws(EvaluationError) in
                let x = try a.run(s)
                return try f.apply(x, try b.run(s))
            }
        default:
            return CompiledExpr { s throws(EvaluationError) in
                var values: [Value] = []
                for a in args { values.append(try a.run(s)) }
                return try f.apply(values)
            }
        }
    }
}
