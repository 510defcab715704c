import KQLColumns
import KQLSyntax

extension Binder {
    /// `evaluate diffpatterns(SplitColumn, SplitValueA, SplitValueB [, WeightColumn, Threshold, MaxDimensions, CustomWildcard, ...])`
    /// (diffpatterns-plugin.md). Output: SegmentId, CountA, CountB (long), PercentA, PercentB,
    /// PercentDiffAB (real), then the input's columns but the split column — the page's example
    /// output leaves it out (Kusto.Language's binder keeps it; the service's output is followed).
    /// A set is the rows whose split value, as a string, equals SplitValueA (or B).
    func bindDiffPatterns(args: [Argument], nameSpan: Span, input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        let plugin = "diffpatterns"
        for a in args where a.name != nil { throw fail(.invalidOperatorArgument, "\(plugin) takes no named arguments", a.value.span) }
        guard args.count >= 3 else {
            throw fail(.invalidOperatorArgument, "\(plugin) expects (SplitColumn, SplitValueA, SplitValueB [, WeightColumn, Threshold, MaxDimensions, CustomWildcard, ...])", nameSpan)
        }
        guard case .name(let n) = args[0].value.kind, let split = input.schema.index(of: n) else {
            throw fail(.invalidOperatorArgument, "\(plugin): SplitColumn must be a column of the input", args[0].value.span)
        }
        func splitValue(_ a: Argument) throws -> String {
            let v = try constant(a.value, scope: scope)
            guard !v.isNull else { throw fail(.invalidOperatorArgument, "\(plugin): a split value must be a non-null constant", a.value.span) }
            return kqlString(v)
        }
        let a = try splitValue(args[1]), b = try splitValue(args[2])
        let columns = try patternColumns(input: input, weightArg: args.count > 3 ? args[3] : nil, wildcardArgs: args.dropFirst(6),
                                         exclude: split, plugin: plugin, scope: scope)
        let threshold = try patternNumber(args.count > 4 ? args[4] : nil, plugin: plugin, what: "Threshold", range: 0.015...1, scope: scope) ?? 0.05
        let maxDims = try patternCount(args.count > 5 ? args[5] : nil, plugin: plugin, what: "MaxDimensions", scope: scope) ?? Int.max
        let lead = ["SegmentId", "CountA", "CountB", "PercentA", "PercentB", "PercentDiffAB"]
        let types: [String: KQLType] = ["SegmentId": .long, "CountA": .long, "CountB": .long, "PercentA": .real, "PercentB": .real, "PercentDiffAB": .real]
        let schema = patternSchema(types, order: lead, input: input, shown: columns.shown)
        let node = DiffPatterns(columns: columns, split: split, valueA: a, valueB: b, threshold: threshold, maxDimensions: maxDims,
                                schema: schema, nameSpan: nameSpan)
        return .tablePlugin(.init(input: input, plugin: node))
    }
}
