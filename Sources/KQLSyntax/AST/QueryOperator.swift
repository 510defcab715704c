/// A tabular operator with its span (from the operator keyword to its last token).
public struct QueryOperator: Hashable, Sendable {
    public var kind: OperatorKind
    public var span: Span
    /// The span of the operator's keyword (`where`, `project-away`, ...), for errors that name it.
    public var keywordSpan: Span
    public init(_ kind: OperatorKind, span: Span, keywordSpan: Span) {
        self.kind = kind; self.span = span; self.keywordSpan = keywordSpan
    }
}

/// `Name = expr`, `(A, B) = expr`, or a bare `expr` (the engine derives the column name).
public struct Assignment: Hashable, Sendable {
    public var names: [String]
    public var nameSpan: Span?
    public var value: Expr
    /// mv-expand / mv-apply only: the type name of `expr to typeof(T)`.
    public var toType: String?
    public init(names: [String] = [], nameSpan: Span? = nil, _ value: Expr, toType: String? = nil) {
        self.names = names; self.nameSpan = nameSpan; self.value = value; self.toType = toType
    }
}

/// One element of a `parse` / `parse-where` pattern (`with * "lit" Name:type ...`).
public enum ParsePatternElement: Hashable, Sendable {
    /// A string literal to match (decoded value).
    case literal(String, Span)
    /// `*`: skip any text.
    case star(Span)
    /// A column to extract, with its optional `:type` (default `string`).
    case column(name: String, type: String?, span: Span)
}

/// A sort key: `expr [asc|desc] [nulls first|nulls last]`.
public struct SortKey: Hashable, Sendable {
    public var expr: Expr
    public var ascending: Bool          // KQL's default is descending
    public var nullsFirst: Bool?        // nil = KQL default (nulls last for desc, first for asc)
    /// Whether `asc`/`desc` was written (project-reorder sorts matched names only then).
    public var explicitOrder: Bool
    public init(_ expr: Expr, ascending: Bool = false, nullsFirst: Bool? = nil, explicitOrder: Bool = false) {
        self.expr = expr; self.ascending = ascending; self.nullsFirst = nullsFirst; self.explicitOrder = explicitOrder
    }
}

/// `name = value` operator parameters (`kind=inner`, `hint.strategy=broadcast`, `withsource=T`).
public struct OperatorParameter: Hashable, Sendable {
    public var name: String
    public var value: Expr
    public init(name: String, value: Expr) { self.name = name; self.value = value }
}

/// A name with a declared type, as in `datatable(a:long, b:string)` and function parameters.
public struct TypedName: Hashable, Sendable {
    public var name: String
    public var type: String
    public var span: Span
    public var defaultValue: Expr?
    public init(name: String, type: String, span: Span, defaultValue: Expr? = nil) {
        self.name = name; self.type = type; self.span = span; self.defaultValue = defaultValue
    }
}

/// One level of `top-nested`: `[count] of [Name =] expr [with others = v] by [Name =] agg [asc|desc]`.
public struct TopNestedLevel: Hashable, Sendable {
    /// nil when the level has no count (all values).
    public var count: Expr?
    public var of: Assignment
    public var others: Expr?
    public var by: Assignment
    public var ascending: Bool
    public var span: Span
    public init(count: Expr?, of: Assignment, others: Expr?, by: Assignment, ascending: Bool, span: Span) {
        self.count = count; self.of = of; self.others = others; self.by = by; self.ascending = ascending; self.span = span
    }
}

/// find's `project` list: columns with an optional type, and whether `pack_all()` ends it.
public struct FindProject: Hashable, Sendable {
    public var columns: [TypedName]
    public var packAll: Bool
    public init(columns: [TypedName], packAll: Bool) { self.columns = columns; self.packAll = packAll }
}

