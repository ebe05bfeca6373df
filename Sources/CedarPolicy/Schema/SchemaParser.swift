/// Parser for the human-readable Cedar schema syntax into unresolved declarations.
struct SchemaParser {
    indirect enum RawType {
        case path([String])
        case set(RawType)
        case record([RawAttr])
    }

    struct RawAttr {
        let name: String
        let required: Bool
        let type: RawType
    }

    struct RawEntity {
        let names: [String]
        let memberOf: [[String]]
        let shape: [RawAttr]
        let tags: RawType?
        let enumIDs: [String]?
    }

    /// Reference to an action: optional type path and the action name.
    struct RawActionRef {
        let path: [String]?
        let name: String
    }

    struct RawAction {
        let names: [String]
        let memberOf: [RawActionRef]
        let principals: [[String]]?
        let resources: [[String]]?
        let context: RawType?
        let hasAppliesTo: Bool
    }

    struct RawNamespace {
        var path: [String]
        var entities: [RawEntity] = []
        var actions: [RawAction] = []
        var commonTypes: [(String, RawType)] = []
    }

    var tokens: [Token]
    var pos = 0
    var depth = 0

    init(tokens: [Token]) { self.tokens = tokens }

    var peek: Token { tokens[min(pos, tokens.count - 1)] }
    func peekAt(_ k: Int) -> Token { tokens[min(pos + k, tokens.count - 1)] }
    mutating func advance() -> Token {
        let t = peek
        if pos < tokens.count - 1 { pos += 1 }
        return t
    }
    func isPunct(_ p: String) -> Bool { peek.kind == .punct(p) }
    func isIdent(_ s: String) -> Bool { peek.kind == .ident(s) }

    func unexpected(_ expected: String) -> ParseError {
        ParseError(
            .invalidSchema, "unexpected \(peek.describe), expected \(expected)", line: peek.line,
            column: peek.column, help: "check the Cedar schema grammar near this position")
    }

    mutating func expect(_ p: String) throws(ParseError) {
        guard isPunct(p) else { throw unexpected("`\(p)`") }
        _ = advance()
    }

    mutating func ident() throws(ParseError) -> String {
        guard case .ident(let s) = peek.kind else { throw unexpected("an identifier") }
        _ = advance()
        return s
    }

    mutating func string() throws(ParseError) -> String {
        let t = peek
        guard case .string(let raw) = t.kind else { throw unexpected("a string literal") }
        _ = advance()
        guard let s = StringEscapes.unescapeString(raw) else {
            throw ParseError(
                .invalidEscape, "invalid escape in string literal", line: t.line, column: t.column,
                help: "fix the escape sequence")
        }
        return s
    }

    mutating func name() throws(ParseError) -> String {
        if case .string = peek.kind { return try string() }
        return try ident()
    }

    mutating func path() throws(ParseError) -> [String] {
        var parts = [try ident()]
        while isPunct("::"), case .ident = peekAt(1).kind {
            _ = advance()
            parts.append(try ident())
        }
        return parts
    }

    mutating func skipAnnotations() throws(ParseError) {
        while isPunct("@") {
            _ = advance()
            _ = try ident()
            if isPunct("(") {
                _ = advance()
                _ = try string()
                try expect(")")
            }
        }
    }

    mutating func parseSchema() throws(ParseError) -> [RawNamespace] {
        var result: [RawNamespace] = []
        var root = RawNamespace(path: [])
        while peek.kind != .eof {
            try skipAnnotations()
            if isIdent("namespace") {
                _ = advance()
                var ns = RawNamespace(path: try path())
                try expect("{")
                while !isPunct("}") {
                    try skipAnnotations()
                    try parseDecl(into: &ns)
                }
                try expect("}")
                result.append(ns)
            } else {
                try parseDecl(into: &root)
            }
        }
        result.insert(root, at: 0)
        return result
    }

