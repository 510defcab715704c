import KQLColumns

final class CountAccumulator: Accumulator {
    var n: Int64 = 0
    let conditional: Bool
    init(conditional: Bool) { self.conditional = conditional }
    func add(_ args: [Value]) { if !conditional || isTrue(args[0]) { n += 1 } }
    func result() -> Value { .long(n) }
    func merge(_ other: Accumulator) { if let o = other as? CountAccumulator { n = n &+ o.n } }
}

let countAggregate = AggregateFunction(
    name: "count", overloads: fn([opt("expr", .scalar)], .fixed(.long)), summary: "Number of rows in the group.",
    defaultName: { "count_" + ($0.first.flatMap { $0 } ?? "") },
    bind: { _ in BoundAggregateKind(resultType: .long, makeAccumulator: { CountAccumulator(conditional: false) },
                                    makeGrouped: { GroupedCount(conditional: false) }) })
