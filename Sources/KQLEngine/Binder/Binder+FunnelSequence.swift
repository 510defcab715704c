import KQLColumns
import KQLSyntax

extension Binder {
    /// `evaluate funnel_sequence(IdColumn, TimelineColumn, Start, End, MaxSequenceStepWindow, Step, StateColumn, Sequence)`
    /// (funnel-sequence-plugin.md). Kusto returns three tables. Inside a pipeline the first
    /// (prev-sequence-next: TimelineColumn, prev, next, dcount, samples — the schema Kusto's
    /// binder gives the plugin) is what later operators read; when the plugin ends the query,
    /// `bindResult` asks for all three (`table` #2 prev-sequence, #3 sequence-next), each a result
    /// table over the same input. See `FunnelSequence.run` for the matching rule.
    func bindFunnelSequence(args: [Argument], nameSpan: Span, input: LogicalPlan, scope: Scope,
                            table: FunnelSequence.Output = .prevNext) throws -> LogicalPlan {
        let usage = "funnel_sequence expects (IdColumn, TimelineColumn, Start, End, MaxSequenceStepWindow, Step, StateColumn, Sequence)"
        guard args.count == 8 else { throw fail(.invalidOperatorArgument, usage, args.count > 8 ? args[8].value.span : nameSpan) }
        for a in args where a.name != nil { throw fail(.invalidOperatorArgument, "funnel_sequence takes no named arguments", a.value.span) }
        let id = try funnelColumn(args[0], input: input, plugin: "funnel_sequence", what: "IdColumn")
        let time = try funnelColumn(args[1], input: input, plugin: "funnel_sequence", what: "TimelineColumn")
        let timeField = input.schema.fields[time]
        let (start, end) = try funnelRange(args[2], args[3], timeline: timeField, plugin: "funnel_sequence", scope: scope)
        let window = try funnelStep(args[4], timeline: timeField, plugin: "funnel_sequence", what: "MaxSequenceStepWindow", scope: scope, allowZero: true)
        let step = try funnelStep(args[5], timeline: timeField, plugin: "funnel_sequence", what: "Step", scope: scope, allowZero: false)
        let state = try funnelColumn(args[6], input: input, plugin: "funnel_sequence", what: "StateColumn")
        let sequence = try funnelSequenceValues(args[7], plugin: "funnel_sequence", scope: scope)
        let axis = FunnelAxis(type: timeField.type, start: start, end: end, step: step)
        guard axis.binCount <= FunnelAxis.maxBins else {
            throw fail(.invalidOperatorArgument, "funnel_sequence: Start to End makes more than \(FunnelAxis.maxBins) steps", args[5].value.span)
        }
        let schema = Schema([timeField] + (table.groupsPrev ? [Field("prev", .string)] : [])
                            + (table.groupsNext ? [Field("next", .string)] : []) + [Field("dcount", .long), Field("samples", .dynamic)])
        let plugin = FunnelSequence(idColumn: id, timeColumn: time, stateColumn: state, axis: axis, stepWindow: window,
                                    sequence: sequence, table: table, schema: schema)
        return .tablePlugin(.init(input: input, plugin: plugin))
    }

    // Shared with funnel_sequence_completion.

    func funnelColumn(_ a: Argument, input: LogicalPlan, plugin: String, what: String) throws -> Int {
        guard case .name(let n) = a.value.kind, let i = input.schema.index(of: n) else {
            throw fail(.invalidOperatorArgument, "\(plugin): \(what) must be a column of the input", a.value.span)
        }
        if what == "TimelineColumn", ![.datetime, .timespan, .long].contains(input.schema.fields[i].type) {
            throw fail(.invalidOperatorArgument, "\(plugin): the timeline column must be a datetime, timespan or long, not \(input.schema.fields[i].type)", a.value.span)
        }
        return i
    }

    /// Start and End: constants of the timeline's kind.
    func funnelRange(_ a: Argument, _ b: Argument, timeline: Field, plugin: String, scope: Scope) throws -> (Int64, Int64) {
        func point(_ a: Argument, _ what: String) throws -> Int64 {
            let v = try constant(a.value, scope: scope)
            switch (timeline.type, v) {
            case (.datetime, .datetime(let t)), (.timespan, .timespan(let t)), (.long, .long(let t)), (.int, .long(let t)): return t
            case (.long, .int(let x)), (.int, .int(let x)): return Int64(x)
            default:
                throw fail(.invalidOperatorArgument, "\(plugin): \(what) must be a constant \(timeline.type == .int ? .long : timeline.type), as the timeline column '\(timeline.name)' is", a.value.span)
            }
        }
        return (try point(a, "Start"), try point(b, "End"))
    }

    /// A window or bin size: a timespan for a datetime or timespan timeline, a number for a long one.
    func funnelStep(_ a: Argument, timeline: Field, plugin: String, what: String, scope: Scope, allowZero: Bool) throws -> Int64 {
        let v = try constant(a.value, scope: scope)
        var x: Int64?
        switch (timeline.type, v) {
        case (.datetime, .timespan(let t)), (.timespan, .timespan(let t)), (.long, .long(let t)), (.int, .long(let t)): x = t
        case (.long, .int(let i)), (.int, .int(let i)): x = Int64(i)
        default: x = nil
        }
        guard let step = x, allowZero ? step >= 0 : step > 0 else {
            let kind = timeline.type == .datetime || timeline.type == .timespan ? "timespan" : "long"
            throw fail(.invalidOperatorArgument, "\(plugin): \(what) must be a constant \(allowZero ? "non-negative" : "positive") \(kind)", a.value.span)
        }
        return step
    }

    /// The Sequence: a constant dynamic array of states, compared with the state column as strings.
    func funnelSequenceValues(_ a: Argument, plugin: String, scope: Scope) throws -> [String] {
        guard case .dynamic(.array(let items)) = try constant(a.value, scope: scope), !items.isEmpty else {
            throw fail(.invalidOperatorArgument, "\(plugin): Sequence must be a constant non-empty dynamic array of states", a.value.span)
        }
        return items.map { kqlString(dynamicToValue($0)) }
    }
}
