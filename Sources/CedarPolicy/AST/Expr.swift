/// The four request variables.
public enum Var: String, Sendable, Hashable {
    case principal, action, resource, context
}

/// Template slots.
public enum SlotID: String, Sendable, Hashable {
    case principal = "?principal"
    case resource = "?resource"
}

/// Binary operators that evaluate both operands eagerly.
public enum BinaryOp: String, Sendable, Hashable {
    case eq = "==", neq = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case add = "+", sub = "-", mul = "*"
    case `in` = "in"
    case contains, containsAll, containsAny, hasTag, getTag
}

/// One element of a `like` pattern.
public enum PatternElem: Hashable, Sendable {
    case wildcard
    case literal(Unicode.Scalar)
}

/// A Cedar expression (abstract syntax tree).
public indirect enum Expr: Hashable, Sendable {
    /// A literal value.
    case lit(Value)
    /// One of `principal`, `action`, `resource`, `context`.
    case variable(Var)
    /// A template slot (only produced for scope constraints).
    case slot(SlotID)
    /// `if c then t else e` (lazy).
    case ite(Expr, Expr, Expr)
    /// `a && b` (short-circuit).
    case and(Expr, Expr)
    /// `a || b` (short-circuit).
    case or(Expr, Expr)
    /// `!a`.
    case not(Expr)
    /// `-a` (checked).
    case neg(Expr)
    /// An eagerly evaluated binary operator or set/tag method.
    case binary(BinaryOp, Expr, Expr)
    /// `e.attr` / `e["attr"]`.
    case getAttr(Expr, CedarString)
    /// `e has attr` (extended `has a.b` is desugared into a chain).
    case hasAttr(Expr, CedarString)
    /// `e like "pattern"`.
    case like(Expr, [PatternElem])
    /// `e is T` (`e is T in x` is `is && in`).
    case isType(Expr, EntityTypeName)
    /// `e.isEmpty()`.
    case isEmpty(Expr)
    /// A set literal.
    case set([Expr])
    /// A record literal.
    case record([RecordField])
    /// Extension function or method call; for methods the receiver is the first argument.
    case call(String, [Expr])
}

/// A field of a record literal (order preserved; keys are unique).
public struct RecordField: Hashable, Sendable {
    /// The record key.
    public let key: CedarString
    /// The field expression.
    public let value: Expr
    /// Creates a value.
    public init(key: CedarString, value: Expr) {
        self.key = key
        self.value = value
    }
}
