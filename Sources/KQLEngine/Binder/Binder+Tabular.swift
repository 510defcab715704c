import Foundation
import KQLColumns
import KQLSyntax

extension Binder {
    /// Binds a tabular expression to a plan.
    func bindTabular(_ e: Expr, scope: Scope) throws -> LogicalPlan {
        try descend(e.span)
        defer { ascend() }
        switch e.kind {
        case .paren(let x):
            return try bindTabular(x, scope: scope)
        case .name(let n):
            if let (b, depth) = scope.lets.lookup(n) {
                if case .tabular(let p) = b { try reach(depth, e.span); return p }
                if case .function(_, let params, let body, let fscope) = b, params.allSatisfy({ $0.defaultValue != nil }) {
                    // A function with no required parameters may be used without `()`.
                    let inner = try functionScope(name: n, params: params, args: [], callSpan: e.span, outer: scope, fscope: fscope, schema: Schema([]))
                    return try expand(n, at: e.span) { try bindFunctionBodyTabular(body, scope: inner) }
                }
                throw fail(.tabularScalarMismatch, "'\(n)' is a scalar, not a table", e.span)
            }
            if let p = asNames[n] { return p }
            if let t = session.tables[n] {
                return .scan(TableScan(table: n, schema: t.schema))
            }
            if let d = recursionError(n, e.span) { throw d }
            return try unknownTable(n, e.span, scope: scope)
        case .pipe(let src, let op):
            try checkNothingFollowsRender(src, op)
            let input = try bindTabular(src, scope: scope)
            let outerInput = currentInput
            currentInput = recovering ? input : nil
            defer { currentInput = outerInput }
            do {
                return try bindOperator(op, input: input, scope: scope, inputLabel: asLabel(src) ?? searchInputLabel(op, src))
            } catch let d as Diagnostic {
                // Binder+Suggestions.swift, Binder+Recovery.swift: only ever on an error.
                return try recoverOperator(explainMissingColumn(d, input: input), op: op, input: input)
            }
        case .source(let op):
            return try bindSourceOperator(op, scope: scope)
        case .call(let name, let nameSpan, let args):
            if name == "materialize", args.count == 1 {
                return shared(try bindTabular(args[0].value, scope: scope))
            }
            if case .function(_, let params, let body, let fscope)? = scope.lets[name] {
                let inner = try functionScope(name: name, params: params, args: args, callSpan: e.span, outer: scope, fscope: fscope, schema: Schema([]))
                return try expand(name, at: e.span) { try bindFunctionBodyTabular(body, scope: inner) }
            }
            if let d = recursionError(name, nameSpan) { throw d }
            if let p = try bindBuiltinTabularCall(name, nameSpan: nameSpan, args: args, span: e.span, scope: scope) { return p }
            throw fail(.unsupportedFunction, "tabular function '\(name)' is not supported yet", nameSpan)
        case .member(let base, let name):
            if let p = try bindCrossServiceTable(base: base, name: name, span: e.span, scope: scope) { return p }
            throw fail(.tabularScalarMismatch, "expected a tabular expression", e.span)
        default:
            throw fail(.tabularScalarMismatch, "expected a tabular expression", e.span)
        }
    }

    func bindFunctionBodyTabular(_ body: Query, scope: Scope) throws -> LogicalPlan {
        var s = scope
        var result: LogicalPlan?
        for st in body.statements {
            switch st.kind {
            case .let(let n, let ns, let v):
                let (value, depth) = try measured { try bindLetValueInner(v, scope: s, nameSpan: ns) }
                s.lets.bind(n, value, depth: depth)
            case .letFunction(let n, _, let ps, let b): s.lets[n] = .function(name: n, parameters: ps, body: b, scope: s)
            case .expression(let x): result = try bindTabular(x, scope: s)
            default: throw fail(.unsupportedStatement, "this statement is not supported inside a function body", st.span)
            }
        }
        guard let result else { throw fail(.missingResult, "function body has no result expression", body.span) }
        return result
    }

