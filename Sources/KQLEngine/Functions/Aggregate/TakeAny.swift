import KQLColumns

final class TakeAnyAccumulator: Accumulator {
    let type: KQLType
    var value: Value?
    init(type: KQLType) { self.type = type }
    func add(_ args: [Value]) { if value == nil, !args[0].isNull { value = args[0] } }
    func result() -> Value { value ?? .empty(type) }
}

let takeAnyAggregate = AggregateFunction(
    name: "take_any", aliases: ["any"], signatures: ["take_any(expr) -> type of expr"],
    summary: "An arbitrary non-null value of the group (Quarry takes the first one).",
    arity: 1...1, defaultName: { $0.first.flatMap { $0 } ?? "any_" },
    bind: { site in
        let t = site.types[0]
        return BoundAggregateKind(resultType: t, makeAccumulator: { TakeAnyAccumulator(type: t) })
    })
