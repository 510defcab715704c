import KQLColumns

/// Feeds a row's value arguments to `inner` only when the predicate argument is true (the `*if` aggregates).
final class PredicateAccumulator: Accumulator {
    let inner: Accumulator
    let predicate: Int
    init(_ inner: Accumulator, predicate: Int) { self.inner = inner; self.predicate = predicate }
    func add(_ args: [Value]) {
        guard isTrue(args[predicate]) else { return }
        inner.add(Array(args[..<predicate]))
    }
    func result() -> Value { inner.result() }
    func merge(_ other: Accumulator) { if let o = other as? PredicateAccumulator { inner.merge(o.inner) } }
}

private let predicate = p("predicate", .type(.bool))

private func named(_ prefix: String) -> ([String?]) -> String { { "\(prefix)_" + ($0.first.flatMap { $0 } ?? "") } }

let sumifAggregate = AggregateFunction(
    name: "sumif", overloads: sumOverloads(extra: [predicate]),
    summary: "Sum of expr over the rows where the predicate is true.", defaultName: named("sumif"),
    bind: { site in
        let rt = site.resultType
        return BoundAggregateKind(resultType: rt, makeAccumulator: { PredicateAccumulator(SumAccumulator(type: rt), predicate: 1) })
    })

let avgifAggregate = AggregateFunction(
    name: "avgif", overloads: fn([p("expr", .number), predicate], .fixed(.real)),
    summary: "Average of the non-null values of expr over the rows where the predicate is true.", defaultName: named("avgif"),
    bind: { _ in
        return BoundAggregateKind(resultType: .real, makeAccumulator: { PredicateAccumulator(AvgAccumulator(), predicate: 1) })
    })

private func extremeIf(_ name: String, max: Bool) -> AggregateFunction {
    AggregateFunction(
        name: name, overloads: fn([p("expr", .notDynamic), predicate], .parameter(0)),
        summary: "The \(max ? "largest" : "smallest") non-null value of expr over the rows where the predicate is true.",
        defaultName: named(name),
        bind: { site in
            let t = site.resultType
            return BoundAggregateKind(resultType: t, makeAccumulator: { PredicateAccumulator(ExtremeAccumulator(wantMax: max, type: t), predicate: 1) })
        })
}

let maxifAggregate = extremeIf("maxif", max: true)
let minifAggregate = extremeIf("minif", max: false)

// Kusto estimates dcountif with HyperLogLog; an exact count is within every accuracy level's error bound.
let dcountifAggregate = AggregateFunction(
    name: "dcountif", overloads: fn([p("expr", .scalar), predicate, opt("accuracy", .integer)], .fixed(.long)),
    summary: "Number of distinct non-null values of expr over the rows where the predicate is true (exact; Kusto estimates).",
    defaultName: named("dcountif"),
    bind: { _ in
        return BoundAggregateKind(resultType: .long, makeAccumulator: { PredicateAccumulator(DistinctCountAccumulator(), predicate: 1) })
    })

let takeAnyifAggregate = AggregateFunction(
    name: "take_anyif", aliases: ["anyif"], overloads: fn([p("expr", .scalar), predicate], .parameter(0)),
    summary: "An arbitrary non-null value of expr among the rows where the predicate is true (Quarry takes the first one).",
    defaultName: named("take_anyif"),
    bind: { site in
        let t = site.resultType
        return BoundAggregateKind(resultType: t, makeAccumulator: { PredicateAccumulator(TakeAnyAccumulator(type: t), predicate: 1) })
    })

private func collectorIf(_ name: String, distinct: Bool, prefix: String) -> AggregateFunction {
    AggregateFunction(
        name: name, overloads: fn([p("expr", .scalar), predicate, opt("maxSize", .integer)], .fixed(.dynamic)),
        summary: distinct ? "Array of the distinct non-null values of expr over the rows where the predicate is true."
                          : "Array of the non-null values of expr over the rows where the predicate is true, in input order.",
        defaultName: named(prefix),
        bind: { site in
            var limit = 1_048_576
            if site.types.count == 3 {
                guard let c = site.constants[2], let n = integerValue(c), n > 0 else { throw site.error("\(name)(): maxSize must be a positive constant", arg: 2) }
                limit = Int(n)
            }
            let l = limit
            return BoundAggregateKind(resultType: .dynamic, makeAccumulator: { PredicateAccumulator(CollectAccumulator(distinct: distinct, limit: l), predicate: 1) })
        })
}

let makeSetIfAggregate = collectorIf("make_set_if", distinct: true, prefix: "set")
let makeListIfAggregate = collectorIf("make_list_if", distinct: false, prefix: "list")
