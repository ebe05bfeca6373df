/// Expression grammar (precedence climbing by grammar level).
extension PolicyParser {
    mutating func enter() throws(ParseError) {
        depth += 1
        if depth > PolicyParser.maxDepth {
            throw error(
                .tooDeep, "expression nesting exceeds \(PolicyParser.maxDepth) levels", at: peek,
                help: "simplify the expression")
        }
    }

    mutating func parseExpr() throws(ParseError) -> Expr {
        try enter()
        defer { depth -= 1 }
        if isIdent("if") {
            _ = advance()
            let c = try parseExpr()
            try expectIdent("then")
            let t = try parseExpr()
            try expectIdent("else")
            let e = try parseExpr()
            return .ite(c, t, e)
        }
        return try parseOr()
    }

    mutating func parseOr() throws(ParseError) -> Expr {
        var lhs = try parseAnd()
        let base = depth
        defer { depth = base }
        while isPunct("||") {
            try enter()
            _ = advance()
            lhs = .or(lhs, try parseAnd())
        }
        return lhs
    }

    mutating func parseAnd() throws(ParseError) -> Expr {
        var lhs = try parseRelation()
        let base = depth
        defer { depth = base }
        while isPunct("&&") {
            try enter()
            _ = advance()
            lhs = .and(lhs, try parseRelation())
        }
        return lhs
    }

    var relOp: BinaryOp? {
        switch peek.kind {
        case .punct("=="): return .eq
        case .punct("!="): return .neq
        case .punct("<"): return .lt
        case .punct("<="): return .le
        case .punct(">"): return .gt
        case .punct(">="): return .ge
        case .ident("in"): return .in
        default: return nil
        }
    }

    var atRelationContinuation: Bool {
        relOp != nil || isIdent("has") || isIdent("like") || isIdent("is")
    }

    mutating func checkNoChain() throws(ParseError) {
        if atRelationContinuation {
            throw error(
                .chainedOperator, "relational operators cannot be chained", at: peek,
                help: "add parentheses to make the grouping explicit")
        }
    }

    mutating func parseRelation() throws(ParseError) -> Expr {
        let lhs = try parseAdd()
        if let op = relOp {
            _ = advance()
            let rhs = try parseAdd()
            try checkNoChain()
            return .binary(op, lhs, rhs)
        }
        if isIdent("has") {
            _ = advance()
            let t = peek
            var attrs: [String] = []
            if case .string = t.kind {
                attrs.append(try stringLiteral())
            } else {
                attrs.append(try identifier())
                while isPunct("."), case .ident = peekAt(1).kind {
                    _ = advance()
                    attrs.append(try identifier())
                    if attrs.count > PolicyParser.maxDepth {
                        throw error(.tooDeep, "`has` attribute path is too long", at: t, help: "shorten the attribute path")
                    }
                }
            }
            for a in attrs where PolicyParser.reserved.contains(a) {
                if case .string = t.kind { continue }
                throw error(
                    .reservedIdentifier, "`\(a)` is a reserved identifier", at: t,
                    help: "use a string literal after `has` for this attribute name")
            }
            try checkNoChain()
            // `e has a.b.c` desugars to `e has a && e.a has b && e.a.b has c`.
            var result: Expr = .hasAttr(lhs, CedarString(attrs[0]))
            var base = lhs
            for i in 1..<attrs.count {
                base = .getAttr(base, CedarString(attrs[i - 1]))
                result = .and(result, .hasAttr(base, CedarString(attrs[i])))
            }
            return result
        }
        if isIdent("like") {
            _ = advance()
            let t = peek
            guard case .string(let raw) = t.kind else { throw unexpected("a pattern string") }
            _ = advance()
            guard case .success(let pat) = StringEscapes.unescape(raw, pattern: true) else {
                throw error(
                    .invalidEscape, "invalid escape sequence in pattern", at: t,
                    help: "use `\\*` for a literal star; other escapes follow string rules")
            }
            try checkNoChain()
            return .like(lhs, pat)
        }
        if isIdent("is") {
            _ = advance()
            let type = try parseTypeName()
            if isIdent("in") {
                _ = advance()
                let rhs = try parseAdd()
                try checkNoChain()
                return .and(.isType(lhs, type), .binary(.in, lhs, rhs))
            }
            try checkNoChain()
            return .isType(lhs, type)
        }
        return lhs
    }

