/// Recursive-descent parser for Cedar policy text.
struct PolicyParser {
    var tokens: [Token]
    var pos = 0
    var depth = 0
    static let maxDepth = 200
    static let reserved: Set<String> = ["true", "false", "if", "then", "else", "in", "is", "like", "has", "__cedar"]

    init(tokens: [Token]) { self.tokens = tokens }

    var peek: Token { tokens[min(pos, tokens.count - 1)] }
    func peekAt(_ k: Int) -> Token { tokens[min(pos + k, tokens.count - 1)] }

    mutating func advance() -> Token {
        let t = peek
        if pos < tokens.count - 1 { pos += 1 }
        return t
    }

    func error(_ code: ParseError.Code, _ message: String, at t: Token, help: String) -> ParseError {
        ParseError(code, message, line: t.line, column: t.column, help: help)
    }

    func unexpected(_ expected: String) -> ParseError {
        error(
            .unexpectedToken, "unexpected \(peek.describe), expected \(expected)", at: peek,
            help: "check the Cedar policy grammar near this position")
    }

    func isPunct(_ p: String) -> Bool { peek.kind == .punct(p) }
    func isIdent(_ name: String) -> Bool { peek.kind == .ident(name) }

    mutating func expectPunct(_ p: String) throws(ParseError) {
        guard isPunct(p) else { throw unexpected("`\(p)`") }
        _ = advance()
    }

    mutating func expectIdent(_ name: String) throws(ParseError) {
        guard isIdent(name) else { throw unexpected("`\(name)`") }
        _ = advance()
    }

    mutating func identifier() throws(ParseError) -> String {
        guard case .ident(let s) = peek.kind else { throw unexpected("an identifier") }
        _ = advance()
        return s
    }

    mutating func stringLiteral() throws(ParseError) -> String {
        let t = peek
        guard case .string(let raw) = t.kind else { throw unexpected("a string literal") }
        _ = advance()
        guard let s = StringEscapes.unescapeString(raw) else {
            throw error(
                .invalidEscape, "invalid escape sequence in string literal", at: t,
                help: "valid escapes are \\n \\r \\t \\\\ \\0 \\' \\\" \\xNN and \\u{...}")
        }
        return s
    }

    // MARK: Policies

    mutating func parsePolicies() throws(ParseError) -> [Policy] {
        var result: [Policy] = []
        while peek.kind != .eof {
            var p = try parsePolicy()
            p.id = "policy\(result.count)"
            result.append(p)
        }
        return result
    }

    mutating func parsePolicy() throws(ParseError) -> Policy {
        let start = peek
        var annotations: [(key: String, value: String?)] = []
        while isPunct("@") {
            _ = advance()
            let keyTok = peek
            let key = try identifier()
            var value: String?
            if isPunct("(") {
                _ = advance()
                value = try stringLiteral()
                try expectPunct(")")
            }
            if annotations.contains(where: { $0.key == key }) {
                throw error(
                    .duplicateAnnotation, "duplicate annotation `@\(key)`", at: keyTok,
                    help: "each annotation key may appear at most once per policy")
            }
            annotations.append((key, value))
        }
        let effectTok = peek
        let effect: Effect
        if isIdent("permit") {
            effect = .permit
        } else if isIdent("forbid") {
            effect = .forbid
        } else {
            throw error(
                .unexpectedToken, "unexpected \(peek.describe), expected `permit` or `forbid`", at: effectTok,
                help: "a policy starts with `permit` or `forbid`, optionally preceded by annotations")
        }
        _ = advance()
        try expectPunct("(")
        try expectIdent("principal")
        let principal = try parseScope(.principal)
        try expectPunct(",")
        try expectIdent("action")
        let action = try parseActionScope()
        try expectPunct(",")
        try expectIdent("resource")
        let resource = try parseScope(.resource)
        if isPunct(",") { _ = advance() }
        try expectPunct(")")
        var conditions: [Condition] = []
        while isIdent("when") || isIdent("unless") {
            let isWhen = isIdent("when")
            _ = advance()
            try expectPunct("{")
            if isPunct("}") { throw unexpected("an expression") }
            let body = try parseExpr()
            try expectPunct("}")
            conditions.append(Condition(isWhen: isWhen, body: body))
        }
        guard isPunct(";") else {
            throw error(
                .unexpectedToken, "unexpected \(peek.describe), expected `;`", at: peek,
                help: "end each policy with a semicolon")
        }
        _ = advance()
        var p = Policy(
            id: "", effect: effect, principal: principal, action: action, resource: resource,
            conditions: conditions, annotations: annotations)
        p.line = start.line
        p.column = start.column
        return p
    }

