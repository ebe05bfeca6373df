/// Typing rules for binary operators and extension calls.
extension Typechecker {
    static let extensionSignatures: [String: (args: [VType], ret: VType)] = [
        "decimal": ([.string], .ext("decimal")),
        "ip": ([.string], .ext("ipaddr")),
        "datetime": ([.string], .ext("datetime")),
        "duration": ([.string], .ext("duration")),
        "lessThan": ([.ext("decimal"), .ext("decimal")], .bool),
        "lessThanOrEqual": ([.ext("decimal"), .ext("decimal")], .bool),
        "greaterThan": ([.ext("decimal"), .ext("decimal")], .bool),
        "greaterThanOrEqual": ([.ext("decimal"), .ext("decimal")], .bool),
        "isIpv4": ([.ext("ipaddr")], .bool),
        "isIpv6": ([.ext("ipaddr")], .bool),
        "isLoopback": ([.ext("ipaddr")], .bool),
        "isMulticast": ([.ext("ipaddr")], .bool),
        "isInRange": ([.ext("ipaddr"), .ext("ipaddr")], .bool),
        "offset": ([.ext("datetime"), .ext("duration")], .ext("datetime")),
        "durationSince": ([.ext("datetime"), .ext("datetime")], .ext("duration")),
        "toDate": ([.ext("datetime")], .ext("datetime")),
        "toTime": ([.ext("datetime")], .ext("duration")),
        "toMilliseconds": ([.ext("duration")], .long),
        "toSeconds": ([.ext("duration")], .long),
        "toMinutes": ([.ext("duration")], .long),
        "toHours": ([.ext("duration")], .long),
        "toDays": ([.ext("duration")], .long),
    ]

    mutating func typecheckCall(_ name: String, _ args: [Expr], _ prior: Set<Capability>) -> TypeAnswer {
        guard let sig = Typechecker.extensionSignatures[name] else {
            error("undefined extension function `\(name)`")
            for a in args { _ = typecheck(a, prior) }
            return .failed
        }
        var failed = false
        if args.count != sig.args.count {
            error("`\(name)` expects \(sig.args.count) argument(s), got \(args.count)")
            failed = true
        }
        if ExtensionFunctions.constructors.contains(name) {
            if args.contains(where: { if case .lit = $0 { return false } else { return true } }) {
                error("extension constructor `\(name)` must be applied to a literal in strict validation")
                failed = true
            } else if args.count == 1, case .lit(.string(let s)) = args[0],
                ExtensionFunctions.construct(name, s.value) == nil
            {
                error("invalid argument to `\(name)`: \"\(escapeCedarString(s.value))\"")
                failed = true
            }
        }
        if failed {
            for a in args { _ = typecheck(a, prior) }
            return TypeAnswer(type: nil)
        }
        var ok = true
        for (a, t) in zip(args, sig.args) {
            let r = expect(a, prior, "\(t)") { TypeLattice.isSubtype($0, t, strict: false) }
            if r.type == nil { ok = false }
        }
        return TypeAnswer(type: ok ? sig.ret : nil)
    }

    static func isComparable(_ t: VType) -> Bool {
        switch t {
        case .long, .ext("datetime"), .ext("duration"): return true
        default: return false
        }
    }

