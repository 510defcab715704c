import KQLColumns
import KQLSyntax

extension Binder {
    /// `evaluate sliding_window_counts(IdColumn, TimelineColumn, Start, End, LookbackWindow, Bin
    /// [, dim1, ...])` (sliding-window-counts-plugin.md). Output, as Kusto.Language's binder names
    /// it: the timeline column, the dimensions, `Count` and `Dcount` (longs; the page's table prints
    /// `dcount`). Start and End are of the timeline's type, LookbackWindow and Bin of its step type
    /// (timespan for a datetime timeline, a number for a number); a LookbackWindow that is not a
    /// multiple of Bin is rounded down to one, as the page says (at least one bin). The calendar
    /// bins `'week'`, `'month'`, `'year'` are not supported yet (an error says so).
    func bindSlidingWindowCounts(args: [Argument], nameSpan: Span, input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        let usage = "sliding_window_counts expects (IdColumn, TimelineColumn, Start, End, LookbackWindow, Bin [, Dimension, ...])"
        guard args.count >= 6 else { throw fail(.invalidOperatorArgument, usage, nameSpan) }
        for a in args where a.name != nil {
            throw fail(.invalidOperatorArgument, "sliding_window_counts: '\(a.name ?? "")' cannot be named here; \(usage)", a.value.span)
        }
        let schema = input.schema
        func column(_ a: Argument, _ what: String) throws -> Int {
            guard case .name(let n) = a.value.kind, let i = schema.index(of: n) else {
                throw fail(.invalidOperatorArgument, "sliding_window_counts: \(what) must be a column of the input", a.value.span)
            }
            return i
        }
        let id = try column(args[0], "IdColumn"), time = try column(args[1], "TimelineColumn")
        let timeType = schema.fields[time].type
        let start = try constant(args[2].value, scope: scope), end = try constant(args[3].value, scope: scope)
        let lookback = try constant(args[4].value, scope: scope), bin = try constant(args[5].value, scope: scope)
        if case .string = bin {
            throw fail(.unsupportedOperatorForm, "sliding_window_counts: calendar bins ('week', 'month', 'year') are not supported yet; give a timespan", args[5].value.span)
        }
        // Everything in the timeline's units: ticks for datetime, the number itself otherwise.
        func point(_ v: Value, _ a: Argument) throws -> Double {
            switch (timeType, v) {
            case (.datetime, .datetime(let t)): return Double(t)
            case (.long, _), (.int, _), (.real, _):
                if let x = numericDouble(v), x.isFinite { return x }
            default: break
            }
            throw fail(.invalidOperatorArgument, "sliding_window_counts: Start and End must be of the timeline's type (\(timeType))", a.value.span)
        }
        func step(_ v: Value, _ a: Argument, _ what: String) throws -> Double {
            switch (timeType, v) {
            case (.datetime, .timespan(let t)) where t > 0: return Double(t)
            case (.long, _), (.int, _), (.real, _):
                if let x = numericDouble(v), x.isFinite, x > 0 { return x }
            default: break
            }
            throw fail(.invalidOperatorArgument, "sliding_window_counts: \(what) must be a positive \(timeType == .datetime ? "timespan" : "number")", a.value.span)
        }
        let s = try point(start, args[2]), e = try point(end, args[3])
        let binSize = try step(bin, args[5], "Bin"), window = try step(lookback, args[4], "LookbackWindow")
        let bins = e >= s ? ((e - s) / binSize).rounded(.down) + 1 : 0
        guard bins <= Double(SlidingWindowCounts.maxBins) else {
            throw fail(.invalidOperatorArgument, "sliding_window_counts: Start to End is more than \(SlidingWindowCounts.maxBins) bins", args[5].value.span)
        }
        let dims = try args.dropFirst(6).map { try column($0, "a dimension") }
        var columns: [(name: String, expr: BoundExpr)] = [
            (schema.fields[id].name, .column(index: id, type: schema.fields[id].type)),
            (schema.fields[time].name, .column(index: time, type: timeType)),
        ]
        columns += dims.map { (schema.fields[$0].name, BoundExpr.column(index: $0, type: schema.fields[$0].type)) }
        let out = Schema([schema.fields[time]] + dims.map { schema.fields[$0] } + [Field("Count", .long), Field("Dcount", .long)])
        let projected = LogicalPlan.project(.init(input: input, columns: columns))
        let plugin = SlidingWindowCounts(start: s, bins: Int(bins), bin: binSize, lookbackBins: max(1, Int((window / binSize).rounded(.down))),
                                         timeType: timeType, schema: out)
        return .tablePlugin(.init(input: projected, plugin: plugin))
    }
}