    func bindLetValueInner(_ value: Expr, scope: Scope, nameSpan: Span) throws -> LetBinding {
        if isTabular(value, scope: scope) {
            let plan = try bindTabular(value, scope: scope)
            return .tabular(plan.containsSample ? plan : shared(plan))   // a sample runs again per reference
        }
        return .scalar(try bindScalar(value, schema: Schema([]), scope: scope))
    }

    private func unsupported(_ op: QueryOperator, _ name: String) -> Diagnostic {
        return fail(.unsupportedOperator, "operator '\(name)' is not supported yet", op.keywordSpan)
    }

    func bindSourceOperator(_ op: QueryOperator, scope: Scope) throws -> LogicalPlan {
        switch op.kind {
        case .print(let items):
            let one = LogicalPlan.values(.init(table: Table(schema: Schema([]), batches: [Batch(columns: [], count: 1)])))
            if let p = try projectWithTuples(items, input: one, scope: scope, defaultName: { i, item, _, _ in
                item.names.first ?? derivedName(item.value, fallback: "print_\(i)") ?? "print_\(i)"
            }) { return p }
            var cols: [(name: String, expr: BoundExpr)] = []
            for (i, item) in items.enumerated() {
                let bound = try bindScalar(item.value, schema: Schema([]), scope: scope)
                // Kusto names every unnamed print column print_<position>, even `print x` or `print d.a`.
                let name = item.names.first ?? "print_\(i)"
                cols.append((name, bound))
            }
            return .project(.init(input: one, columns: uniquify(cols)))
        case .range(let name, let from, let to, let step):
            return try bindRange(column: name, from: from, to: to, step: step, op: op, scope: scope)
        case .datatable(let columns, let values):
            return try bindDatatable(columns: columns, values: values, op: op, scope: scope)
        case .externalData(let columns, let urls, let properties):
            return try bindExternalData(columns: columns, urls: urls, properties: properties, op: op, scope: scope)
        case .union(let params, let tables):
            return try bindUnion(parameters: params, tables: tables, input: nil, inputLabel: nil, span: op.span, scope: scope)
        case .evaluate(_, let plugin, _): throw unsupportedPlugin(plugin)
        case .search(let params, let tables, let predicate):
            return try bindSearch(parameters: params, tables: tables, predicate: predicate, input: nil, inputLabel: nil, op: op, scope: scope)
        case .find(let params, let tables, let predicate, let project):
            return try bindFind(parameters: params, tables: tables, predicate: predicate, project: project, op: op, scope: scope)
        case .other(let name): throw unsupported(op, name)
        default: throw unsupported(op, operatorName(op.kind))
        }
    }

    /// prev(), next() and row_number() need rows in a defined order, as in Kusto.
    func requireSerializedIfNeeded(_ exprs: [Expr], input: LogicalPlan) throws {
        guard let call = exprs.lazy.compactMap(rowOrderCall).first, !input.isSerialized else { return }
        throw fail(.unorderedRows, "\(call.name)() needs rows in a defined order: add '| serialize' or '| sort by' before it", call.span)
    }

    private func rowOrderCall(_ e: Expr) -> (name: String, span: Span)? {
        switch e.kind {
        case .call(let n, let ns, let args):
            if FunctionRegistry.scalarByName[n]?.volatility == .rowOrder { return (n, ns) }
            return args.lazy.compactMap { self.rowOrderCall($0.value) }.first
        case .binary(_, let a, let b): return rowOrderCall(a) ?? rowOrderCall(b)
        case .unary(_, let x), .paren(let x), .member(let x, _): return rowOrderCall(x)
        case .index(let a, let b): return rowOrderCall(a) ?? rowOrderCall(b)
        default: return nil
        }
    }

    func unsupportedPlugin(_ plugin: Expr) -> Diagnostic {
        if case .call(let name, let nameSpan, _) = plugin.kind {
            if !KnownKustoFunctions.plugins.contains(name) { return fail(.unknownFunction, "unknown evaluate plugin '\(name)'", nameSpan) }
            return fail(.unsupportedPlugin, "evaluate plugin '\(name)' is not supported yet", nameSpan)
        }
        return fail(.unsupportedPlugin, "this evaluate plugin is not supported yet", plugin.span)
    }