    mutating func parseDecl(into ns: inout RawNamespace) throws(ParseError) {
        if isIdent("entity") {
            _ = advance()
            var names = [try ident()]
            while isPunct(",") { _ = advance(); names.append(try ident()) }
            if isIdent("enum") {
                _ = advance()
                try expect("[")
                var ids: [String] = []
                while !isPunct("]") {
                    ids.append(try string())
                    if isPunct(",") { _ = advance() } else { break }
                }
                try expect("]")
                try expect(";")
                ns.entities.append(RawEntity(names: names, memberOf: [], shape: [], tags: nil, enumIDs: ids))
                return
            }
            var memberOf: [[String]] = []
            if isIdent("in") {
                _ = advance()
                memberOf = try typeList()
            }
            var shape: [RawAttr] = []
            if isPunct("=") { _ = advance() }
            if isPunct("{") { shape = try recordBody() }
            var tags: RawType?
            if isIdent("tags") {
                _ = advance()
                tags = try type()
            }
            try expect(";")
            ns.entities.append(RawEntity(names: names, memberOf: memberOf, shape: shape, tags: tags, enumIDs: nil))
        } else if isIdent("action") {
            _ = advance()
            var names = [try name()]
            while isPunct(",") { _ = advance(); names.append(try name()) }
            var memberOf: [RawActionRef] = []
            if isIdent("in") {
                _ = advance()
                if isPunct("[") {
                    _ = advance()
                    while !isPunct("]") {
                        memberOf.append(try actionRef())
                        if isPunct(",") { _ = advance() } else { break }
                    }
                    try expect("]")
                } else {
                    memberOf.append(try actionRef())
                }
            }
            var principals: [[String]]?, resources: [[String]]?, context: RawType?
            var hasAppliesTo = false
            if isIdent("appliesTo") {
                _ = advance()
                hasAppliesTo = true
                try expect("{")
                var seenKeys: Set<String> = []
                while !isPunct("}") {
                    let keyTok = peek
                    let key = try ident()
                    try expect(":")
                    if !seenKeys.insert(key).inserted {
                        throw ParseError(
                            .invalidSchema, "duplicate `\(key)` declaration in `appliesTo`", line: keyTok.line,
                            column: keyTok.column, help: "declare each of principal, resource and context once")
                    }
                    switch key {
                    case "principal": principals = try typeList()
                    case "resource": resources = try typeList()
                    case "context": context = try type()
                    default: throw unexpected("`principal`, `resource` or `context`")
                    }
                    if isPunct(",") { _ = advance() } else { break }
                }
                try expect("}")
                guard let p = principals, let r = resources, !p.isEmpty, !r.isEmpty else {
                    throw ParseError(
                        .invalidSchema, "`appliesTo` must declare non-empty `principal` and `resource` lists",
                        line: peek.line, column: peek.column, help: "add `principal: [...]` and `resource: [...]`")
                }
            }
            try expect(";")
            ns.actions.append(
                RawAction(
                    names: names, memberOf: memberOf, principals: principals,
                    resources: resources, context: context, hasAppliesTo: hasAppliesTo))
        } else if isIdent("type") {
            _ = advance()
            let n = try ident()
            try expect("=")
            let t = try type()
            try expect(";")
            ns.commonTypes.append((n, t))
        } else {
            throw unexpected("`entity`, `action`, `type` or `namespace`")
        }
    }

    mutating func actionRef() throws(ParseError) -> RawActionRef {
        if case .string = peek.kind { return RawActionRef(path: nil, name: try string()) }
        let p = try path()
        if isPunct("::") {
            _ = advance()
            return RawActionRef(path: p, name: try string())
        }
        guard p.count == 1 else { throw unexpected("an action name") }
        return RawActionRef(path: nil, name: p[0])
    }

    mutating func typeList() throws(ParseError) -> [[String]] {
        if isPunct("[") {
            _ = advance()
            var list: [[String]] = []
            while !isPunct("]") {
                list.append(try path())
                if isPunct(",") { _ = advance() } else { break }
            }
            try expect("]")
            return list
        }
        return [try path()]
    }

    mutating func type() throws(ParseError) -> RawType {
        depth += 1
        defer { depth -= 1 }
        guard depth < 128 else { throw unexpected("a less deeply nested type") }
        if isPunct("{") { return .record(try recordBody()) }
        let p = try path()
        if p == ["Set"] && isPunct("<") {
            _ = advance()
            let inner = try type()
            try expect(">")
            return .set(inner)
        }
        return .path(p)
    }

    mutating func recordBody() throws(ParseError) -> [RawAttr] {
        try expect("{")
        var attrs: [RawAttr] = []
        while !isPunct("}") {
            try skipAnnotations()
            let n = try name()
            var required = true
            if isPunct("?") { _ = advance(); required = false }
            try expect(":")
            attrs.append(RawAttr(name: n, required: required, type: try type()))
            if isPunct(",") { _ = advance() } else { break }
        }
        try expect("}")
        return attrs
    }
}
