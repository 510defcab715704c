import KQLColumns
import KQLSyntax

extension Binder {
    /// `evaluate autocluster([SizeWeight, WeightColumn, NumSeeds, CustomWildcard, ...])` (autocluster-plugin.md).
    /// Output, as Kusto's binder gives it: SegmentId (long), Count (long), Percent (real), then the
    /// input's columns. See `Autocluster.run` for the algorithm (Kusto's is not fully documented).
    func bindAutocluster(args: [Argument], nameSpan: Span, input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        for a in args where a.name != nil { throw fail(.invalidOperatorArgument, "autocluster takes no named arguments", a.value.span) }
        let sizeWeight = try patternNumber(args.first, plugin: "autocluster", what: "SizeWeight", range: 0...1, scope: scope) ?? 0.5
        let columns = try patternColumns(input: input, weightArg: args.count > 1 ? args[1] : nil, wildcardArgs: args.dropFirst(3),
                                         exclude: nil, plugin: "autocluster", scope: scope)
        let seeds = try patternCount(args.count > 2 ? args[2] : nil, plugin: "autocluster", what: "NumSeeds", scope: scope) ?? 25
        let schema = patternSchema(["SegmentId": .long, "Count": .long, "Percent": .real], order: ["SegmentId", "Count", "Percent"],
                                   input: input, shown: columns.shown)
        let node = Autocluster(columns: columns, sizeWeight: sizeWeight, seeds: seeds, schema: schema, nameSpan: nameSpan)
        return .tablePlugin(.init(input: input, plugin: node))
    }
}