    /// A bind-time constant (literals, lets, folded expressions).
    func constant(_ e: Expr, scope: Scope) throws -> Value {
        let b = try bindScalar(e, schema: Schema([]), scope: scope)
        guard let v = b.constantValue else {
            if b.containsSubquery {
                throw fail(.nonConstantValue, "a value computed by a subquery (toscalar, in) cannot be used here yet: a constant is required", e.span)
            }
            throw fail(.invalidOperatorArgument, "expected a constant value", e.span)
        }
        return v
    }

    /// `inputLabel`: the name the input goes by in `union withsource=` / search's `$table` (an
    /// `as` name, or for search a table name), when it has one.
    func bindOperator(_ op: QueryOperator, input: LogicalPlan, scope: Scope, inputLabel: String? = nil) throws -> LogicalPlan {
        let schema = input.schema
        switch op.kind {
        case .where(let pred):
            let star = hasStarOperand(pred) ? try whereStarPredicate(pred, columns: schema.fields) : pred
            let p = try bindScalar(star, schema: schema, scope: scope)
            guard p.type == .bool else {
                throw fail(.predicateNotBool, "'where' needs a bool predicate, not \(p.type)", pred.span)
            }
            if case .constant(.bool(true)) = p { return input }
            return .filter(.init(input: input, predicate: p))

        case .whereNamed(let a):
            // Kusto's parser reads `where Name = expr` as a named expression whose value is the
            // predicate (Kusto.Language binds `where B = true` as bool `true`, and an error when
            // the value is not a bool): the name is not compared with anything. Published hunts
            // write it meaning `==` (`where IsBillable = true`), so it runs as Kusto runs it, with
            // a warning saying what it does.
            let value = try bindScalar(a.value, schema: input.schema, scope: scope)
            guard value.type == .bool else {
                throw fail(.predicateNotBool, "'where' needs a bool predicate: '\(a.names.first ?? "") = ...' names a \(value.type) value and compares nothing; write '==' to compare", a.value.span)
            }
            warnOnce("where \(a.names.first ?? "") = ...: '=' names the predicate's value and compares nothing (Kusto's reading); every row where the value is true is kept. Write '==' to compare")
            if case .constant(.bool(true)) = value { return input }
            return .filter(.init(input: input, predicate: value))

        case .extend(let items):
            return try bindExtend(items, input: input, scope: scope)

        case .project(let items):
            return try bindProject(items, input: input, scope: scope)

        case .projectAway(let items), .projectKeep(let items):
            return try bindProjectAwayKeep(items, keepOnly: op.kind.isProjectKeep, input: input)

        case .projectRename(let items):
            return try bindProjectRename(items, input: input)

        case .projectReorder(let keys):
            return try bindProjectReorder(keys, input: input)

        case .take(let n):
            return .take(.init(input: input, rows: try rowCount(n, scope: scope)))

        case .sort(_, let keys):
            return .sort(.init(input: input, keys: try keys.map { try bindSortKey($0, schema: schema, scope: scope) }))

        case .top(_, let n, let key):
            return .top(.init(input: input, rows: try rowCount(n, scope: scope), key: try bindSortKey(key, schema: schema, scope: scope)))

        case .count(let name):
            return .count(.init(input: input, column: name ?? "Count"))

        case .distinct(let items):
            return try bindDistinct(items, input: input, scope: scope)

        case .summarize(_, let aggregates, let by):
            return try bindSummarize(input: input, aggregates: aggregates, by: by, scope: scope)

        case .getschema:
            return .getschema(.init(described: schema))

        case .serialize(let items):
            let serial = LogicalPlan.serialized(.init(input: input))
            if items.isEmpty { return serial }
            return try bindOperator(QueryOperator(.extend(items), span: op.span, keywordSpan: op.keywordSpan), input: serial, scope: scope)

        case .evaluate(let params, let plugin, let schema):
            return try bindEvaluate(parameters: params, plugin: plugin, outputSchema: schema, input: input, op: op, scope: scope)
        case .union(let params, let tables):
            return try bindUnion(parameters: params, tables: tables, input: input, inputLabel: inputLabel, span: op.span, scope: scope)
        case .search(let params, let tables, let predicate):
            return try bindSearch(parameters: params, tables: tables, predicate: predicate, input: input,
                                  inputLabel: inputLabel ?? searchLabel(input), op: op, scope: scope)
        case .sample(let params, let count):
            return try bindSample(parameters: params, count: count, input: input, scope: scope)
        case .sampleDistinct(let params, let count, let column):
            return try bindSampleDistinct(parameters: params, count: count, column: column, input: input, scope: scope)
        case .topNested(let levels):
            return try bindTopNested(levels, input: input, op: op, scope: scope)
        case .join(let params, let right, let on):
            return try bindJoin(parameters: params, right: right, on: on, left: input, isLookup: false, op: op, scope: scope)
        case .makeSeries(let params, let aggregates, let defaults, let axis, let from, let to, let step, let by, let rangeForm):
            return try bindMakeSeries(parameters: params, aggregates: aggregates, defaults: defaults, axis: axis, from: from, to: to, step: step,
                                      by: by, rangeForm: rangeForm, input: input, op: op, scope: scope)
        case .mvExpand(let params, let items, let limit):
            return try bindMvExpand(parameters: params, items: items, limit: limit, input: input, scope: scope)
        case .mvApply(let params, let items, let limit, let subquery):
            return try bindMvApply(parameters: params, items: items, limit: limit, subquery: subquery, input: input, scope: scope)
        case .partition(let params, let key, let subquery, let hasSource):
            return try bindPartition(parameters: params, by: key, subquery: subquery, hasSource: hasSource, input: input, op: op, scope: scope)
        case .scan(let matchId, let declare, let steps):
            return try bindScanOperator(matchId: matchId, declare: declare, steps: steps, input: input, op: op, scope: scope)
        case .parse(let params, let source, let pattern, let isWhere):
            return try bindParse(parameters: params, source: source, pattern: pattern, isWhere: isWhere, input: input, op: op, scope: scope)
        case .parseKv(let source, let keys, let options):
            return try bindParseKv(source: source, keys: keys, options: options, input: input, op: op, scope: scope)
        case .lookup(let params, let right, let on):
            return try bindJoin(parameters: params, right: right, on: on, left: input, isLookup: true, op: op, scope: scope)
        case .as(let params, let name):
            return try bindAs(parameters: params, name: name, input: input, scope: scope)
        case .render(let chart, let params):
            return try bindRender(chart: chart, parameters: params, input: input, op: op, scope: scope)
        case .invoke(let call):
            guard case .call(let name, let nameSpan, let args) = call.kind else {
                throw fail(.invalidInvoke, "invoke expects a function call", call.span)
            }
            if scope.lets[name] == nil, let d = recursionError(name, nameSpan) { throw d }
            if scope.lets[name] == nil, let p = try bindBuiltinInvoke(name, nameSpan: nameSpan, args: args, span: call.span, input: input, scope: scope) { return p }
            guard case .function(_, let params, let body, let fscope)? = scope.lets[name], let first = params.first, first.type == nil else {
                throw fail(.invalidInvoke, "invoke: '\(name)' is not a function with a tabular first parameter", nameSpan)
            }
            var inner = try functionScope(name: name, params: Array(params.dropFirst()), args: args, callSpan: call.span,
                                          outer: scope, fscope: fscope, schema: Schema([]))
            inner.lets.bind(first.name, .tabular(shared(input)), depth: Swift.max(1, deepest - nesting))   // at most the input's depth
            return try expand(name, at: call.span) { try bindFunctionBodyTabular(body, scope: inner) }
        case .fork, .facet:
            throw multiResultNotLast(op)
        case .other(let name):
            throw unsupported(op, name)
        default:
            throw unsupported(op, operatorName(op.kind))
        }
    }

