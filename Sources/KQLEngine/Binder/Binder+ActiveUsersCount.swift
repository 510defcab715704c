import KQLColumns
import KQLSyntax

extension Binder {
    /// `evaluate active_users_count(IdColumn, TimelineColumn, Start, End, LookbackWindow, Period,
    /// ActivePeriodsCount, Bin [, dim1, ...])` (active-users-count-plugin.md). Output, as
    /// Kusto.Language's binder names it: the timeline column, the dimensions, `dcount` (long).
    func bindActiveUsersCount(args: [Argument], nameSpan: Span, input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        let plugin = "active_users_count"
        let usage = "active_users_count expects (IdColumn, TimelineColumn, Start, End, LookbackWindow, Period, ActivePeriodsCount, Bin [, Dimension, ...])"
        let w = try bindActivityWindows(plugin, usage: usage, args: args, binArg: 7, dimsFrom: 8, nameSpan: nameSpan, input: input, scope: scope)
        let lookback = try activityStep(plugin, args[4], "LookbackWindow", w.timeline.type, scope)
        let period = try activityStep(plugin, args[5], "Period", w.timeline.type, scope)
        guard let active = integerValue(try constant(args[6].value, scope: scope)), active >= 1, active <= 1_000_000 else {
            throw fail(.invalidOperatorArgument, "\(plugin): ActivePeriodsCount must be a constant integer from 1 to 1000000", args[6].value.span)
        }
        let out = Schema([w.timeline] + w.dimensions + [Field("dcount", .long)])
        return .tablePlugin(.init(input: w.projected, plugin: ActiveUsersCount(bins: w.bins, lookback: lookback, period: period,
                                                                             activePeriods: Int(active), schema: out)))
    }
}
