import KQLColumns
import KQLSyntax

/// Turns a parsed query into a typed plan: resolves names against lets, tables and columns,
/// checks types, folds constants, and reports positioned diagnostics.
final class Binder {
    let session: SessionContext
    /// Replacement values for top-level `let` statements (`--set NAME=VALUE`), as query text.
    let overrides: [String: String]
    /// How an override is named in its errors (`QueryOptions.parameterLabels`); `--set NAME` by default.
    var overrideLabels: [String: String] = [:]
    var usedOverrides: Set<String> = []
    /// Non-fatal notes for the user (e.g. an override that matched no `let`).
    var warnings: [String] = []
    /// The input columns of the `extend` being bound: `pack_all()` packs those, not the columns
    /// the same `extend` adds before it (pack-all-function.md's example).
    var extendInputColumns: [String]? = nil
    /// Request properties the query sets (`set notruncation;`).
    var properties = RequestProperties()
    /// Every `render` bound so far, by the offset of its operator (Binder+Render.swift).
    var renders: [Int: Visualization] = [:]
    /// The result's visualization: the `render` that ends the query's result expression.
    var visualization: Visualization?
    /// The last id given to a shared plan or a subquery (ids are unique within one query).
    private var lastPlanId = 0
    /// The `let` bindings of this query; scopes point into it.
    let letStore = LetStore()
    /// The user functions being expanded, outermost first (a name that is not visible but is
    /// listed here is a recursive call).
    var expanding: [String] = []
    /// Names bound by `| as Name` so far in the query, with the plan each names (see `bindAs`).
    var asNames: [String: LogicalPlan] = [:]
    /// When the result expression ends with fork or facet (several result tables): the first
    /// table's name, and the tables after it (Binder+Fork.swift). nil and empty otherwise.
    var resultName: String? = nil
    var moreResults: [NamedPlan] = []
    /// Nesting of the expressions being bound (function bodies included), capped at `maxNesting`.
    var nesting = 0
    /// User function calls expanded so far (each call binds the body again).
    var expansions = 0
    /// The suffix of the next generated column name (`Column1`, ...): Kusto numbers them across
    /// the whole query (ColumnNaming.swift).
    var defaultColumnSuffix = 1
    static let maxExpansions = 100_000
    /// The deepest level reached since the last `measured` began (lets' trees included).
    var deepest = 0
    /// Every later stage (optimizer, executor, explain) walks the bound tree recursively, so the binder
    /// caps its depth: above the parser's chain cap (`Parser.maxChain`, 1,000) plus bracket nesting,
    /// so only function expansion reaches it.
    static let maxNesting = 2_000

    /// Input tables of the plugins whose output columns depend on the data (`bag_unpack` without
    /// an output schema), in the order the binder meets them; filled by `QuerySession` (see
    /// `NeedsInputData`), as the binder itself never runs anything.
    var probedInputs: [Table] = []
    /// Data-dependent plugins met so far in this binding.
    var probesMet = 0

    /// `quarry check`'s mode: an error is recorded in `recovered` and binding goes on with the next
    /// operator and statement (Binder+Recovery.swift). Off for `run`, which stops at the first error.
    var recovering = false
    /// The errors recorded while `recovering`, as met (sorted into source order at the end).
    var recovered: [Diagnostic] = []
    /// Names whose binding failed (a `let`, the columns a failed `extend` or `project` defines):
    /// later "unknown name" errors about them are cascades, not recorded.
    var poisonedNames: Set<String> = []
    /// An operator whose output columns are unknown failed in this statement: errors that depend
    /// on the columns are cascades until the statement ends.
    var poisonedSchema = false
    /// Where `check` found syntax errors (sorted): the parser dropped what it could not read, so
    /// in a statement with one, errors after it that depend on the columns are not recorded.
    var syntaxErrorOffsets: [Int] = []
    /// The input of the operator being bound (while recovering, to explain a missing column).
    var currentInput: LogicalPlan? = nil
    /// The first syntax error inside the statement being bound, if any.
    var unreliableFrom: Int? = nil

    /// Values for `declare query_parameters`; nil (schema checks) binds a parameter without a value
    /// or default as a null of its type.
    let queryParameters: [String: String]?

    init(session: SessionContext, overrides: [String: String] = [:], queryParameters: [String: String]? = nil) {
        self.queryParameters = queryParameters
        self.session = session
        self.overrides = overrides
    }

    func newPlanId() -> Int {
        lastPlanId += 1
        return lastPlanId
    }

