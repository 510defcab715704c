/// A parsed query: statements separated by `;`, the last one usually the tabular expression.
public struct Query: Hashable, Sendable {
    public var statements: [Statement]
    public var span: Span
    /// Client directive lines before the first statement (`#connect ...`), as written.
    public var directives: [String] = []
    public init(statements: [Statement], span: Span) { self.statements = statements; self.span = span }
}

public struct Statement: Hashable, Sendable {
    public var kind: StatementKind
    public var span: Span
    /// For `declare query_parameters(...)` (kind `.other(name: "declare query_parameters")`): the
    /// declared parameters, with their types and defaults.
    public var queryParameters: [TypedName] = []
    public init(_ kind: StatementKind, _ span: Span) { self.kind = kind; self.span = span }
}

public indirect enum StatementKind: Hashable, Sendable {
    /// `let name = expr;` (scalar or tabular).
    case `let`(name: String, nameSpan: Span, value: Expr)
    /// `let f = (a:string, n:long = 1) { statements; expr };`
    case letFunction(name: String, nameSpan: Span, parameters: [FunctionParameter], body: Query)
    /// A query expression.
    case expression(Expr)
    /// `set name [= value];`
    case set(name: String, value: Expr?)
    /// `declare query_parameters(...)`, `alias ...`, `pattern ...`: syntax accepted, not executable.
    case other(name: String)
}

/// A parameter of a user function: scalar `(a:string = "x")` or tabular `(T:(a:long))` / `(T:(*))`
/// (the `(*)` schema is one `TypedName` with name and type `"*"`).
public struct FunctionParameter: Hashable, Sendable {
    public var name: String
    public var span: Span
    /// Scalar type name, or nil for a tabular parameter.
    public var type: String?
    public var tabularSchema: [TypedName]?
    public var defaultValue: Expr?
    public init(name: String, span: Span, type: String?, tabularSchema: [TypedName]? = nil, defaultValue: Expr? = nil) {
        self.name = name; self.span = span; self.type = type; self.tabularSchema = tabularSchema; self.defaultValue = defaultValue
    }
}
