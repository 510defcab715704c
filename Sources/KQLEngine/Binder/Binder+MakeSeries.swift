import KQLColumns
import KQLSyntax

extension Binder {
    /// `make-series [Name =] agg(...) [default = v], ... on Axis from a to b step s [by keys]`.
    func bindMakeSeries(aggregates: [Assignment], defaults: [Expr?], axis: Expr, from: Expr?, to: Expr?, step: Expr,
                        by: [Assignment], input: LogicalPlan, op: QueryOperator, scope: Scope) throws -> LogicalPlan {
        guard let from, let to else {
            throw fail(.unsupportedOperatorForm, "make-series without explicit 'from' and 'to' is not supported yet", op.keywordSpan)
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
        let f = try constant(from, scope: scope), t = try constant(to, scope: scope), s = try constant(step, scope: scope)
        let bins: Int
        switch (axisBound.type, f, t, s) {
        case (.datetime, .datetime(let a), .datetime(let b), .timespan(let st)) where st > 0:
            bins = b > a ? Int((b - a) / st + ((b - a) % st == 0 ? 0 : 1)) : 0   // (no b - a + st: st may be huge)
        case (.long, _, _, _), (.int, _, _, _), (.real, _, _, _):
            guard let a = numericDouble(f), let b = numericDouble(t), let st = numericDouble(s), st > 0 else {
                throw fail(.invalidOperatorArgument, "make-series: from, to and step must be numbers with a positive step", step.span)
            }
            let n = b > a ? ((b - a) / st).rounded(.up) : 0
            guard n <= 1_000_000 else { throw fail(.invalidOperatorArgument, "make-series: from \(a) to \(b) step \(st) is too many bins", step.span) }
            bins = Int(n)   // (also catches NaN/inf: `n <= 1e6` is false for them)
        default:
            throw fail(.invalidOperatorArgument, "make-series: the axis must be a datetime (with timespan step) or a number", axis.span)
        }
        guard bins <= 1_000_000 else { throw fail(.invalidOperatorArgument, "make-series: \(bins) bins is too many", step.span) }
        var defaultValues: [Value] = []
        for (i, a) in aggs.enumerated() {
            if i < defaults.count, let d = defaults[i] { defaultValues.append(try constant(d, scope: scope)) }
            else { defaultValues.append(a.kind.resultType == .real ? .real(0) : .long(0)) }
        }
        let axisName = resultName(axis, row: schema) ?? "Axis"   // `on bin(T, 1h)` is named T, as in Kusto
        let fields = keys.map { Field($0.name, $0.expr.type) } + aggs.map { Field($0.outputFields[0].name, .dynamic) } + [Field(axisName, .dynamic)]
        return .makeSeries(.init(input: input, keys: keys, aggregates: aggs, defaults: defaultValues, axis: axisBound,
                                                 from: f, step: s, bins: bins, schema: Schema(fields)))
    }
}
