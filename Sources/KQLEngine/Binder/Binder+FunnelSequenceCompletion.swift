import KQLColumns
import KQLSyntax

extension Binder {
    /// `evaluate funnel_sequence_completion(IdColumn, TimelineColumn, Start, End, BinSize, StateColumn, Sequence, MaxSequenceStepPeriods)`
    /// (funnel-sequence-completion-plugin.md). Output, as Kusto's binder gives it: TimelineColumn
    /// (the bin), StateColumn (the step's state, a string), `Period` (timespan, or long for a long
    /// timeline) and `dcount` (long). See `FunnelSequenceCompletion.run` for the rule.
    func bindFunnelSequenceCompletion(args: [Argument], nameSpan: Span, input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        let plugin = "funnel_sequence_completion"
        let usage = "\(plugin) expects (IdColumn, TimelineColumn, Start, End, BinSize, StateColumn, Sequence, MaxSequenceStepPeriods)"
        guard args.count == 8 else { throw fail(.invalidOperatorArgument, usage, args.count > 8 ? args[8].value.span : nameSpan) }
        for a in args where a.name != nil { throw fail(.invalidOperatorArgument, "\(plugin) takes no named arguments", a.value.span) }
        let id = try funnelColumn(args[0], input: input, plugin: plugin, what: "IdColumn")
        let time = try funnelColumn(args[1], input: input, plugin: plugin, what: "TimelineColumn")
        let timeField = input.schema.fields[time]
        let (start, end) = try funnelRange(args[2], args[3], timeline: timeField, plugin: plugin, scope: scope)
        let step = try funnelStep(args[4], timeline: timeField, plugin: plugin, what: "BinSize", scope: scope, allowZero: false)
        let state = try funnelColumn(args[5], input: input, plugin: plugin, what: "StateColumn")
        let sequence = try funnelSequenceValues(args[6], plugin: plugin, scope: scope)
        let isTime = timeField.type != .long
        guard case .dynamic(.array(let items)) = try constant(args[7].value, scope: scope), !items.isEmpty else {
            throw fail(.invalidOperatorArgument, "\(plugin): MaxSequenceStepPeriods must be a constant non-empty dynamic array", args[7].value.span)
        }
        var periods: [(length: Int64, value: Value)] = []
        for item in items {
            switch (isTime, item) {
            case (true, .timespan(let t)) where t >= 0: periods.append((t, .timespan(t)))
            case (false, .long(let x)) where x >= 0: periods.append((x, .long(x)))
            default:
                throw fail(.invalidOperatorArgument, "\(plugin): MaxSequenceStepPeriods must hold non-negative \(isTime ? "timespans" : "longs"), not \(kqlString(dynamicToValue(item)))", args[7].value.span)
            }
        }
        let axis = FunnelAxis(type: timeField.type, start: start, end: end, step: step)
        guard axis.binCount <= FunnelAxis.maxBins else {
            throw fail(.invalidOperatorArgument, "\(plugin): Start to End makes more than \(FunnelAxis.maxBins) bins", args[4].value.span)
        }
        let schema = Schema([timeField, Field(input.schema.fields[state].name, .string),
                             Field("Period", isTime ? .timespan : .long), Field("dcount", .long)])
        let node = FunnelSequenceCompletion(idColumn: id, timeColumn: time, stateColumn: state, axis: axis,
                                            sequence: sequence, periods: periods, schema: schema)
        return .tablePlugin(.init(input: input, plugin: node))
    }
}
