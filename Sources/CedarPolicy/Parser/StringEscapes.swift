/// Processing of escape sequences in Cedar string literals and `like` patterns.
enum StringEscapes {
    enum Failure: Error { case invalid(String) }

    /// Unescapes a string literal body; with `pattern` true, `\*` yields a literal star and an
    /// unescaped `*` yields a wildcard.
    static func unescape(_ raw: [Unicode.Scalar], pattern: Bool) -> Result<[PatternElem], Failure> {
        var out: [PatternElem] = []
        var i = 0
        func hex(_ c: Unicode.Scalar) -> UInt32? {
            switch c {
            case "0"..."9": return c.value - 48
            case "a"..."f": return c.value - 87
            case "A"..."F": return c.value - 55
            default: return nil
            }
        }
        while i < raw.count {
            let c = raw[i]
            if c == "*" && pattern { out.append(.wildcard); i += 1; continue }
            if c != "\\" { out.append(.literal(c)); i += 1; continue }
            guard i + 1 < raw.count else { return .failure(.invalid("trailing backslash")) }
            let e = raw[i + 1]
            i += 2
            switch e {
            case "n": out.append(.literal("\n"))
            case "r": out.append(.literal("\r"))
            case "t": out.append(.literal("\t"))
            case "\\": out.append(.literal("\\"))
            case "0": out.append(.literal("\0"))
            case "'": out.append(.literal("'"))
            case "\"": out.append(.literal("\""))
            case "*" where pattern: out.append(.literal("*"))
            case "x":
                guard i + 1 < raw.count, let h = hex(raw[i]), let l = hex(raw[i + 1]) else {
                    return .failure(.invalid("invalid \\x escape"))
                }
                let v = h * 16 + l
                guard v <= 0x7F, let sc = Unicode.Scalar(v) else { return .failure(.invalid("\\x escape above 0x7F")) }
                out.append(pattern && sc == "*" ? .wildcard : .literal(sc))
                i += 2
            case "u":
                guard i < raw.count, raw[i] == "{" else { return .failure(.invalid("invalid \\u escape")) }
                var j = i + 1
                var v: UInt32 = 0
                var n = 0
                while j < raw.count, let h = hex(raw[j]) {
                    v = v &* 16 &+ h
                    n += 1
                    j += 1
                    if n > 6 { return .failure(.invalid("too many digits in \\u escape")) }
                }
                guard n >= 1, j < raw.count, raw[j] == "}", let sc = Unicode.Scalar(v) else {
                    return .failure(.invalid("invalid \\u escape"))
                }
                out.append(pattern && sc == "*" ? .wildcard : .literal(sc))
                i = j + 1
            default:
                return .failure(.invalid("unknown escape `\\\(e)`"))
            }
        }
        return .success(out)
    }

    /// Unescapes a plain string literal.
    static func unescapeString(_ raw: [Unicode.Scalar]) -> String? {
        guard case .success(let elems) = unescape(raw, pattern: false) else { return nil }
        var s = String.UnicodeScalarView()
        for e in elems { if case .literal(let c) = e { s.append(c) } }
        return String(s)
    }
}