    private func rowCount(_ e: Expr, scope: Scope) throws -> Int {
        let v = try constant(e, scope: scope)
        guard let n = integerValue(v), n >= 0 else { throw fail(.invalidOperatorArgument, "expected a non-negative integer row count", e.span) }
        return Int(min(n, Int64(Int.max)))
    }

    func bindSortKey(_ k: SortKey, schema: Schema, scope: Scope) throws -> BoundSortKey {
        let e = try bindScalar(k.expr, schema: schema, scope: scope)
        // Kusto: ascending puts nulls first, descending puts them last, unless stated.
        return BoundSortKey(expr: e, ascending: k.ascending, nullsFirst: k.nullsFirst ?? k.ascending)
    }

    /// `Column1`, `Column2`, ... skipping names the schema already has.
    func nextColumnName(_ s: Schema, _ counter: inout Int) -> String {
        while s.index(of: "Column\(counter)") != nil { counter += 1 }
        return "Column\(counter)"
    }

    /// Makes output names unique the way Kusto does: `x`, `x1`, `x2`.
    func uniquify(_ cols: [(name: String, expr: BoundExpr)]) -> [(name: String, expr: BoundExpr)] {
        var seen = Set<String>()
        return cols.map { c in
            var name = c.name
            if seen.contains(name) {
                var k = 1
                while seen.contains("\(c.name)\(k)") { k += 1 }
                name = "\(c.name)\(k)"
            }
            seen.insert(name)
            return (name, c.expr)
        }
    }

