/// A KQL expression with its span. Scalar and tabular expressions share one tree, as in Kusto's
/// own grammar: `T | where x > 1` is a `.pipe`, and may appear wherever an expression may
/// (`toscalar(...)`, `in (...)`, a join's right side, a `let` value).
public struct Expr: Hashable, Sendable {
    public var kind: ExprKind
    public var span: Span
    public init(_ kind: ExprKind, _ span: Span) { self.kind = kind; self.span = span }
}

public indirect enum ExprKind: Hashable, Sendable {
    /// A literal value (see `Literal`).
    case literal(Literal)
    /// A bare name: a column, a `let` variable, a table. Bracketed names `['a b']` arrive unquoted.
    case name(String)
    /// `*` where an argument or column list allows it (`count()`, `arg_max(T, *)`, `project-away *`).
    case star
    /// A function call `f(args)`; `namespace.f(...)` keeps the dotted name. A call on a call keeps
    /// the callee's text: `cluster('c').database('d')` is named `cluster('c').database`.
    case call(name: String, nameSpan: Span, args: [Argument])
    /// `-x`, `+x`.
    case unary(UnaryOperator, Expr)
    /// `a op b` for every binary operator, including string predicates (`has`, `!contains_cs`, ...).
    case binary(BinaryOperator, Expr, Expr)
    /// `x between (lo .. hi)` / `x !between (lo .. hi)`.
    case between(Expr, low: Expr, high: Expr, negated: Bool)
    /// `x in (a, b)`, `x !in~ (T | project c)`, `x has_any (...)`, `x has_all (...)`;
    /// each element may itself be a tabular expression or a dynamic array.
    case list(ListOperator, Expr, [Expr])
    /// `a.b`, `$left.a`. (`a["b"]` and `a['b']` are `.index` with a string-literal index.)
    case member(Expr, String)
    /// `a[i]`, `a['key']`, `a["key"]`.
    case index(Expr, Expr)
    /// `source | operator`.
    case pipe(Expr, QueryOperator)
    /// A tabular operator that starts a pipeline: `print`, `range`, `datatable`, `union`, `search`,
    /// `find`, `externaldata`, `evaluate` with no input.
    case source(QueryOperator)
    /// `(a)` kept to preserve spans and grouping of tabular subexpressions.
    case paren(Expr)
    /// The implicit input of a nested operator chain that starts with an operator rather than a
    /// table: the subquery of `mv-apply ... on (...)`, `partition by X (...)`, `fork (...)`,
    /// `facet ... with (...)`. Its span is empty, at the start of the chain.
    case implicitInput
}

/// An argument of a call: optional `name =`, then a value.
public struct Argument: Hashable, Sendable {
    public var name: String?
    public var value: Expr
    public init(name: String? = nil, _ value: Expr) { self.name = name; self.value = value }
}

public enum UnaryOperator: String, Hashable, Sendable { case negate = "-", plus = "+" }

/// Binary operators. Raw values are the operator as written in KQL. The legacy spellings
/// `notcontains`, `containscs` and `notcontainscs` parse as `.notContains`, `.containsCs`,
/// `.notContainsCs`; `<>` parses as `.notEqual`.
public enum BinaryOperator: String, Hashable, Sendable, CaseIterable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case equalTilde = "=~", notEqualTilde = "!~"
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"
    case has, notHas = "!has", hasCs = "has_cs", notHasCs = "!has_cs"
    case hasPrefix = "hasprefix", notHasPrefix = "!hasprefix", hasPrefixCs = "hasprefix_cs", notHasPrefixCs = "!hasprefix_cs"
    case hasSuffix = "hassuffix", notHasSuffix = "!hassuffix", hasSuffixCs = "hassuffix_cs", notHasSuffixCs = "!hassuffix_cs"
    case contains, notContains = "!contains", containsCs = "contains_cs", notContainsCs = "!contains_cs"
    case startsWith = "startswith", notStartsWith = "!startswith", startsWithCs = "startswith_cs", notStartsWithCs = "!startswith_cs"
    case endsWith = "endswith", notEndsWith = "!endswith", endsWithCs = "endswith_cs", notEndsWithCs = "!endswith_cs"
    case matchesRegex = "matches regex"
    case like, notLike = "notlike"   // parsed where they occur in the wild; not executable
}

public enum ListOperator: String, Hashable, Sendable {
    case `in` = "in", notIn = "!in", inCi = "in~", notInCi = "!in~", hasAny = "has_any", hasAll = "has_all"
}

/// A literal as written. Values that need the column library to interpret (datetime text,
/// dynamic JSON) are kept as text and checked by the binder, which reports errors on the span.
public enum Literal: Hashable, Sendable {
    case bool(Bool)
    /// A plain integer literal: `long` in KQL.
    case long(Int64)
    case real(Double)
    /// The decoded string value (escapes resolved, verbatim and multi-line forms included).
    case string(String)
    /// A timespan literal such as `10d`, `1.5h`, `100ms`, in 100-ns ticks.
    case timespan(Int64)
    /// `type(text)`: `datetime(2024-01-01)`, `time(1.02:00:00)`, `guid(...)`, `int(5)`, `real(nan)`,
    /// `dynamic([1, {"a": 2}])`. `text` is the raw text between the parentheses, trimmed.
    /// `type` is canonical: `time` arrives as `timespan`, `double` as `real`, `boolean` as `bool`,
    /// `date` as `datetime`, `int64` as `long`; other names as written (`int`, `long`, `decimal`, `guid`, `dynamic`).
    case typed(type: String, text: String)
    /// `type(null)`: `int(null)`, `datetime(null)`, `dynamic(null)` (type canonical as above).
    case typedNull(type: String)
}
