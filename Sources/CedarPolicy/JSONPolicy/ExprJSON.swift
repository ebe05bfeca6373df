/// Conversion of expressions to and from the Cedar JSON policy format (EST).
enum ExprJSON {
    static let binaryKeys: [String: BinaryOp] = [
        "==": .eq, "!=": .neq, "<": .lt, "<=": .le, ">": .gt, ">=": .ge, "+": .add, "-": .sub, "*": .mul,
        "in": .in, "contains": .contains, "containsAll": .containsAll, "containsAny": .containsAny,
        "hasTag": .hasTag, "getTag": .getTag,
    ]

    static func lr(_ l: JSONValue, _ r: JSONValue) -> JSONValue { .object([("left", l), ("right", r)]) }

    static func entityJSON(_ u: EntityUID) -> JSONValue {
        .object([("type", .string(u.type.value)), ("id", .string(u.id.value))])
    }

    /// JSON form of a value as used inside `{"Value": …}` and entity data.
    static func valueJSON(_ v: Value) -> JSONValue {
        switch v {
        case .bool(let b): return .bool(b)
        case .long(let l): return .int(l)
        case .string(let s): return .string(s.value)
        case .entity(let u): return .object([("__entity", entityJSON(u))])
        case .set(let s): return .array(s.map(valueJSON).sorted { $0.serialized < $1.serialized })
        case .record(let r): return .object(r.sorted { $0.key < $1.key }.map { ($0.key.value, valueJSON($0.value)) })
        case .ext(let e):
            let (fn, arg): (String, String)
            switch e {
            case .decimal(let d): (fn, arg) = ("decimal", d.description)
            case .ipaddr(let ip): (fn, arg) = ("ip", ip.description)
            case .datetime(let ms): (fn, arg) = ("datetime", CedarDateTime.formatDatetime(ms))
            case .duration(let ms): (fn, arg) = ("duration", CedarDateTime.formatDuration(ms))
            }
            return .object([("__extn", .object([("fn", .string(fn)), ("arg", .string(arg))]))])
        }
    }

    static func toJSON(_ e: Expr) -> JSONValue {
        switch e {
        case .lit(let v): return .object([("Value", valueJSON(v))])
        case .variable(let v): return .object([("Var", .string(v.rawValue))])
        case .slot(let s): return .object([("Slot", .string(s.rawValue))])
        case .ite(let c, let t, let f):
            return .object([("if-then-else", .object([("if", toJSON(c)), ("then", toJSON(t)), ("else", toJSON(f))]))])
        case .and(.isType(let x, let t), .binary(.in, let y, let r)) where x == y:
            return .object([("is", .object([("left", toJSON(x)), ("entity_type", .string(t.value)), ("in", toJSON(r))]))])
        case .and(let l, let r): return .object([("&&", lr(toJSON(l), toJSON(r)))])
        case .or(let l, let r): return .object([("||", lr(toJSON(l), toJSON(r)))])
        case .not(let a): return .object([("!", .object([("arg", toJSON(a))]))])
        case .neg(let a): return .object([("neg", .object([("arg", toJSON(a))]))])
        case .isEmpty(let a): return .object([("isEmpty", .object([("arg", toJSON(a))]))])
        case .binary(let op, let l, let r): return .object([(op.rawValue, lr(toJSON(l), toJSON(r)))])
        case .getAttr(let a, let k): return .object([(".", .object([("left", toJSON(a)), ("attr", .string(k.value))]))])
        case .hasAttr(let a, let k): return .object([("has", .object([("left", toJSON(a)), ("attr", .string(k.value))]))])
        case .like(let a, let pat):
            let elems: [JSONValue] = pat.map {
                switch $0 {
                case .wildcard: return .string("Wildcard")
                case .literal(let c): return .object([("Literal", .string(String(c)))])
                }
            }
            return .object([("like", .object([("left", toJSON(a)), ("pattern", .array(elems))]))])
        case .isType(let a, let t):
            return .object([("is", .object([("left", toJSON(a)), ("entity_type", .string(t.value))]))])
        case .set(let items): return .object([("Set", .array(items.map(toJSON)))])
        case .record(let fields): return .object([("Record", .object(fields.map { ($0.key.value, toJSON($0.value)) }))])
        case .call(let name, let args): return .object([(name, .array(args.map(toJSON)))])
        }
    }

    static func fail(_ msg: String) -> ParseError {
        ParseError(.invalidJSON, msg, line: 0, column: 0, help: "see the Cedar JSON policy format (EST)")
    }

    static func field(_ j: JSONValue, _ k: String) throws(ParseError) -> JSONValue {
        guard let v = j[k] else { throw fail("missing field `\(k)`") }
        return v
    }

