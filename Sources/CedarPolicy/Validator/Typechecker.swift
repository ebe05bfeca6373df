/// A capability learned from a `has`/`hasTag` test: the attribute (or tag) is known present.
enum Capability: Hashable {
    case attr(Expr, CedarString)
    case tag(Expr, Expr)
}

/// Result of typechecking an expression: its type (nil when typechecking failed) and the
/// capabilities that hold when the expression evaluates to true.
struct TypeAnswer {
    var type: VType?
    var caps: Set<Capability> = []
    static let failed = TypeAnswer(type: nil)
}

/// One request environment: the types of principal, action, resource, context and slots.
struct RequestEnv {
    let principal: EntityTypeName
    let action: EntityUID
    let resource: EntityTypeName
    let context: VType
    var principalSlot: EntityTypeName?
    var resourceSlot: EntityTypeName?
}

/// Strict-mode typechecker for one policy under one request environment.
struct Typechecker {
    let schema: Schema
    let policyID: String
    let env: RequestEnv
    var errors: [String] = []
    private var depth = 0
    static let maxDepth = 400

    init(schema: Schema, policyID: String, env: RequestEnv) {
        self.schema = schema
        self.policyID = policyID
        self.env = env
    }

    /// Typechecks the policy condition, expecting a boolean.
    mutating func checkCondition(_ e: Expr) {
        _ = expect(e, [], "Bool") { TypeLattice.isSubtype($0, .bool, strict: false) }
    }

    mutating func error(_ message: String) { errors.append(message) }

    mutating func expect(
        _ e: Expr, _ prior: Set<Capability>, _ expected: String,
        _ ok: (VType) -> Bool
    ) -> TypeAnswer {
        let a = typecheck(e, prior)
        guard let t = a.type else { return .failed }
        if !ok(t) {
            error("expected \(expected), found \(t)")
            return .failed
        }
        return a
    }

    static func isEntityLike(_ t: VType) -> Bool { TypeLattice.isSubtype(t, .anyEntity, strict: false) }
    static func isRecordLike(_ t: VType) -> Bool { TypeLattice.isSubtype(t, .anyRecord, strict: false) }

    func literalType(_ uid: EntityUID) -> VType? {
        if Schema.isActionType(uid.type) {
            return schema.actions[uid] != nil ? .single(uid.type) : nil
        }
        return schema.entityTypes[uid.type] != nil ? .single(uid.type) : nil
    }

    /// Attributes of an entity type (empty for actions and unknown types).
    func entityAttrs(_ t: EntityTypeName) -> [CedarString: VAttr] {
        guard let def = schema.entityTypes[t] else { return [:] }
        guard case .record(let attrs, _) = VType(record: def.shape) else { return [:] }
        return attrs
    }

    func lubAttrs(_ lub: Set<EntityTypeName>) -> [CedarString: VAttr] {
        var result: [CedarString: VAttr]?
        for t in lub.sorted() {
            let attrs = entityAttrs(t)
            guard let acc = result else { result = attrs; continue }
            var merged: [CedarString: VAttr] = [:]
            for (k, a) in acc {
                if let b = attrs[k], let l = TypeLattice.lub(a.type, b.type, strict: false) {
                    merged[k] = VAttr(type: l, required: a.required && b.required)
                }
            }
            result = merged
        }
        return result ?? [:]
    }

    func lookupAttr(_ t: VType, _ attr: CedarString) -> VAttr? {
        switch t {
        case .record(let attrs, _): return attrs[attr]
        case .entity(let lub): return lubAttrs(lub)[attr]
        default: return nil
        }
    }

    func mayHaveAttr(_ t: VType, _ attr: CedarString) -> Bool {
        switch t {
        case .never, .anyEntity: return true
        case .record(let attrs, let open): return open || attrs[attr] != nil
        case .entity(let lub): return lub.contains { entityAttrs($0)[attr] != nil }
        default: return false
        }
    }

