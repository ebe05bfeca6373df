/// Renders policies and expressions as Cedar text that parses back to the same AST.
public enum PolicyFormatter {
    /// Formats a whole policy set (templates after static policies), one blank line apart.
    public static func format(_ set: PolicySet) -> String {
        let linked = Set(set.links.map(\.newID))
        var all = set.policies.filter { !linked.contains($0.id) }
        all.append(contentsOf: set.templates.values)
        all.sort { idOrder($0.id, $1.id) }
        return all.map(format).joined(separator: "\n\n") + (all.isEmpty ? "" : "\n")
    }

    static func idOrder(_ a: String, _ b: String) -> Bool {
        if a.hasPrefix("policy"), b.hasPrefix("policy"), let x = Int(a.dropFirst(6)), let y = Int(b.dropFirst(6)) {
            return x < y
        }
        return a < b
    }

    /// Formats one policy.
    public static func format(_ p: Policy) -> String {
        var out = ""
        for a in p.annotations {
            out += "@\(a.key)"
            if let v = a.value { out += "(\"\(escapeCedarString(v))\")" }
            out += "\n"
        }
        out += "\(p.effect.rawValue) (\n  \(scope("principal", p.principal)),\n  \(action(p.action)),\n  \(scope("resource", p.resource))\n)"
        for c in p.conditions {
            out += "\n\(c.isWhen ? "when" : "unless") { \(format(c.body)) }"
        }
        return out + ";"
    }

    static func ref(_ r: EntityReference) -> String {
        switch r {
        case .entity(let u): return u.description
        case .slot(let s): return s.rawValue
        }
    }

    static func scope(_ v: String, _ c: ScopeConstraint) -> String {
        switch c {
        case .any: return v
        case .eq(let r): return "\(v) == \(ref(r))"
        case .in(let r): return "\(v) in \(ref(r))"
        case .isType(let t): return "\(v) is \(t.value)"
        case .isTypeIn(let t, let r): return "\(v) is \(t.value) in \(ref(r))"
        }
    }

    static func action(_ c: ActionConstraint) -> String {
        switch c {
        case .any: return "action"
        case .eq(let u): return "action == \(u)"
        case .inEntity(let u): return "action in \(u)"
        case .in(let us): return "action in [" + us.map(\.description).joined(separator: ", ") + "]"
        }
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, !PolicyParser.reserved.contains(s) else { return false }
        func ok(_ c: Unicode.Scalar, _ digits: Bool) -> Bool {
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" || (digits && c >= "0" && c <= "9")
        }
        return ok(first, false) && s.unicodeScalars.allSatisfy { ok($0, true) }
    }

    static func quote(_ s: String) -> String { "\"\(escapeCedarString(s))\"" }

    /// Formats an expression.
    public static func format(_ e: Expr) -> String { render(e, 0) }

    static func level(_ e: Expr) -> Int {
        switch e {
        case .ite: return 0
        case .or: return 1
        case .and(.isType(let x, _), .binary(.in, let y, _)) where x == y: return 3
        case .and: return 2
        case .binary(let op, _, _):
            switch op {
            case .eq, .neq, .lt, .le, .gt, .ge, .in: return 3
            case .add, .sub: return 4
            case .mul: return 5
            default: return 7
            }
        case .hasAttr, .like, .isType: return 3
        case .not, .neg: return 6
        case .lit(.long(let n)) where n < 0: return 6
        default: return 7
        }
    }

    static func render(_ e: Expr, _ min: Int) -> String {
        let text = body(e)
        return level(e) < min ? "(\(text))" : text
    }

    static func body(_ e: Expr) -> String {
        switch e {
        case .lit(let v):
            switch v {
            case .bool(let b): return b ? "true" : "false"
            case .long(let n): return String(n)
            case .string(let s): return quote(s.value)
            case .entity(let u): return u.description
            case .set(let s): return "[" + s.map { body(.lit($0)) }.sorted().joined(separator: ", ") + "]"
            case .record(let r):
                return "{" + r.sorted { $0.key < $1.key }.map { "\(quote($0.key.value)): \(body(.lit($0.value)))" }.joined(separator: ", ") + "}"
            case .ext(let x): return Value.ext(x).description
            }
        case .variable(let v): return v.rawValue
        case .slot(let s): return s.rawValue
        case .ite(let c, let t, let f): return "if \(render(c, 0)) then \(render(t, 0)) else \(render(f, 0))"
        case .or(let l, let r): return "\(render(l, 1)) || \(render(r, 2))"
        case .and(.isType(let x, let t), .binary(.in, let y, let r)) where x == y:
            return "\(render(x, 4)) is \(t.value) in \(render(r, 4))"
        case .and(let l, let r): return "\(render(l, 2)) && \(render(r, 3))"
        case .not(let a): return "!" + render(a, 7)
        case .neg(.lit(.long(let n))) where n >= 0: return "-(\(n))"
        case .neg(let a): return "-" + render(a, 7)
        case .binary(let op, let l, let r):
            switch op {
            case .eq, .neq, .lt, .le, .gt, .ge, .in: return "\(render(l, 4)) \(op.rawValue) \(render(r, 4))"
            case .add, .sub: return "\(render(l, 4)) \(op.rawValue) \(render(r, 5))"
            case .mul: return "\(render(l, 5)) * \(render(r, 6))"
            default: return "\(render(l, 7)).\(op.rawValue)(\(render(r, 0)))"
            }
        case .getAttr(let a, let k):
            return render(a, 7) + (isIdentifier(k.value) ? ".\(k.value)" : "[\(quote(k.value))]")
        case .hasAttr(let a, let k):
            return "\(render(a, 4)) has " + (isIdentifier(k.value) ? k.value : quote(k.value))
        case .like(let a, let pat):
            var s = ""
            for p in pat {
                switch p {
                case .wildcard: s += "*"
                case .literal(let c): s += c == "*" ? "\\*" : escapeCedarString(String(c))
                }
            }
            return "\(render(a, 4)) like \"\(s)\""
        case .isType(let a, let t): return "\(render(a, 4)) is \(t.value)"
        case .isEmpty(let a): return render(a, 7) + ".isEmpty()"
        case .set(let items): return "[" + items.map { render($0, 0) }.joined(separator: ", ") + "]"
        case .record(let fields):
            return "{" + fields.map { "\(quote($0.key.value)): \(render($0.value, 0))" }.joined(separator: ", ") + "}"
        case .call(let name, let args):
            if ExtensionFunctions.constructors.contains(name) {
                return "\(name)(" + args.map { render($0, 0) }.joined(separator: ", ") + ")"
            }
            guard let recv = args.first else { return "\(name)()" }
            return render(recv, 7) + ".\(name)(" + args.dropFirst().map { render($0, 0) }.joined(separator: ", ") + ")"
        }
    }
}
