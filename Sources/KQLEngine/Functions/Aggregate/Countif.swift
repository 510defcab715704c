import KQLColumns

let countifAggregate = AggregateFunction(
    name: "countif", overloads: fn([p("predicate", .type(.bool))], .fixed(.long)), summary: "Number of rows for which the predicate is true.",
    defaultName: { _ in "countif_" },
    bind: { _ in
        return BoundAggregateKind(resultType: .long, makeAccumulator: { CountAccumulator(conditional: true) },
                                  makeGrouped: { GroupedCount(conditional: true) })
    })
