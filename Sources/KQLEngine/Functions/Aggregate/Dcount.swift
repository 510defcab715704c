import KQLColumns

final class DistinctCountAccumulator: Accumulator {
    var seen = Set<Value>()
    func add(_ args: [Value]) { if !args[0].isNull { seen.insert(distinctKey(args[0])) } }   // all NaNs count once
    func result() -> Value { .long(Int64(seen.count)) }
    func merge(_ other: Accumulator) { if let o = other as? DistinctCountAccumulator { seen.formUnion(o.seen) } }
}

// Kusto estimates dcount with HyperLogLog; an exact count is within every accuracy level's error bound.
let dcountAggregate = AggregateFunction(
    name: "dcount", overloads: fn([p("expr", .scalar), opt("accuracy", .integer)], .fixed(.long)),
    summary: "Number of distinct non-null values in the group.", defaultName: { "dcount_" + ($0.first.flatMap { $0 } ?? "") },
    bind: { _ in BoundAggregateKind(resultType: .long, makeAccumulator: { DistinctCountAccumulator() },
                                    makeGrouped: { GroupedDistinctCount() }) })