    mutating func parseAdd() throws(ParseError) -> Expr {
        var lhs = try parseMult()
        let base = depth
        defer { depth = base }
        while isPunct("+") || isPunct("-") {
            try enter()
            let op: BinaryOp = isPunct("+") ? .add : .sub
            _ = advance()
            lhs = .binary(op, lhs, try parseMult())
        }
        return lhs
    }

    mutating func parseMult() throws(ParseError) -> Expr {
        var lhs = try parseUnary()
        let base = depth
        defer { depth = base }
        while isPunct("*") {
            try enter()
            _ = advance()
            lhs = .binary(.mul, lhs, try parseUnary())
        }
        return lhs
    }

    mutating func parseUnary() throws(ParseError) -> Expr {
        var ops: [String] = []
        let start = peek
        while isPunct("!") || isPunct("-") {
            if case .punct(let p) = advance().kind { ops.append(p) }
        }
        if Set(ops).count > 1 {
            throw error(
                .unexpectedToken, "`!` and `-` cannot be mixed in a chain of unary operators", at: start,
                help: "add parentheses around the inner operand")
        }
        if ops.count > 4 {
            throw error(
                .unexpectedToken, "too many unary operators (at most 4 are allowed)", at: start,
                help: "remove redundant `!` or `-` operators")
        }
        var expr: Expr
        if ops.last == "-", case .int(let digits) = peek.kind, !isAccessorAt(1) {
            // Fold the innermost negation into a bare literal so i64::MIN is expressible.
            // With accessors (`-1.foo`) the negation applies to the whole member expression.
            let t = advance()
            guard let v = Int64("-" + digits) else {
                throw error(
                    .integerTooLarge, "integer literal `-\(digits)` is out of range", at: t,
                    help: "Cedar integers are signed 64-bit")
            }
            expr = .lit(.long(v))
            ops.removeLast()
        } else {
            expr = try parseMember()
        }
        for op in ops.reversed() { expr = op == "!" ? .not(expr) : .neg(expr) }
        return expr
    }

    func isAccessorAt(_ k: Int) -> Bool {
        let kind = peekAt(k).kind
        return kind == .punct(".") || kind == .punct("[")
    }

    mutating func parseMember() throws(ParseError) -> Expr {
        try parseAccessors(try parsePrimary())
    }

    mutating func parseAccessors(_ base: Expr) throws(ParseError) -> Expr {
        var expr = base
        let startDepth = depth
        defer { depth = startDepth }
        while true {
            if isPunct(".") || isPunct("[") { try enter() }
            if isPunct(".") {
                _ = advance()
                let t = peek
                let name = try identifier()
                if isPunct("(") {
                    _ = advance()
                    let args = try parseExprList(close: ")")
                    expr = try makeMethod(name, expr, args, at: t)
                } else {
                    if PolicyParser.reserved.contains(name) {
                        throw error(
                            .reservedIdentifier, "`\(name)` is a reserved identifier", at: t,
                            help: "use index syntax, e.g. `e[\"\(name)\"]`")
                    }
                    expr = .getAttr(expr, CedarString(name))
                }
            } else if isPunct("[") {
                _ = advance()
                let key = try stringLiteral()
                try expectPunct("]")
                expr = .getAttr(expr, CedarString(key))
            } else {
                return expr
            }
        }
    }

    mutating func makeMethod(_ name: String, _ recv: Expr, _ args: [Expr], at t: Token) throws(ParseError) -> Expr {
        func arity(_ n: Int) throws(ParseError) {
            if args.count != n {
                throw error(
                    .wrongArity, "`\(name)` expects \(n) argument(s), got \(args.count)", at: t,
                    help: "check the method's signature")
            }
        }
        switch name {
        case "contains": try arity(1); return .binary(.contains, recv, args[0])
        case "containsAll": try arity(1); return .binary(.containsAll, recv, args[0])
        case "containsAny": try arity(1); return .binary(.containsAny, recv, args[0])
        case "hasTag": try arity(1); return .binary(.hasTag, recv, args[0])
        case "getTag": try arity(1); return .binary(.getTag, recv, args[0])
        case "isEmpty": try arity(0); return .isEmpty(recv)
        default:
            guard ExtensionFunctions.methods[name] != nil else {
                throw error(
                    .unknownFunction, "`\(name)` is not a valid method", at: t,
                    help: "valid methods include contains, containsAll, containsAny, isEmpty, hasTag, getTag and extension methods")
            }
            return .call(name, [recv] + args)
        }
    }

