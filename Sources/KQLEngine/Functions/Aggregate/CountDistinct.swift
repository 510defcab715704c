import KQLColumns

// count_distinct, count_distinctif (count-distinct-aggregation-function.md,
// count-distinctif-aggregation-function.md): the exact number of distinct non-null values, as Kusto
// computes it (unlike dcount, which Kusto estimates).

let countDistinctAggregate = AggregateFunction(
    name: "count_distinct", overloads: fn([p("expr", .notDynamic)], .fixed(.long)),
    summary: "The exact number of distinct non-null values of expr in the group.",
    defaultName: { "count_distinct_" + ($0.first.flatMap { $0 } ?? "") },
    bind: { _ in BoundAggregateKind(resultType: .long, makeAccumulator: { DistinctCountAccumulator() }) })

let countDistinctifAggregate = AggregateFunction(
    name: "count_distinctif", overloads: fn([p("expr", .notDynamic), p("predicate", .type(.bool))], .fixed(.long)),
    summary: "The exact number of distinct non-null values of expr over the rows where the predicate is true.",
    defaultName: { "count_distinctif_" + ($0.first.flatMap { $0 } ?? "") },
    bind: { _ in BoundAggregateKind(resultType: .long, makeAccumulator: { PredicateAccumulator(DistinctCountAccumulator(), predicate: 1) }) })
