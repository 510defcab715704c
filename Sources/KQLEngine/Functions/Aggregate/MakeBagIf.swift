import KQLColumns

/// make_bag_if (make-bag-if-aggregation-function.md): make_bag over the rows where the predicate is true.
let makeBagIfAggregate = AggregateFunction(
    name: "make_bag_if", overloads: fn([p("expr", .type(.dynamic)), p("predicate", .type(.bool)), opt("maxSize", .integer)], .fixed(.dynamic)),
    summary: "One property bag merging the bag values of expr over the rows where the predicate is true (non-bags are skipped).",
    defaultName: { "bag_" + ($0.first.flatMap { $0 } ?? "") },
    bind: { site in
        var limit = 1_048_576
        if site.types.count == 3 {
            guard let c = site.constants[2], let n = integerValue(c), n > 0 else { throw site.error("make_bag_if(): maxSize must be a positive constant", arg: 2) }
            limit = Int(min(n, 1_048_576))
        }
        let l = limit
        return BoundAggregateKind(resultType: .dynamic, makeAccumulator: { PredicateAccumulator(BagAccumulator(limit: l), predicate: 1) })
    })
