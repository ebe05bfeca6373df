/// Lexical token kinds of Cedar policy and schema text.
enum TokenKind: Equatable, Sendable {
    case ident(String)
    /// String literal: raw scalars between the quotes, escapes not yet processed.
    case string([Unicode.Scalar])
    /// Non-negative integer literal digits.
    case int(String)
    /// Punctuation or operator (for example `==`, `::`, `(`).
    case punct(String)
    /// `?principal` / `?resource` (or any `?ident`).
    case slot(String)
    case eof
}

/// A token with its source position.
struct Token: Sendable {
    let kind: TokenKind
    let line: Int
    let column: Int

    var describe: String {
        switch kind {
        case .ident(let s): return "`\(s)`"
        case .string: return "string literal"
        case .int(let s): return "`\(s)`"
        case .punct(let p): return "`\(p)`"
        case .slot(let s): return "`?\(s)`"
        case .eof: return "end of input"
        }
    }
}
