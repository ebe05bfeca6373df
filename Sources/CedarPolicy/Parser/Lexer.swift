/// Splits Cedar text into tokens, tracking line and column.
struct Lexer {
    static func tokenize(_ text: String) throws(ParseError) -> [Token] {
        let s = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var i = 0
        var line = 1
        var lineStart = 0
        func isIdentStart(_ c: Unicode.Scalar) -> Bool {
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
        }
        func isIdentChar(_ c: Unicode.Scalar) -> Bool { isIdentStart(c) || (c >= "0" && c <= "9") }
        while i < s.count {
            let c = s[i]
            let col = i - lineStart + 1
            if c == "\n" { line += 1; i += 1; lineStart = i; continue }
            if c == " " || c == "\t" || c == "\r" || c == "\u{0B}" || c == "\u{0C}" { i += 1; continue }
            if c == "/" && i + 1 < s.count && s[i + 1] == "/" {
                while i < s.count && s[i] != "\n" { i += 1 }
                continue
            }
            if isIdentStart(c) {
                var j = i
                var name = ""
                while j < s.count && isIdentChar(s[j]) { name.unicodeScalars.append(s[j]); j += 1 }
                tokens.append(Token(kind: .ident(name), line: line, column: col))
                i = j
                continue
            }
            if c >= "0" && c <= "9" {
                var j = i
                var digits = ""
                while j < s.count && s[j] >= "0" && s[j] <= "9" { digits.unicodeScalars.append(s[j]); j += 1 }
                tokens.append(Token(kind: .int(digits), line: line, column: col))
                i = j
                continue
            }
            if c == "\"" {
                var j = i + 1
                var raw: [Unicode.Scalar] = []
                var closed = false
                while j < s.count {
                    let d = s[j]
                    if d == "\\" {
                        raw.append(d)
                        if j + 1 < s.count { raw.append(s[j + 1]) }
                        j += 2
                        continue
                    }
                    if d == "\"" { closed = true; j += 1; break }
                    if d == "\n" { line += 1; lineStart = j + 1 }
                    raw.append(d)
                    j += 1
                }
                guard closed else {
                    throw ParseError(
                        .invalidToken, "unterminated string literal", line: line, column: col,
                        help: "close the string with a double quote")
                }
                tokens.append(Token(kind: .string(raw), line: line, column: col))
                i = j
                continue
            }
            if c == "?" {
                var j = i + 1
                var name = ""
                while j < s.count && isIdentChar(s[j]) { name.unicodeScalars.append(s[j]); j += 1 }
                if !name.isEmpty {
                    tokens.append(Token(kind: .slot(name), line: line, column: col))
                    i = j
                    continue
                }
                tokens.append(Token(kind: .punct("?"), line: line, column: col))
                i += 1
                continue
            }
            let two: String = i + 1 < s.count ? String(String.UnicodeScalarView([c, s[i + 1]])) : ""
            if ["==", "!=", "<=", ">=", "&&", "||", "::"].contains(two) {
                tokens.append(Token(kind: .punct(two), line: line, column: col))
                i += 2
                continue
            }
            let one = String(c)
            if ["(", ")", "[", "]", "{", "}", ",", ";", ".", ":", "@", "<", ">", "!", "-", "+", "*", "="].contains(one) {
                tokens.append(Token(kind: .punct(one), line: line, column: col))
                i += 1
                continue
            }
            throw ParseError(
                .invalidToken, "invalid character `\(escapeCedarString(one))`", line: line, column: col,
                help: "remove the character or put it inside a string literal")
        }
        tokens.append(Token(kind: .eof, line: line, column: s.count - lineStart + 1))
        return tokens
    }
}
