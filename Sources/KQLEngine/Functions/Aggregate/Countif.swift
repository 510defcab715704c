import KQLColumns

let countifAggregate = AggregateFunction(
    name: "countif", signatures: ["countif(predicate: bool) -> long"], summary: "Number of rows for which the predicate is true.",
    arity: 1...1, defaultName: { _ in "countif_" },
    bind: { site in
        guard site.types[0] == .bool else { throw site.error("countif() needs a bool predicate, not \(site.types[0])", arg: 0) }
        return BoundAggregateKind(resultType: .long, makeAccumulator: { CountAccumulator(conditional: true) },
                                  makeGrouped: { GroupedCount(conditional: true) })
    })