    func tagTypes(_ t: VType) -> [VType] {
        var result: [VType] = []
        switch t {
        case .entity(let lub):
            for n in lub.sorted() { if let tt = schema.entityTypes[n]?.tags { result.append(VType(tt)) } }
        case .anyEntity:
            for n in schema.entityTypes.keys.sorted() {
                if let tt = schema.entityTypes[n]?.tags { result.append(VType(tt)) }
            }
        default: break
        }
        var unique: [VType] = []
        for x in result where !unique.contains(x) { unique.append(x) }
        return unique
    }

    /// The entity uid of a literal or of the `action` variable.
    func literalEUID(_ e: Expr) -> EntityUID? {
        switch e {
        case .lit(.entity(let u)): return u
        case .variable(.action): return env.action
        default: return nil
        }
    }

    func literalValue(_ e: Expr) -> Value? {
        switch e {
        case .lit(let v): return v
        case .variable(.action): return .entity(env.action)
        default: return nil
        }
    }

    mutating func typecheck(_ e: Expr, _ prior: Set<Capability>) -> TypeAnswer {
        depth += 1
        defer { depth -= 1 }
        if depth > Typechecker.maxDepth {
            error("expression is too deeply nested to typecheck")
            return .failed
        }
        switch e {
        case .lit(let v):
            switch v {
            case .bool(let b): return TypeAnswer(type: b ? .tt : .ff)
            case .long: return TypeAnswer(type: .long)
            case .string: return TypeAnswer(type: .string)
            case .entity(let u): return TypeAnswer(type: literalType(u))
            default: return .failed
            }
        case .variable(let v):
            switch v {
            case .principal: return TypeAnswer(type: .single(env.principal))
            case .action: return TypeAnswer(type: literalType(env.action))
            case .resource: return TypeAnswer(type: .single(env.resource))
            case .context: return TypeAnswer(type: env.context)
            }
        case .slot(let s):
            let t = s == .principal ? env.principalSlot : env.resourceSlot
            return TypeAnswer(type: t.map { .single($0) } ?? .anyEntity)
        case .ite(let c, let t, let f):
            let test = expect(c, prior, "Bool") { TypeLattice.isSubtype($0, .bool, strict: false) }
            if test.type == .tt {
                let a = typecheck(t, prior.union(test.caps))
                return TypeAnswer(type: a.type, caps: a.caps.union(test.caps))
            }
            if test.type == .ff {
                return typecheck(f, prior)
            }
            let a = typecheck(t, prior.union(test.caps))
            let b = typecheck(f, prior)
            guard let ta = a.type, let tb = b.type else { return .failed }
            guard let l = TypeLattice.lub(ta, tb, strict: true) else {
                error("the branches of the conditional have incompatible types \(ta) and \(tb)")
                return .failed
            }
            guard test.type != nil else { return .failed }
            return TypeAnswer(type: l, caps: a.caps.union(test.caps).intersection(b.caps))
        case .and(let l, let r):
            let a = expect(l, prior, "Bool") { TypeLattice.isSubtype($0, .bool, strict: false) }
            if a.type == .ff { return TypeAnswer(type: .ff) }
            let b = expect(r, prior.union(a.caps), "Bool") { TypeLattice.isSubtype($0, .bool, strict: false) }
            guard let ta = a.type, let tb = b.type else { return TypeAnswer(type: nil) }
            if tb == .ff { return TypeAnswer(type: .ff) }
            if tb == .tt { return TypeAnswer(type: ta, caps: a.caps.union(b.caps)) }
            if ta == .tt { return TypeAnswer(type: tb, caps: b.caps) }
            return TypeAnswer(type: .bool, caps: a.caps.union(b.caps))
        case .or(let l, let r):
            let a = expect(l, prior, "Bool") { TypeLattice.isSubtype($0, .bool, strict: false) }
            if a.type == .tt { return TypeAnswer(type: .tt, caps: a.caps) }
            let b = expect(r, prior, "Bool") { TypeLattice.isSubtype($0, .bool, strict: false) }
            guard let ta = a.type, let tb = b.type else { return TypeAnswer(type: nil) }
            if tb == .tt { return TypeAnswer(type: .tt, caps: b.caps) }
            if tb == .ff { return TypeAnswer(type: ta, caps: a.caps) }
            if ta == .ff { return TypeAnswer(type: tb, caps: b.caps) }
            return TypeAnswer(type: .bool, caps: a.caps.intersection(b.caps))
        case .not(let x):
            let a = expect(x, prior, "Bool") { TypeLattice.isSubtype($0, .bool, strict: false) }
            guard let t = a.type else { return .failed }
            return TypeAnswer(type: t == .tt ? .ff : t == .ff ? .tt : .bool)
        case .neg(let x):
            let a = expect(x, prior, "Long") { TypeLattice.isSubtype($0, .long, strict: false) }
            return TypeAnswer(type: a.type == nil ? nil : .long)
        case .isEmpty(let x):
            let a = expect(x, prior, "Set") { TypeLattice.isSubtype($0, .set(nil), strict: false) }
            return TypeAnswer(type: a.type == nil ? nil : .bool)
        case .like(let x, _):
            let a = expect(x, prior, "String") { TypeLattice.isSubtype($0, .string, strict: false) }
            return TypeAnswer(type: a.type == nil ? nil : .bool)
        case .isType(let x, let name):
            let a = expect(x, prior, "entity") { Typechecker.isEntityLike($0) }
            switch a.type {
            case .entity(let lub):
                if !lub.contains(name) { return TypeAnswer(type: .ff) }
                if lub == [name] { return TypeAnswer(type: .tt) }
                return TypeAnswer(type: .bool)
            case .anyEntity: return TypeAnswer(type: .bool)
            default: return .failed
            }
        case .getAttr(let x, let attr):
            let a = expect(x, prior, "entity or record") { Typechecker.isEntityLike($0) || Typechecker.isRecordLike($0) }
            guard let t = a.type else { return .failed }
            guard let at = lookupAttr(t, attr) else {
                error("attribute `\(attr)` not found on \(t)")
                return .failed
            }
            if at.required || prior.contains(.attr(x, attr)) { return TypeAnswer(type: at.type) }
            error("unsafe access to optional attribute `\(attr)`; guard it with `has`")
            return .failed
        case .hasAttr(let x, let attr):
            let a = expect(x, prior, "entity or record") { Typechecker.isEntityLike($0) || Typechecker.isRecordLike($0) }
            guard let t = a.type else { return TypeAnswer(type: nil) }
            let cap = Capability.attr(x, attr)
            if let at = lookupAttr(t, attr) {
                var isTrue = prior.contains(cap)
                if at.required, case .record = t { isTrue = true }
                return TypeAnswer(type: isTrue ? .tt : .bool, caps: [cap])
            }
            return TypeAnswer(type: mayHaveAttr(t, attr) ? .bool : .ff)
        case .set(let items):
            var types: [VType] = []
            var ok = true
            for i in items {
                let a = typecheck(i, prior)
                if let t = a.type { types.append(t) } else { ok = false }
            }
            if items.isEmpty {
                error("empty set literals are forbidden in strict validation")
                return .failed
            }
            guard ok else { return .failed }
            var l = VType.never
            for t in types {
                guard let n = TypeLattice.lub(l, t, strict: true) else {
                    error("set elements have incompatible types")
                    return .failed
                }
                l = n
            }
            return TypeAnswer(type: .set(l))
        case .record(let fields):
            var attrs: [CedarString: VAttr] = [:]
            var ok = true
            for f in fields {
                let a = typecheck(f.value, prior)
                if let t = a.type { attrs[f.key] = VAttr(type: t, required: true) } else { ok = false }
            }
            return ok ? TypeAnswer(type: .record(attrs, open: false)) : .failed
        case .call(let name, let args):
            return typecheckCall(name, args, prior)
        case .binary(let op, let l, let r):
            return typecheckBinary(op, l, r, prior, e)
        }
    }
}
