import KQLColumns
import KQLSyntax

extension Binder {
    /// `evaluate activity_counts_metrics(IdColumn, TimelineColumn, Start, End, Step [, dim1, ...])`
    /// (activity-counts-metrics-plugin.md). Output, as Kusto.Language's binder names it: the
    /// timeline column, the dimensions, `count`, `dcount`, `new_dcount`, `aggregated_dcount` (longs).
    func bindActivityCountsMetrics(args: [Argument], nameSpan: Span, input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        let usage = "activity_counts_metrics expects (IdColumn, TimelineColumn, Start, End, Step [, Dimension, ...])"
        let w = try bindActivityWindows("activity_counts_metrics", usage: usage, args: args, binArg: 4, dimsFrom: 5,
                                        nameSpan: nameSpan, input: input, scope: scope)
        let out = Schema([w.timeline] + w.dimensions + ["count", "dcount", "new_dcount", "aggregated_dcount"].map { Field($0, .long) })
        return .tablePlugin(.init(input: w.projected, plugin: ActivityCountsMetrics(bins: w.bins, schema: out)))
    }
}
