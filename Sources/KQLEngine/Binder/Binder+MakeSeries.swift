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
        // Keys and aggregates are bound exactly as summarize binds them.
        guard case .summarize(let summarize) = try bindSummarize(input: input, aggregates: aggregates, by: by, scope: scope) else {
            throw fail(.unsupportedAggregateForm, "make-series: only direct aggregate calls are supported yet", op.span)
        }
        let keys = summarize.keys, aggs = summarize.aggregates
        for a in aggs where a.argExtreme != nil || a.outputFields.count != 1 {
            throw fail(.unsupportedAggregateForm, "make-series: \(a.outputFields.first?.name ?? "this aggregate") is not supported in a series", op.span)
        }
        let schema = input.schema
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
        var defaultValues: [Value] = []
        for (i, a) in aggs.enumerated() {
            if i < defaults.count, let d = defaults[i] { defaultValues.append(try constant(d, scope: scope)) }
            else { defaultValues.append(a.kind.resultType == .real ? .real(0) : .long(0)) }
        }
        let axisName = resultName(axis, row: schema) ?? "Axis"   // `on bin(T, 1h)` is named T, as in Kusto
        let fields = keys.map { Field($0.name, $0.expr.type) } + aggs.map { Field($0.outputFields[0].name, .dynamic) } + [Field(axisName, .dynamic)]
        return .makeSeries(.init(input: input, keys: keys, aggregates: aggs, defaults: defaultValues, axis: axisBound,
                                                 from: f, to: t, step: s, bins: bins, nonEmpty: nonEmpty, span: op.keywordSpan, schema: Schema(fields)))
    }
}