    static func string(_ j: JSONValue, _ k: String) throws(ParseError) -> String {
        guard let s = try field(j, k).stringValue else { throw fail("field `\(k)` must be a string") }
        return s
    }

    /// Converts a JSON value inside `{"Value": …}` into an expression.
    static func valueExpr(_ j: JSONValue, _ depth: Int) throws(ParseError) -> Expr {
        guard depth < 200 else { throw fail("value nesting too deep") }
        switch j {
        case .bool(let b): return .lit(.bool(b))
        case .int(let i): return .lit(.long(i))
        case .string(let s): return .lit(.string(CedarString(s)))
        case .array(let items):
            var out: [Expr] = []
            for i in items { out.append(try valueExpr(i, depth + 1)) }
            return .set(out)
        case .object(let members):
            if members.count == 1, members[0].0 == "__entity" {
                do { return .lit(.entity(try ValueDecoder.entityUID(j))) } catch { throw fail(error.message) }
            }
            if members.count == 1, members[0].0 == "__extn" {
                let body = members[0].1
                let fn = try string(body, "fn")
                if let arg = body["arg"] { return .call(fn, [try valueExpr(arg, depth + 1)]) }
                guard case .array(let args)? = body["args"] else { throw fail("`__extn` requires `arg` or `args`") }
                var out: [Expr] = []
                for a in args { out.append(try valueExpr(a, depth + 1)) }
                return .call(fn, out)
            }
            var fields: [RecordField] = []
            for (k, v) in members { fields.append(RecordField(key: CedarString(k), value: try valueExpr(v, depth + 1))) }
            return .record(fields)
        case .null, .number: throw fail("invalid literal value \(j.serialized)")
        }
    }

    static func fromJSON(_ j: JSONValue, _ depth: Int = 0) throws(ParseError) -> Expr {
        guard depth < 200 else { throw fail("expression nesting too deep") }
        guard case .object(let members) = j, members.count == 1 else { throw fail("an expression must be an object with one key") }
        let (key, body) = members[0]
        let d = depth + 1
        func sub(_ k: String) throws(ParseError) -> Expr { try fromJSON(try field(body, k), d) }
        switch key {
        case "Value": return try valueExpr(body, d)
        case "Var":
            guard let s = body.stringValue, let v = Var(rawValue: s) else { throw fail("unknown variable") }
            return .variable(v)
        case "Slot":
            guard let s = body.stringValue, let v = SlotID(rawValue: s) else { throw fail("unknown slot") }
            return .slot(v)
        case "!": return .not(try sub("arg"))
        case "neg": return .neg(try sub("arg"))
        case "isEmpty": return .isEmpty(try sub("arg"))
        case "&&": return .and(try sub("left"), try sub("right"))
        case "||": return .or(try sub("left"), try sub("right"))
        case ".": return .getAttr(try sub("left"), CedarString(try string(body, "attr")))
        case "has": return .hasAttr(try sub("left"), CedarString(try string(body, "attr")))
        case "if-then-else": return .ite(try sub("if"), try sub("then"), try sub("else"))
        case "like":
            guard case .array(let items) = try field(body, "pattern") else { throw fail("`pattern` must be an array") }
            var pat: [PatternElem] = []
            for i in items {
                if i.stringValue == "Wildcard" { pat.append(.wildcard); continue }
                guard let lit = i["Literal"]?.stringValue else { throw fail("invalid pattern element") }
                pat.append(contentsOf: lit.unicodeScalars.map { .literal($0) })
            }
            return .like(try sub("left"), pat)
        case "is":
            let left = try sub("left")
            let t = CedarString(try string(body, "entity_type"))
            if let inJ = body["in"] { return .and(.isType(left, t), .binary(.in, left, try fromJSON(inJ, d))) }
            return .isType(left, t)
        case "Set":
            guard case .array(let items) = body else { throw fail("`Set` must be an array") }
            var out: [Expr] = []
            for i in items { out.append(try fromJSON(i, d)) }
            return .set(out)
        case "Record":
            guard case .object(let fs) = body else { throw fail("`Record` must be an object") }
            var fields: [RecordField] = []
            for (k, v) in fs { fields.append(RecordField(key: CedarString(k), value: try fromJSON(v, d))) }
            return .record(fields)
        default:
            if let op = binaryKeys[key] { return .binary(op, try sub("left"), try sub("right")) }
            guard ExtensionFunctions.arity(key) != nil else { throw fail("unknown expression kind `\(key)`") }
            guard case .array(let items) = body else { throw fail("arguments of `\(key)` must be an array") }
            var args: [Expr] = []
            for i in items { args.append(try fromJSON(i, d)) }
            return .call(key, args)
        }
    }
}