    /// The column name Kusto gives an unnamed expression, when it derives one.
    func derivedName(_ e: Expr, fallback: String?) -> String? {
        switch e.kind {
        case .name(let n): return n
        case .paren(let x): return derivedName(x, fallback: fallback)
        case .member(let base, let m):
            if let b = derivedName(base, fallback: nil) { return "\(b)_\(m)" }
        case .index(let base, let idx):
            if let b = derivedName(base, fallback: nil), case .literal(.string(let k)) = idx.kind { return "\(b)_\(k)" }
        case .call(let name, _, let args):
            let conversions: Set<String> = ["tostring", "toint", "tolong", "toreal", "todouble", "todatetime", "totimespan", "tobool", "toboolean", "todynamic", "todecimal", "toguid"]
            if conversions.contains(name), args.count == 1, case .name(let n) = args[0].value.kind { return n }
        default: break
        }
        return fallback
    }
}

extension OperatorKind {
    var isProjectKeep: Bool { if case .projectKeep = self { return true }; return false }
}

/// The keyword of an operator, for messages.
func operatorName(_ k: OperatorKind) -> String {
    switch k {
    case .where, .whereNamed: return "where"
    case .extend: return "extend"
    case .project: return "project"
    case .projectAway: return "project-away"
    case .projectKeep: return "project-keep"
    case .projectRename: return "project-rename"
    case .projectReorder: return "project-reorder"
    case .summarize: return "summarize"
    case .sort: return "sort"
    case .top: return "top"
    case .take: return "take"
    case .count: return "count"
    case .distinct: return "distinct"
    case .print: return "print"
    case .range: return "range"
    case .datatable: return "datatable"
    case .externalData: return "externaldata"
    case .join: return "join"
    case .lookup: return "lookup"
    case .union: return "union"
    case .serialize: return "serialize"
    case .getschema: return "getschema"
    case .as: return "as"
    case .invoke: return "invoke"
    case .render: return "render"
    case .evaluate: return "evaluate"
    case .mvExpand: return "mv-expand"
    case .mvApply: return "mv-apply"
    case .parse(_, _, _, let isWhere): return isWhere ? "parse-where" : "parse"
    case .parseKv: return "parse-kv"
    case .makeSeries: return "make-series"
    case .partition: return "partition"
    case .scan: return "scan"
    case .search: return "search"
    case .find: return "find"
    case .sample: return "sample"
    case .sampleDistinct: return "sample-distinct"
    case .topNested: return "top-nested"
    case .fork: return "fork"
    case .facet: return "facet"
    case .other(let n): return n
    }
}

/// Kusto's wildcard names: `*` matches any run of characters.
func wildcardMatch(_ pattern: String, _ name: String) -> Bool {
    if !pattern.contains("*") { return pattern == name }
    let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
    var rest = Substring(name)
    for (i, part) in parts.enumerated() {
        if i == 0 {
            guard rest.hasPrefix(part) else { return false }
            rest = rest.dropFirst(part.count)
        } else if i == parts.count - 1 {
            return part.isEmpty || rest.hasSuffix(part)
        } else if !part.isEmpty {
            guard let r = rest.range(of: part) else { return false }
            rest = rest[r.upperBound...]
        }
    }
    return rest.isEmpty
}
