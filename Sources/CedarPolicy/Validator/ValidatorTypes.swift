/// Types used by the strict typechecker.
indirect enum VType: Hashable, Sendable {
    case never
    case tt
    case ff
    case bool
    case long
    case string
    /// Set with element type (nil = any set, only used as an expectation).
    case set(VType?)
    case record([CedarString: VAttr], open: Bool)
    case anyEntity
    /// Entity reference to one of the listed entity types (actions included).
    case entity(Set<EntityTypeName>)
    case ext(String)

    static let anyRecord = VType.record([:], open: true)

    static func single(_ t: EntityTypeName) -> VType { .entity([t]) }

    var isBoolean: Bool {
        switch self {
        case .tt, .ff, .bool: return true
        default: return false
        }
    }

    /// Converts a schema type.
    init(_ t: SchemaType) {
        switch t {
        case .bool: self = .bool
        case .long: self = .long
        case .string: self = .string
        case .entity(let n): self = .entity([n])
        case .set(let e): self = .set(VType(e))
        case .record(let r): self = VType(record: r)
        case .ext(let n): self = .ext(n)
        }
    }

    init(record r: RecordType) {
        var attrs: [CedarString: VAttr] = [:]
        for (k, a) in r.attributes { attrs[k] = VAttr(type: VType(a.type), required: a.required) }
        self = .record(attrs, open: false)
    }
}

/// An attribute in a record type.
struct VAttr: Hashable, Sendable {
    let type: VType
    let required: Bool
}

/// Subtyping and least upper bounds (strict or permissive).
enum TypeLattice {
    static func isSubtype(_ a: VType, _ b: VType, strict: Bool) -> Bool {
        switch (a, b) {
        case (.never, _): return true
        case (.tt, .bool), (.ff, .bool), (.tt, .tt), (.ff, .ff): return true
        case (.bool, .bool), (.long, .long), (.string, .string): return true
        case (.set(let x), .set(let y)):
            switch (x, y) {
            case (.some(let x), .some(let y)): return isSubtype(x, y, strict: strict)
            case (.some, .none), (.none, .none): return true
            case (.none, .some): return false
            }
        case (.record(let a0, let o0), .record(let a1, let o1)):
            guard !o0 || o1 else { return false }
            if o1 && !strict && attrsSubtype(a0, a1, strict: strict) { return true }
            return Set(a0.keys) == Set(a1.keys) && attrsSubtype(a0, a1, strict: strict)
        case (.entity(let l0), .entity(let l1)):
            return strict ? l0 == l1 : l0.isSubset(of: l1)
        case (.anyEntity, .anyEntity): return true
        case (.entity, .anyEntity): return !strict
        case (.ext(let x), .ext(let y)): return x == y
        default: return false
        }
    }

    static func attrsSubtype(_ a0: [CedarString: VAttr], _ a1: [CedarString: VAttr], strict: Bool) -> Bool {
        a1.allSatisfy { k, t1 in
            guard let t0 = a0[k] else { return false }
            let q = strict ? t0.required == t1.required : (t0.required || !t1.required)
            return q && isSubtype(t0.type, t1.type, strict: strict)
        }
    }

    static func lub(_ a: VType, _ b: VType, strict: Bool) -> VType? {
        if isSubtype(a, b, strict: strict) { return b }
        if isSubtype(b, a, strict: strict) { return a }
        switch (a, b) {
        case (.tt, .ff), (.ff, .tt), (.tt, .bool), (.ff, .bool), (.bool, .tt), (.bool, .ff): return .bool
        case (.set(.none), .set), (.set, .set(.none)): return .set(nil)
        case (.set(.some(let x)), .set(.some(let y))):
            guard let e = lub(x, y, strict: strict) else { return nil }
            return .set(e)
        case (.record(let a0, let o0), .record(let a1, let o1)):
            var attrs: [CedarString: VAttr] = [:]
            if strict && Set(a0.keys) != Set(a1.keys) { return nil }
            for (k, t0) in a0 {
                guard let t1 = a1[k] else { continue }
                guard let l = lub(t0.type, t1.type, strict: strict) else {
                    if strict { return nil }
                    continue
                }
                if strict && t0.required != t1.required { return nil }
                attrs[k] = VAttr(type: l, required: t0.required && t1.required)
            }
            let open = o0 || o1 || Set(attrs.keys) != Set(a0.keys).union(a1.keys)
            return .record(attrs, open: open)
        case (.entity(let l0), .entity(let l1)):
            if strict && l0 != l1 { return nil }
            return .entity(l0.union(l1))
        case (.anyEntity, .entity), (.entity, .anyEntity):
            return strict ? nil : .anyEntity
        default:
            return nil
        }
    }

    static func areDisjoint(_ a: VType, _ b: VType) -> Bool {
        if case .entity(let l0) = a, case .entity(let l1) = b { return l0.isDisjoint(with: l1) }
        return false
    }
}
