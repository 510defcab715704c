import KQLColumns

final class TakeAnyAccumulator: Accumulator {
    let type: KQLType
    var value: Value?
    init(type: KQLType) { self.type = type }
    func add(_ args: [Value]) { if value == nil, !args[0].isNull { value = args[0] } }
    func result() -> Value { value ?? .empty(type) }
    func merge(_ other: Accumulator) { if value == nil, let o = other as? TakeAnyAccumulator { value = o.value } }
}

let takeAnyAggregate = AggregateFunction(
    name: "take_any", aliases: ["any"], overloads: fn([p("expr", .scalar)], .parameter(0)),
    summary: "An arbitrary non-null value of the group (Quarry takes the first one).",
    defaultName: { $0.first.flatMap { $0 } ?? "any_" },
    bind: { site in
        let t = site.resultType
        return BoundAggregateKind(resultType: t, makeAccumulator: { TakeAnyAccumulator(type: t) })
    })