    mutating func parseExprList(close: String) throws(ParseError) -> [Expr] {
        var items: [Expr] = []
        while !isPunct(close) {
            items.append(try parseExpr())
            if isPunct(",") { _ = advance() } else { break }
        }
        try expectPunct(close)
        return items
    }

    mutating func parsePrimary() throws(ParseError) -> Expr {
        try enter()
        defer { depth -= 1 }
        let t = peek
        switch t.kind {
        case .int(let digits):
            _ = advance()
            guard let v = Int64(digits) else {
                throw error(
                    .integerTooLarge, "integer literal `\(digits)` is out of range", at: t,
                    help: "Cedar integers are signed 64-bit")
            }
            return .lit(.long(v))
        case .string:
            return .lit(.string(CedarString(try stringLiteral())))
        case .slot(let name):
            throw error(
                .unexpectedToken, "template slot `?\(name)` is not allowed in a condition", at: t,
                help: "slots may only appear in the principal and resource scope constraints")
        case .punct("("):
            _ = advance()
            let e = try parseExpr()
            try expectPunct(")")
            return e
        case .punct("["):
            _ = advance()
            return .set(try parseExprList(close: "]"))
        case .punct("{"):
            _ = advance()
            return try parseRecord()
        case .ident(let name):
            switch name {
            case "true": _ = advance(); return .lit(.bool(true))
            case "false": _ = advance(); return .lit(.bool(false))
            case "principal", "action", "resource", "context":
                if peekAt(1).kind != .punct("::") {
                    _ = advance()
                    return .variable(Var(rawValue: name) ?? .principal)
                }
            default: break
            }
            let path = try parsePath()
            for part in path where PolicyParser.reserved.contains(part) {
                throw error(
                    .reservedIdentifier, "`\(part)` is a reserved identifier", at: t,
                    help: "reserved words cannot be used as names")
            }
            if isPunct("::") {
                _ = advance()
                let id = try stringLiteral()
                return .lit(.entity(EntityUID(type: CedarString(path.joined(separator: "::")), id: CedarString(id))))
            }
            if isPunct("(") {
                _ = advance()
                let args = try parseExprList(close: ")")
                let fname = path.joined(separator: "::")
                guard path.count == 1, ExtensionFunctions.constructors.contains(fname) else {
                    throw error(
                        .unknownFunction, "`\(fname)` is not a valid function", at: t,
                        help: "valid functions are decimal, ip, datetime and duration")
                }
                return .call(fname, args)
            }
            throw error(
                .unexpectedToken, "unexpected identifier `\(path.joined(separator: "::"))`", at: t,
                help: "variables are principal, action, resource and context; entity literals look like `Type::\"id\"`")
        default:
            throw unexpected("an expression")
        }
    }

    mutating func parseRecord() throws(ParseError) -> Expr {
        var fields: [RecordField] = []
        var seen = Set<CedarString>()
        while !isPunct("}") {
            let t = peek
            let key: String
            switch t.kind {
            case .string: key = try stringLiteral()
            case .ident(let name):
                if PolicyParser.reserved.contains(name) {
                    throw error(
                        .reservedIdentifier, "`\(name)` is a reserved identifier", at: t,
                        help: "quote the record key")
                }
                _ = advance()
                key = name
            default: throw unexpected("a record key")
            }
            try expectPunct(":")
            let value = try parseExpr()
            let k = CedarString(key)
            if seen.contains(k) {
                throw error(
                    .duplicateKey, "duplicate key `\(key)` in record literal", at: t,
                    help: "each record key may appear only once")
            }
            seen.insert(k)
            fields.append(RecordField(key: k, value: value))
            if isPunct(",") { _ = advance() } else { break }
        }
        try expectPunct("}")
        return .record(fields)
    }
}