    mutating func typecheckBinary(_ op: BinaryOp, _ l: Expr, _ r: Expr, _ prior: Set<Capability>, _ whole: Expr) -> TypeAnswer {
        switch op {
        case .eq, .neq:
            let a = typecheck(l, prior)
            let b = typecheck(r, prior)
            guard let ta = a.type, let tb = b.type else { return .failed }
            var t: VType = .bool
            if TypeLattice.areDisjoint(ta, tb) {
                t = .ff
            } else if let lv = literalValue(l), let rv = literalValue(r) {
                t = lv == rv ? .tt : .ff
            }
            if t == .bool && TypeLattice.lub(ta, tb, strict: true) == nil {
                error("cannot compare values of incompatible types \(ta) and \(tb)")
                return .failed
            }
            if op == .neq { t = t == .tt ? .ff : t == .ff ? .tt : .bool }
            return TypeAnswer(type: t)
        case .lt, .le, .gt, .ge:
            let a = typecheck(l, prior)
            let b = typecheck(r, prior)
            guard let ta = a.type, let tb = b.type else { return .failed }
            switch (ta, tb) {
            case (.never, .never): return .failed
            case (.never, let o), (let o, .never):
                if Typechecker.isComparable(o) { return TypeAnswer(type: .bool) }
            default:
                if ta == tb && Typechecker.isComparable(ta) { return TypeAnswer(type: .bool) }
            }
            error("comparison operands must both be Long, datetime or duration; found \(ta) and \(tb)")
            return .failed
        case .add, .sub, .mul:
            let a = expect(l, prior, "Long") { TypeLattice.isSubtype($0, .long, strict: false) }
            let b = expect(r, prior, "Long") { TypeLattice.isSubtype($0, .long, strict: false) }
            return TypeAnswer(type: a.type != nil && b.type != nil ? .long : nil)
        case .in:
            return typecheckIn(l, r, prior)
        case .contains:
            let a = expect(l, prior, "Set") { TypeLattice.isSubtype($0, .set(nil), strict: false) }
            guard a.type != nil else {
                _ = typecheck(r, prior)
                return .failed
            }
            let b = typecheck(r, prior)
            guard let tb = b.type else { return .failed }
            if case .set(.some(let elem))? = a.type, TypeLattice.lub(elem, tb, strict: true) == nil {
                error("`contains` argument type \(tb) is incompatible with the set element type \(elem)")
                return .failed
            }
            return TypeAnswer(type: .bool)
        case .containsAll, .containsAny:
            let a = expect(l, prior, "Set") { TypeLattice.isSubtype($0, .set(nil), strict: false) }
            let b = expect(r, prior, "Set") { TypeLattice.isSubtype($0, .set(nil), strict: false) }
            guard let ta = a.type, let tb = b.type else { return .failed }
            if TypeLattice.lub(ta, tb, strict: true) == nil {
                error("`\(op.rawValue)` operands have incompatible types \(ta) and \(tb)")
                return .failed
            }
            return TypeAnswer(type: .bool)
        case .hasTag, .getTag:
            let a = expect(l, prior, "entity") { Typechecker.isEntityLike($0) }
            let b = expect(r, prior, "String") { TypeLattice.isSubtype($0, .string, strict: false) }
            guard let ta = a.type, b.type != nil else { return .failed }
            switch ta {
            case .entity, .anyEntity: break
            default: return .failed
            }
            let cap = Capability.tag(l, r)
            let tags = tagTypes(ta)
            if op == .hasTag {
                let t: VType = tags.isEmpty ? .ff : prior.contains(cap) ? .tt : .bool
                return TypeAnswer(type: t, caps: [cap])
            }
            guard prior.contains(cap) else {
                error("unsafe tag access; guard it with `hasTag`")
                return .failed
            }
            if tags.isEmpty {
                error("entity type does not allow tags")
                return .failed
            }
            var lub = VType.never
            for t in tags {
                guard let n = TypeLattice.lub(lub, t, strict: true) else {
                    error("tag types are incompatible")
                    return .failed
                }
                lub = n
            }
            return TypeAnswer(type: lub)
        }
    }

    func entityLub(_ t: VType?) -> Set<EntityTypeName>? {
        if case .entity(let l)? = t { return l }
        return nil
    }

    func actionDescendantHasType(_ l: EntityTypeName, _ r: EntityTypeName) -> Bool {
        if l == r { return true }
        for (a, anc) in schema.actionAncestors where a.type == l {
            if anc.contains(where: { $0.type == r }) { return true }
        }
        return false
    }

    mutating func typecheckIn(_ l: Expr, _ r: Expr, _ prior: Set<Capability>) -> TypeAnswer {
        let a = expect(l, prior, "entity") { Typechecker.isEntityLike($0) }
        let b = expect(r, prior, "entity or set of entities") { t in
            Typechecker.isEntityLike(t) || TypeLattice.isSubtype(t, .set(.anyEntity), strict: false)
        }
        guard a.type != nil, b.type != nil else { return TypeAnswer(type: nil) }
        var rhsEUIDs: [EntityUID]?
        if let u = literalEUID(r) {
            rhsEUIDs = [u]
        } else if case .set(let items) = r {
            var list: [EntityUID] = []
            for i in items {
                guard let u = literalEUID(i) else { list = []; rhsEUIDs = nil; break }
                list.append(u)
                rhsEUIDs = list
            }
            if items.isEmpty { rhsEUIDs = [] }
        }
        if let lhs = literalEUID(l), Schema.isActionType(lhs.type), let rhs = rhsEUIDs {
            let actions = rhs.filter { Schema.isActionType($0.type) }
            if actions.isEmpty { return TypeAnswer(type: .ff) }
            guard let desc = schema.actionsIn(actions) else { return TypeAnswer(type: nil) }
            return TypeAnswer(type: desc.contains(lhs) ? .tt : .ff)
        }
        let lhsTypes = entityLub(a.type)
        var rhsTypes = entityLub(b.type)
        if case .set(.some(let inner))? = b.type { rhsTypes = entityLub(inner) }
        if let lt = lhsTypes, let rt = rhsTypes {
            let possible = lt.contains { x in
                rt.contains { y in schema.entityTypesIn(y).contains(x) || actionDescendantHasType(x, y) }
            }
            if !possible { return TypeAnswer(type: .ff) }
        }
        return TypeAnswer(type: .bool)
    }
}