    /// `plan` as a shared node, so that every reference to it runs it once (a tabular `let`,
    /// `materialize()`, a function's tabular argument). An optimizer rule inlines the ones used once.
    func shared(_ plan: LogicalPlan) -> LogicalPlan {
        if case .shared = plan { return plan }
        return .shared(.init(id: newPlanId(), plan: plan))
    }

    func fail(_ code: DiagnosticCode, _ message: String, _ span: Span) -> Diagnostic {
        Diagnostic(code: code, message, span: span)
    }

    /// One level deeper into the tree being bound; fails past `maxNesting`. Pair with `ascend()`.
    func descend(_ span: Span) throws {
        nesting += 1
        deepest = Swift.max(deepest, nesting)
        if nesting > Binder.maxNesting {
            nesting -= 1
            throw fail(.queryTooDeep, "query too deep: more than \(Binder.maxNesting) nested expressions after expanding functions", span)
        }
    }
    func ascend() { nesting -= 1 }

    /// A let's tree of depth `depth` used at the current level: the bound tree gets that much deeper
    /// with no nesting in the text (`let a1 = a0 + x; let a2 = a1 + x; ...`, function arguments).
    func reach(_ depth: Int, _ span: Span) throws {
        let level = nesting + depth - 1
        if level > Binder.maxNesting {
            throw fail(.queryTooDeep, "query too deep: more than \(Binder.maxNesting) nested expressions after expanding functions", span)
        }
        deepest = Swift.max(deepest, level)
    }

    /// Runs `body` (a binding at the current level) and returns the depth of the tree it built.
    func measured<T>(_ body: () throws -> T) rethrows -> (value: T, depth: Int) {
        let saved = deepest
        deepest = nesting
        defer { deepest = Swift.max(saved, deepest) }
        let value = try body()
        return (value, Swift.max(1, deepest - nesting))
    }

    /// Binds a user function's body with `name` marked as being expanded. Every call is expanded
    /// where it is, so `f(x) + f(x)` chained N times expands 2^N bodies: capped at `maxExpansions`.
    func expand<T>(_ name: String, at span: Span, _ body: () throws -> T) throws -> T {
        expansions += 1
        if expansions > Binder.maxExpansions {
            throw fail(.tooManyExpansions, "query too large: more than \(Binder.maxExpansions) function calls after expanding functions", span)
        }
        expanding.append(name)
        defer { expanding.removeLast() }
        return try body()
    }

    /// Kusto functions cannot call themselves: a function's own name is not visible in its body
    /// (nor is any later `let`). When an unknown name is a function being expanded, say so.
    func recursionError(_ name: String, _ span: Span) -> Diagnostic? {
        guard expanding.contains(name) else { return nil }
        return fail(.recursiveCall, "the name '\(name)' does not refer to any known function: a function cannot call itself (KQL has no recursion)", span)
    }