public indirect enum OperatorKind: Hashable, Sendable {
    case `where`(Expr)                                  // also `filter`
    /// `where Name = expr`: Kusto's parser takes `Name = expr` as a named expression, and the
    /// predicate is its value (`where IsBillable = true` keeps every row). Bound with a warning.
    case whereNamed(Assignment)
    case extend([Assignment])
    case project([Assignment])
    case projectAway([Expr])                            // names or wildcard patterns (`.name` with `*`)
    case projectKeep([Expr])
    case projectRename([Assignment])                    // new = old (Kusto's parser also takes a bare name: `names` empty)
    case projectReorder([SortKey])
    case summarize(parameters: [OperatorParameter], aggregates: [Assignment], by: [Assignment])
    case sort(parameters: [OperatorParameter], [SortKey])   // also `order by`
    case top(parameters: [OperatorParameter], count: Expr, by: SortKey)
    case take(Expr)                                     // also `limit`
    case count(as: String?)
    case distinct([Assignment])                         // `[.star]` for `distinct *`; `distinct Name = expr` keeps Name
    case print([Assignment])
    case range(name: String, from: Expr, to: Expr, step: Expr)
    case datatable(columns: [TypedName], values: [Expr])
    /// `externaldata (columns) [url, …] [with (name = value, …)]` (also `external_data`); each
    /// property is an assignment with one name and its `nameSpan`.
    case externalData(columns: [TypedName], urls: [Expr], properties: [Assignment])
    /// `on` keys: names, `$left.a == $right.b` as `.binary(.equal, .member(.name("$left"), "a"),
    /// .member(.name("$right"), "b"))`, and `and` combinations of those (`.binary(.and, ...)`).
    case join(parameters: [OperatorParameter], right: Expr, on: [Expr])
    case lookup(parameters: [OperatorParameter], right: Expr, on: [Expr])
    case union(parameters: [OperatorParameter], tables: [Expr])
    case serialize([Assignment])
    case getschema
    case `as`(parameters: [OperatorParameter], name: String)
    case invoke(Expr)
    /// `with (title="x", ycolumns=a, b)`; a property with several values (`ycolumns=a, b`,
    /// `ysplit=(a, b)`) arrives as repeated parameters with the same name. Legacy `render c title="x"` too.
    case render(chart: String, parameters: [OperatorParameter])
    /// `evaluate [params] plugin(args) [: (schema)]`; `outputSchema` holds the declared output
    /// columns (`*` as a `TypedName` named and typed `*`), nil when none is given.
    case evaluate(parameters: [OperatorParameter], plugin: Expr, outputSchema: [TypedName]?)
    case mvExpand(parameters: [OperatorParameter], items: [Assignment], limit: Expr?)
    /// `mv-apply [params] items [limit N] on (subquery)`; `subquery` is a `.paren` around a pipe chain
    /// that starts from `.implicitInput`.
    case mvApply(parameters: [OperatorParameter], items: [Assignment], limit: Expr?, subquery: Expr)
    /// `parse [kind=...] [flags=...] source with pattern`; `isWhere` for `parse-where`.
    case parse(parameters: [OperatorParameter], source: Expr, pattern: [ParsePatternElement], isWhere: Bool)
    /// `parse-kv source as (Key:type, ...) [with (name = value, ...)]` (parse-kv-operator.md): the
    /// options as written, each with its name's span (one `Assignment` per option, repeats kept);
    /// the binder checks their names, values and combination.
    case parseKv(source: Expr, keys: [TypedName], options: [Assignment])
    /// `make-series [params] [Name =] agg [default = v], ... on axis [from a] [to b] step s [by ...]`
    /// (`in range(a, b, s)` fills from/to/step and sets `rangeForm`: its bins are `bin()`'s and its
    /// stop is inclusive). `defaults[i]` belongs to `aggregates[i]`.
    case makeSeries(parameters: [OperatorParameter], aggregates: [Assignment], defaults: [Expr?],
                    axis: Expr, from: Expr?, to: Expr?, step: Expr, by: [Assignment], rangeForm: Bool)
    /// `partition [params] by Column ( subquery )`: `subquery` is a `.paren` around a pipe chain
    /// that starts from `.implicitInput`. With `{ query }` (a subquery with its own source, legacy
    /// strategy only) `subquery` is that query and `hasSource` is true.
    case partition(parameters: [OperatorParameter], by: Expr, subquery: Expr, hasSource: Bool)
    /// `scan [with_match_id=Id] [declare (Name:type [= default], ...)] with (step ...; ...)`;
    /// `matchId` is nil without `with_match_id`.
    case scan(matchId: String?, declare: [TypedName], steps: [ScanStep])
    /// `[T |] search [kind=...] [in (T1, T2*)] predicate`; `tables` is nil without `in (...)`.
    /// In the predicate a bare string is a term looked for in every column, `*` (`.star`) matches
    /// every row, and `Col:"x"` arrives as `.binary(.has, Col, "x")`.
    case search(parameters: [OperatorParameter], tables: [Expr]?, predicate: Expr)
    /// `find [withsource=C] [in (T1, T2*)] [where] predicate [project-smart | project a, b:type, pack_all()]`;
    /// `tables` nil without `in (...)`; `project` nil for project-smart (the default).
    case find(parameters: [OperatorParameter], tables: [Expr]?, predicate: Expr, project: FindProject?)
    /// `sample [params] N`.
    case sample(parameters: [OperatorParameter], count: Expr)
    /// `sample-distinct [params] N of Column`.
    case sampleDistinct(parameters: [OperatorParameter], count: Expr, column: Expr)
    /// `top-nested [N] of Expr [with others = v] by Agg [asc|desc], ...`: one entry per level.
    case topNested([TopNestedLevel])
    /// `fork [Name =] (subquery) ...`: one result table per leg (each subquery starts from
    /// `.implicitInput`).
    case fork([ForkLeg])
    /// `facet by Col, ... [with (subquery)]`: `with` is a `.paren` around a chain from
    /// `.implicitInput` (or such a chain of one operator, without parentheses).
    case facet(columns: [Expr], with: Expr?)
    /// An operator whose syntax is checked but which has no dedicated node yet
    /// (top-hitters, consume, reduce, ...).
    /// The engine reports it as unsupported, naming it.
    case other(name: String)
}

/// One `step Name [output = all|last|none]: condition [=> Col = expr, ...];` of `scan`.
public struct ScanStep: Hashable, Sendable {
    public var name: String
    public var nameSpan: Span
    /// `all`, `last` or `none` as written (nil when absent: `all`); checked by the binder.
    public var output: String?
    public var outputSpan: Span?
    public var condition: Expr
    public var assignments: [Assignment]
    public init(name: String, nameSpan: Span, output: String?, outputSpan: Span?, condition: Expr, assignments: [Assignment]) {
        self.name = name; self.nameSpan = nameSpan; self.output = output; self.outputSpan = outputSpan
        self.condition = condition; self.assignments = assignments
    }
}

/// One leg of `fork`: `[Name =] (subquery)`.
public struct ForkLeg: Hashable, Sendable {
    public var name: String?
    public var nameSpan: Span?
    public var subquery: Expr
    public init(name: String?, nameSpan: Span?, subquery: Expr) {
        self.name = name; self.nameSpan = nameSpan; self.subquery = subquery
    }
}
