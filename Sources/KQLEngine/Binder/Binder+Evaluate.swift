import KQLColumns
import KQLSyntax

/// Thrown by the binder at a plugin whose output columns depend on its input's rows (`bag_unpack`
/// without an output schema): the binder never runs anything, so the session runs `plan` (the
/// plugin's input, bound), hands the rows back (`Binder.probedInputs[ordinal]`) and binds the
/// query again; the plugin then reads those rows, so its columns and its data agree.
struct NeedsInputData: Error {
    var ordinal: Int
    var plan: LogicalPlan
    var span: Span
    var plugin: String

    /// How the plugin's output schema is written, for messages.
    var schemaHint: String { plugin == "pivot" ? "(Column:type, PivotValue:type, ...)" : "(*, Name:type, ...)" }
}

extension Binder {
    /// The most columns a data-dependent plugin may make from the data (pivot values, bag slots):
    /// a cap on what one query allocates, far above what a readable result has.
    static let maxDataColumns = 10_000

    func checkDataColumns(_ count: Int, plugin: String, _ span: Span) throws {
        if count > Binder.maxDataColumns {
            throw fail(.invalidOperatorArgument, "\(plugin) would make more than \(Binder.maxDataColumns) columns from the data; narrow its input or give an output schema", span)
        }
    }

    /// evaluate's own parameters: only `hint.*` (hint.distribution and the like steer Kusto's
    /// cluster; the result is the same).
    func checkEvaluateParameters(_ parameters: [OperatorParameter]) throws {
        for p in parameters where !p.name.hasPrefix("hint.") {
            throw fail(.invalidOperatorArgument, "evaluate does not take '\(p.name)'", p.value.span)
        }
    }

    /// `evaluate plugin(args) [: (schema)]`: dispatches on the plugin's name.
    func bindEvaluate(parameters: [OperatorParameter], plugin: Expr, outputSchema: [TypedName]?, input: LogicalPlan,
                      op: QueryOperator, scope: Scope) throws -> LogicalPlan {
        guard case .call(let name, let nameSpan, let args) = plugin.kind else { throw unsupportedPlugin(plugin) }
        try checkEvaluateParameters(parameters)
        switch name {
        case "bag_unpack":
            return try bindBagUnpack(args: args, nameSpan: nameSpan, outputSchema: outputSchema, input: input, plugin: plugin, scope: scope)
        case "ipv4_lookup", "ipv6_lookup":
            return try bindIpv4Lookup(args: args, nameSpan: nameSpan, input: input, scope: scope, plugin: name)
        case "narrow":
            return try bindNarrow(args: args, nameSpan: nameSpan, input: input)
        case "rolling_percentile":
            return try bindRollingPercentile(args: args, nameSpan: nameSpan, input: input, scope: scope)
        case "pivot":
            return try bindPivot(args: args, nameSpan: nameSpan, outputSchema: outputSchema, input: input, scope: scope)
        case "sequence_detect":
            return try bindSequenceDetect(args: args, nameSpan: nameSpan, input: input, scope: scope)
        case "funnel_sequence":
            return try bindFunnelSequence(args: args, nameSpan: nameSpan, input: input, scope: scope)
        case "funnel_sequence_completion":
            return try bindFunnelSequenceCompletion(args: args, nameSpan: nameSpan, input: input, scope: scope)
        case "basket":
            return try bindBasket(args: args, nameSpan: nameSpan, input: input, scope: scope)
        case "autocluster":
            return try bindAutocluster(args: args, nameSpan: nameSpan, input: input, scope: scope)
        case "diffpatterns":
            return try bindDiffPatterns(args: args, nameSpan: nameSpan, input: input, scope: scope)
        case "dcount_intersect":
            return try bindDcountIntersect(args: args, nameSpan: nameSpan, input: input, scope: scope)
        case "active_users_count":
            return try bindActiveUsersCount(args: args, nameSpan: nameSpan, input: input, scope: scope)
        case "activity_metrics":
            return try bindActivityMetrics(args: args, nameSpan: nameSpan, input: input, scope: scope)
        case "activity_counts_metrics":
            return try bindActivityCountsMetrics(args: args, nameSpan: nameSpan, input: input, scope: scope)
        case "sliding_window_counts":
            return try bindSlidingWindowCounts(args: args, nameSpan: nameSpan, input: input, scope: scope)
        case "rows_near":
            return try bindRowsNear(args: args, nameSpan: nameSpan, input: input, scope: scope)
        default:
            throw unsupportedPlugin(plugin)
        }
    }

    /// The rows of a data-dependent plugin's input, once the session has run it (else it throws
    /// `NeedsInputData` for the session to do so).
    func probedInput(_ plan: LogicalPlan, span: Span, plugin: String) throws -> Table {
        let ordinal = probesMet
        probesMet += 1
        if ordinal < probedInputs.count { return probedInputs[ordinal] }
        throw NeedsInputData(ordinal: ordinal, plan: plan, span: span, plugin: plugin)
    }
}
