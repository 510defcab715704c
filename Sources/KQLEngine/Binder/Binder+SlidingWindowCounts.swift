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
        let w = try bindActivityWindows("sliding_window_counts", usage: usage, args: args, binArg: 5, dimsFrom: 6,
                                        nameSpan: nameSpan, input: input, scope: scope)
        let window = try activityStep("sliding_window_counts", args[4], "LookbackWindow", w.timeline.type, scope)
        let out = Schema([w.timeline] + w.dimensions + [Field("Count", .long), Field("Dcount", .long)])
        let plugin = SlidingWindowCounts(bins: w.bins, lookbackBins: max(1, Int(min(window / w.bins.size, 1e9).rounded(.down))), schema: out)
        return .tablePlugin(.init(input: w.projected, plugin: plugin))
    }
}
