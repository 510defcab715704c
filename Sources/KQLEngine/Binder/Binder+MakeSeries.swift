import KQLColumns
import KQLSyntax

extension Binder {
    /// `make-series [Name =] agg(...) [default = v], ... on Axis [from a] [to b] step s [by keys]`.
    /// Without `from`, the series start at the first bin that has data, binned as `bin()` bins;
    /// without `to`, they end after the last bin that has data (make-series-operator.md). Quarry's
    /// decision where the page's "in each series" is open: the bounds come from all the input's rows,
    /// so every series of one result has the same axis (they can be compared and zipped bin by bin).
    ///
    /// `kind=nonempty` makes an empty input give one row of default series (without `by`; with
    /// `by` there is no key to give the row, so it stays empty); without it an empty input gives
    /// no rows (make-series-operator.md's two examples). `hint.*` parameters steer Kusto's cluster only.
    ///
    /// `on Axis in range(start, stop, step)` (the alternate syntax): as the page says, its bins are
    /// `bin()`'s rather than `bin_at()`'s and its stop is inclusive, so the series run from
    /// bin(start, step) through bin(stop, step) (`start` itself is an axis value only when aligned).
    ///
    /// An aggregation may be an expression over aggregates (`MB = sum(FileSize) / 1000000`,
    /// `sum(a) / count()`): as in summarize, each aggregate call in it becomes a hidden aggregate,
    /// and the expression is evaluated per bin on that bin's aggregate values (the page's Returns:
    /// the aggregates are computed per (by, bin) group, then arranged into arrays). A bin without
    /// rows is not evaluated: it takes the `default=` value, 0 when none (0.0 for a real
    /// expression, as for a real aggregate), as the page's *DefaultValue* says of absent values and
    /// its `other=-1 default=-2` example shows (an expression with no aggregate at all: -1 in the
    /// bins with rows, -2 in the others). Quarry's decisions where the page is silent: a bin whose
    /// expression gives null keeps the null (as an aggregate's null result does); the column is
    /// named as summarize names the expression (`Name =`, else e.g. `tostring(sum(a))` → sum_a,
    /// `sum(a) / 2` → Column1; an unnamed one without aggregates takes its ColumnN after those
    /// with them); the expression may read the by keys (as Quarry's summarize allows, where
    /// Kusto.Language reports them) but no other input column (an error at the name, as summarize's).
    /// `default=` of `percentiles(x, 50, 90)` fills each of its columns.
    func bindMakeSeries(parameters: [OperatorParameter], aggregates: [Assignment], defaults: [Expr?], axis: Expr, from: Expr?, to: Expr?, step: Expr,
                        by: [Assignment], rangeForm: Bool = false, input: LogicalPlan, op: QueryOperator, scope: Scope) throws -> LogicalPlan {
        var nonEmpty = false
        for p in parameters {
            switch p.name {
            case "kind":
                guard case .name(let k) = p.value.kind, k == "nonempty" else {
                    throw fail(.invalidOperatorArgument, "make-series kind must be nonempty", p.value.span)
                }
                nonEmpty = true
            case let name where name.hasPrefix("hint."): continue
            default: throw fail(.invalidOperatorArgument, "make-series does not take '\(p.name)'", p.value.span)
            }
        }
        // Keys and aggregates are bound exactly as summarize binds them. An aggregation with no
        // aggregate call in it (`other = -1`), which summarize refuses, is bound after them.
        let free = aggregates.indices.filter { isAggregateFree(aggregates[$0].value) }
        let lifted = aggregates.indices.filter { !free.contains($0) }
        let summarized = try bindSummarize(input: input, aggregates: lifted.map { aggregates[$0] }, by: by, scope: scope)
        let schema = input.schema
        // The series: summarize's own columns (each direct aggregate as is, each expression its
        // projection over the aggregates), in the order the aggregations are written.
        let summarize: LogicalPlan.Summarize, columns: [(name: String, expr: BoundExpr)]
        switch summarized {
        case .summarize(let n):
            summarize = n
            columns = n.schema.fields.enumerated().map { ($1.name, BoundExpr.column(index: $0, type: $1.type)) }
        case .project(let p):
            guard case .summarize(let n) = p.input else { throw fail(.unsupportedAggregateForm, "make-series: this aggregation is not supported in a series", op.span) }
            summarize = n; columns = p.columns
        default: throw fail(.unsupportedAggregateForm, "make-series: this aggregation is not supported in a series", op.span)
        }
        let keys = summarize.keys, aggs = summarize.aggregates
        let row = summarize.schema   // a bin's row: the keys, then the aggregates' values
        // (A direct aggregate is named by its column; a hidden one, inside an expression, by its function.)
        var shown = Set<Int>()
        for c in columns { if case .column(let i, _) = c.expr, i < row.fields.count, row.fields[i].name == c.name { shown.insert(i) } }
        var field = keys.count
        for a in aggs {
            if a.argExtreme != nil || a.outputFields.count != 1 {
                let what = shown.contains(field) ? a.outputFields.first?.name ?? "this aggregate" : a.function + "()"
                throw fail(.unsupportedAggregateForm, "make-series: \(what) is not supported in a series", op.span)
            }
            field += a.outputFields.count
        }
        // Each aggregation's columns (several for `percentiles(x, 50, 90)`, all taking its default).
        var next = keys.count
        var bound: [Int: [(name: String, expr: BoundExpr)]] = [:]
        for i in lifted {
            let width = try expandPercentiles([aggregates[i]], schema: schema, scope: scope).count
            guard next + width <= columns.count else { throw fail(.unsupportedAggregateForm, "make-series: this aggregation is not supported in a series", aggregates[i].value.span) }
            bound[i] = Array(columns[next..<(next + width)])
            next += width
        }
        for i in free {
            // Bound over a bin's row, as summarize binds its expressions: only the keys are names here.
            let a = aggregates[i]
            let name = a.names.first ?? resultName(a.value, row: schema, aggregates: true) ?? defaultColumnName(scope: scope)
            bound[i] = [(name, try bindScalar(a.value, schema: row, scope: scope))]
        }
        var series: [(name: String, expr: BoundExpr)] = [], defaultOf: [Int] = []
        for i in aggregates.indices {
            for c in bound[i] ?? [] { series.append(c); defaultOf.append(i) }
        }
        if !free.isEmpty {
            let named = uniquify(keys.map { ($0.name, $0.expr) } + series)
            series = named[keys.count...].enumerated().map { ($1.name, series[$0].expr) }
        }
        let axisBound = try bindScalar(axis, schema: schema, scope: scope)
        var f = try from.map { try constant($0, scope: scope) }, t = try to.map { try constant($0, scope: scope) }
        let s = try constant(step, scope: scope)
        if rangeForm, let a = f, let b = t {
            // bin(start, step) … bin(stop, step) inclusive: to = bin(stop, step) + step.
            let binned = binValue(b, s)
            f = binValue(a, s)
            switch (binned, s) {
            case (.datetime(let x), .timespan(let st)): t = checkedAdd(x, st).map(Value.datetime) ?? binned
            default: if let x = numericDouble(binned), let st = numericDouble(s) { t = binned.type == .real || s.type == .real ? .real(x + st) : (integerValue(binned).flatMap { bx in integerValue(s).flatMap { checkedAdd(bx, $0) } }.map(Value.long) ?? .real(x + st)) }
            }
        }
        var bins: Int? = nil
        switch axisBound.type {
        case .datetime:
            guard case .timespan(let st) = s, st > 0 else {
                throw fail(.invalidOperatorArgument, "make-series: the axis must be a datetime (with timespan step) or a number", axis.span)
            }
            for v in [f, t] { if let v, v.type != .datetime { throw fail(.invalidOperatorArgument, "make-series: the axis must be a datetime (with timespan step) or a number", axis.span) } }
            if case .datetime(let a)? = f, case .datetime(let b)? = t {
                bins = b > a ? Int((b - a) / st + ((b - a) % st == 0 ? 0 : 1)) : 0   // (no b - a + st: st may be huge)
            }
        case .long, .int, .real:
            guard let st = numericDouble(s), st > 0, f.map({ numericDouble($0) != nil }) ?? true, t.map({ numericDouble($0) != nil }) ?? true else {
                throw fail(.invalidOperatorArgument, "make-series: from, to and step must be numbers with a positive step", step.span)
            }
            if let f, let t, let a = numericDouble(f), let b = numericDouble(t) {
                let n = b > a ? ((b - a) / st).rounded(.up) : 0
                guard n <= 1_000_000 else { throw fail(.invalidOperatorArgument, "make-series: from \(a) to \(b) step \(st) is too many bins", step.span) }
                bins = Int(n)   // (also catches NaN/inf: `n <= 1e6` is false for them)
            }
        default:
            throw fail(.invalidOperatorArgument, "make-series: the axis must be a datetime (with timespan step) or a number", axis.span)
        }
        if let bins, bins > LogicalPlan.MakeSeries.maxBins { throw fail(.invalidOperatorArgument, "make-series: \(bins) bins is too many", step.span) }
        // A bin without rows takes its aggregation's `default=`, else 0 (0.0 for a real series).
        var defaultValues: [Value] = []
        for (j, i) in defaultOf.enumerated() {
            if i < defaults.count, let d = defaults[i] { defaultValues.append(try constant(d, scope: scope)) }
            else { defaultValues.append(series[j].expr.type == .real ? .real(0) : .long(0)) }
        }
        let axisName = resultName(axis, row: schema) ?? "Axis"   // `on bin(T, 1h)` is named T, as in Kusto
        let fields = keys.map { Field($0.name, $0.expr.type) } + series.map { Field($0.name, .dynamic) } + [Field(axisName, .dynamic)]
        return .makeSeries(.init(input: input, keys: keys, aggregates: aggs, series: series, defaults: defaultValues, axis: axisBound,
                                                 from: f, to: t, step: s, bins: bins, nonEmpty: nonEmpty, span: op.keywordSpan, schema: Schema(fields)))
    }

    /// Whether an aggregation holds no aggregate call: only literals, names and calls of scalar
    /// functions Quarry has (anything else, an aggregate or a name it does not know, goes to
    /// summarize's binding, which lifts it or reports it as it always has).
    private func isAggregateFree(_ e: Expr) -> Bool {
        switch e.kind {
        case .call(let name, _, let args):
            guard FunctionRegistry.scalarByName[name] != nil, FunctionRegistry.aggregateByName[name] == nil,
                  !KnownKustoFunctions.aggregates.contains(name), !["percentiles", "percentilesw"].contains(name) else { return false }
            return args.allSatisfy { isAggregateFree($0.value) }
        case .binary(_, let l, let r), .index(let l, let r): return isAggregateFree(l) && isAggregateFree(r)
        case .unary(_, let x), .paren(let x), .member(let x, _): return isAggregateFree(x)
        case .between(let x, let lo, let hi, _): return isAggregateFree(x) && isAggregateFree(lo) && isAggregateFree(hi)
        case .list(_, let x, let items): return isAggregateFree(x) && items.allSatisfy(isAggregateFree)
        case .literal, .name: return true
        case .star, .pipe, .source, .implicitInput: return false
        }
    }
}