    mutating func parseEntityRef(_ v: Var) throws(ParseError) -> EntityReference {
        if case .slot(let name) = peek.kind {
            let t = advance()
            guard name == v.rawValue else {
                throw error(
                    .invalidScope, "invalid slot `?\(name)` in the \(v.rawValue) scope", at: t,
                    help: "only `?principal` (in the principal scope) and `?resource` (in the resource scope) are slots")
            }
            return .slot(v == .principal ? .principal : .resource)
        }
        return .entity(try parseEntityLiteral())
    }

    /// An entity type name after `is`: a path of non-reserved identifiers, joined with `::`.
    mutating func parseTypeName() throws(ParseError) -> CedarString {
        let t = peek
        let path = try parsePath()
        for part in path where PolicyParser.reserved.contains(part) {
            throw error(.reservedIdentifier, "`\(part)` is a reserved identifier", at: t, help: "use a valid type name")
        }
        return CedarString(path.joined(separator: "::"))
    }

    mutating func parsePath() throws(ParseError) -> [String] {
        var parts = [try identifier()]
        while isPunct("::"), case .ident = peekAt(1).kind {
            _ = advance()
            parts.append(try identifier())
        }
        return parts
    }

    mutating func parseEntityLiteral() throws(ParseError) -> EntityUID {
        let t = peek
        guard case .ident = t.kind else {
            throw error(
                .invalidScope, "expected an entity literal such as `User::\"alice\"`", at: t,
                help: "scope constraints compare against entity literals")
        }
        let path = try parsePath()
        try expectPunct("::")
        let id = try stringLiteral()
        for part in path where PolicyParser.reserved.contains(part) {
            throw error(.reservedIdentifier, "`\(part)` is a reserved identifier", at: t, help: "rename the entity type")
        }
        return EntityUID(type: CedarString(path.joined(separator: "::")), id: CedarString(id))
    }

    mutating func parseScope(_ v: Var) throws(ParseError) -> ScopeConstraint {
        if isPunct("==") {
            _ = advance()
            return .eq(try parseEntityRef(v))
        }
        if isIdent("in") {
            _ = advance()
            if isPunct("[") {
                throw error(
                    .invalidScope, "`\(v.rawValue) in [...]` is not allowed", at: peek,
                    help: "only the action scope accepts a list; use a `when` condition instead")
            }
            return .in(try parseEntityRef(v))
        }
        if isIdent("is") {
            _ = advance()
            let type = try parseTypeName()
            if isIdent("in") {
                _ = advance()
                return .isTypeIn(type, try parseEntityRef(v))
            }
            return .isType(type)
        }
        return .any
    }

    mutating func parseActionScope() throws(ParseError) -> ActionConstraint {
        if isPunct("==") {
            _ = advance()
            if case .slot = peek.kind {
                throw error(
                    .invalidScope, "slots are not allowed in the action scope", at: peek,
                    help: "only `?principal` and `?resource` are template slots")
            }
            return .eq(try parseEntityLiteral())
        }
        if isIdent("in") {
            _ = advance()
            if isPunct("[") {
                _ = advance()
                var list: [EntityUID] = []
                while !isPunct("]") {
                    list.append(try parseEntityLiteral())
                    if isPunct(",") { _ = advance() } else { break }
                }
                try expectPunct("]")
                return .in(list)
            }
            if case .slot = peek.kind {
                throw error(
                    .invalidScope, "slots are not allowed in the action scope", at: peek,
                    help: "only `?principal` and `?resource` are template slots")
            }
            return .inEntity(try parseEntityLiteral())
        }
        if isIdent("is") {
            throw error(
                .invalidScope, "`is` is not allowed in the action scope", at: peek,
                help: "use `action == ...` or `action in [...]`")
        }
        return .any
    }
}

/// Entry points for parsing Cedar policy text.
public enum CedarParser {
    /// Parses a policy set; policies get ids `policy0`, `policy1`, … in source order.
    public static func parsePolicies(_ text: String) throws(ParseError) -> [Policy] {
        var p = PolicyParser(tokens: try Lexer.tokenize(text))
        return try p.parsePolicies()
    }

    /// Parses a standalone Cedar expression.
    public static func parseExpression(_ text: String) throws(ParseError) -> Expr {
        var p = PolicyParser(tokens: try Lexer.tokenize(text))
        let e = try p.parseExpr()
        guard p.peek.kind == .eof else { throw p.unexpected("end of input") }
        return e
    }
}