    /// Binds every statement; returns the plan of the first tabular expression statement's (first)
    /// result. A query with several tabular expression statements returns one result table per
    /// statement, in order, as Kusto does (`let r = materialize(...); r | count; r | take 3`):
    /// the others go to `moreResults`; unnamed ones are named by position, `Table_0`, `Table_1`,
    /// … (the names Kusto's v1 REST API gives them).
    func bind(_ query: Query) throws -> LogicalPlan {
        for d in query.directives {
            warnOnce("client directive '\(d.count > 60 ? d.prefix(60) + "…" : d)' ignored: a directive line before the query is for Kusto's client (Kusto.Explorer), not for the query")
        }
        var scope = Scope(letStore)
        var result: LogicalPlan?
        var statementResults: [(name: String?, plan: LogicalPlan, visualization: Visualization?, more: [NamedPlan])] = []
        for (i, st) in query.statements.enumerated() {
            poisonedSchema = false
            let next = i + 1 < query.statements.count ? query.statements[i + 1].span.start : Int.max
            unreliableFrom = syntaxErrorOffsets.first { $0 >= st.span.start && $0 <= next }.map(unreliableStart)
            do {
            switch st.kind {
            case .let(let name, let nameSpan, let value):
                if let text = overrides[name] {
                    usedOverrides.insert(name)
                    let (bound, depth) = try measured { try typedOverride(name, text: text, original: value, scope: scope, nameSpan: nameSpan) }
                    scope.lets.bind(name, bound, depth: depth)
                    continue
                }
                let before = recovered.count
                let (value, depth) = try measured { try bindLetValue(value, scope: scope, nameSpan: nameSpan) }
                // While recovering: a let whose columns are unknown (an operator in it failed and
                // its output could not be guessed) is left unbound, its uses not reported again.
                if poisonedSchema && recovered.count > before { poisonedNames.insert(name); continue }
                scope.lets.bind(name, value, depth: depth)
            case .letFunction(let name, _, let params, let body):
                scope.lets[name] = .function(name: name, parameters: params, body: body, scope: scope)
            case .expression(let e):
                let plan = try bindResult(e, scope: scope)
                statementResults.append((resultName, plan, resultVisualization(e), moreResults))
                if result == nil { result = plan }
            case .set(let name, let value):
                try properties.apply(name: name, value: try value.map { try constant($0, scope: scope) }, span: st.span, warnings: &warnings)
            case .other(let name) where name == "declare query_parameters":
                for p in st.queryParameters {
                    let (bound, depth) = try measured { try queryParameter(p, scope: scope) }
                    scope.lets.bind(p.name, bound, depth: depth)
                }
            case .other(let name):
                throw fail(.unsupportedStatement, "statement '\(name)' is not supported yet", st.span)
            }
            } catch let d as Diagnostic where recovering && Binder.isRecoverable(d) {
                // Binder+Recovery.swift: record it, and go on with the next statement.
                record(d)
                if case .let(let name, _, _) = st.kind { poisonedNames.insert(name) }
            }
        }
        if recovering, let first = recovered.first { throw first }
        if let name = overrides.keys.sorted().first(where: { !usedOverrides.contains($0) }) {
            throw fail(.unknownName, "\(overrideLabels[name] ?? "--set \(name)"): the query has no top-level 'let \(name)'", query.span)
        }
        guard let result, let first = statementResults.first else {
            throw fail(.missingResult, "the query has no tabular expression to run", query.span)
        }
        visualization = first.visualization
        resultName = first.name
        moreResults = first.more
        if statementResults.count > 1 {
            var all: [NamedPlan] = []
            for r in statementResults {
                all.append(NamedPlan(name: r.name ?? "Table_\(all.count)", plan: r.plan, visualization: r.visualization))
                all += r.more
            }
            resultName = all[0].name
            moreResults = Array(all.dropFirst())
        }
        return result
    }

    /// Moves every span of an override expression onto the `let` it replaces, so errors point there.
    func rebaseSpans(_ e: Expr, to span: Span) -> Expr {
        var out = e
        out.span = span
        switch e.kind {
        case .unary(let op, let x): out.kind = .unary(op, rebaseSpans(x, to: span))
        case .binary(let op, let a, let b): out.kind = .binary(op, rebaseSpans(a, to: span), rebaseSpans(b, to: span))
        case .call(let n, _, let args): out.kind = .call(name: n, nameSpan: span, args: args.map { Argument(name: $0.name, rebaseSpans($0.value, to: span)) })
        default: break
        }
        return out
    }

    private func bindLetValue(_ value: Expr, scope: Scope, nameSpan: Span) throws -> LetBinding {
        if isTabular(value, scope: scope) {
            let plan = try bindTabular(value, scope: scope)
            return .tabular(plan.containsSample ? plan : shared(plan))
        }
        let bound = try bindScalar(value, schema: Schema([]), scope: scope)
        return .scalar(bound)
    }

    /// Whether an expression denotes a table (pipes, tables, tabular lets, source operators).
    func isTabular(_ e: Expr, scope: Scope) -> Bool {
        switch e.kind {
        case .pipe, .source: return true
        case .paren(let x): return isTabular(x, scope: scope)
        case .name(let n):
            if let b = scope.lets[n] {
                if case .tabular = b { return true }
                if case .function(_, let params, let body, let fscope) = b, params.allSatisfy({ $0.defaultValue != nil }),
                   let last = body.statements.last, case .expression(let x) = last.kind {
                    return isTabular(x, scope: fscope)
                }
                return false
            }
            return asNames[n] != nil || session.tables[n] != nil
        case .call(let name, _, _):
            if ["materialize", "table", "view", "_GetWatchlist", "AssignedIPAddresses"].contains(name) { return true }
            if case .function(_, _, let body, let fscope)? = scope.lets[name], let last = body.statements.last,
               case .expression(let x) = last.kind {
                return isTabular(x, scope: fscope)
            }
            return false
        case .member(let base, _):
            // `workspace("…").AuditLogs`, `arg("").Resources` (Binder+CrossService.swift)
            if case .call(let fn, _, _) = base.kind { return Self.crossServiceFunctions[fn] != nil || fn == "database" || fn == "cluster" || fn.hasPrefix("cluster(") }
            return false
        default: return false
        }
    }
}
