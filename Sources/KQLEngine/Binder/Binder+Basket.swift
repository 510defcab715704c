import KQLColumns
import KQLSyntax

extension Binder {
    /// `evaluate basket([Threshold, WeightColumn, MaxDimensions, CustomWildcard, ...])` (basket-plugin.md).
    /// Output, as Kusto's binder gives it: SegmentId (long), Count (long), Percent (real), then the
    /// input's columns. See `Basket.run` for the algorithm.
    func bindBasket(args: [Argument], nameSpan: Span, input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        for a in args where a.name != nil { throw fail(.invalidOperatorArgument, "basket takes no named arguments", a.value.span) }
        let threshold = try patternNumber(args.first, plugin: "basket", what: "Threshold", range: 0.015...1, scope: scope) ?? 0.05
        let columns = try patternColumns(input: input, weightArg: args.count > 1 ? args[1] : nil, wildcardArgs: args.dropFirst(3),
                                         exclude: nil, plugin: "basket", scope: scope)
        let maxDims = try patternCount(args.count > 2 ? args[2] : nil, plugin: "basket", what: "MaxDimensions", scope: scope) ?? 5
        let schema = patternSchema(["SegmentId": .long, "Count": .long, "Percent": .real], order: ["SegmentId", "Count", "Percent"],
                                   input: input, shown: columns.shown)
        let node = Basket(columns: columns, threshold: threshold, maxDimensions: maxDims, schema: schema, nameSpan: nameSpan)
        return .tablePlugin(.init(input: input, plugin: node))
    }

    /// The leading columns, then the shown input columns (an input column named like a leading
    /// one takes a numeric suffix).
    func patternSchema(_ lead: [String: KQLType], order: [String], input: LogicalPlan, shown: [Int]) -> Schema {
        var fields = order.map { Field($0, lead[$0] ?? .long) }
        var used = Set(order)
        for i in shown {
            let f = input.schema.fields[i]
            var name = f.name, k = 1
            while used.contains(name) { name = "\(f.name)\(k)"; k += 1 }
            used.insert(name)
            fields.append(Field(name, f.type))
        }
        return Schema(fields)
    }
}
