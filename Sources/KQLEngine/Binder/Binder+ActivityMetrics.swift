import KQLColumns
import KQLSyntax

extension Binder {
    /// `evaluate activity_metrics(IdColumn, TimelineColumn, Start, End, Step [, dim1, ...])`
    /// (activity-metrics-plugin.md). Output, in Kusto.Language's binder's order (the page's schema
    /// table puts the dimensions last): the timeline column, the dimensions, `dcount_values`,
    /// `dcount_newvalues` (longs), `retention_rate`, `churn_rate` (reals).
    func bindActivityMetrics(args: [Argument], nameSpan: Span, input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        let usage = "activity_metrics expects (IdColumn, TimelineColumn, Start, End, Step [, Dimension, ...])"
        let w = try bindActivityWindows("activity_metrics", usage: usage, args: args, binArg: 4, dimsFrom: 5,
                                        nameSpan: nameSpan, input: input, scope: scope)
        let out = Schema([w.timeline] + w.dimensions + [Field("dcount_values", .long), Field("dcount_newvalues", .long),
                                                         Field("retention_rate", .real), Field("churn_rate", .real)])
        return .tablePlugin(.init(input: w.projected, plugin: ActivityMetrics(bins: w.bins, schema: out)))
    }
}
