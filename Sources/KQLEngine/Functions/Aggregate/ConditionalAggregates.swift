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
}

extension CallSite {
    /// The predicate argument of an `*if` aggregate must be bool.
    func requirePredicate(_ i: Int, _ fn: String) throws {
        guard types[i] == .bool else { throw error("\(fn)(): the predicate (argument \(i + 1)) must be bool, not \(types[i])", arg: i) }
    }
}

private func named(_ prefix: String) -> ([String?]) -> String { { "\(prefix)_" + ($0.first.flatMap { $0 } ?? "") } }

let sumifAggregate = AggregateFunction(
    name: "sumif", signatures: ["sumif(expr: int|long|real|timespan, predicate: bool) -> long|real|timespan"],
    summary: "Sum of expr over the rows where the predicate is true.", arity: 2...2, defaultName: named("sumif"),
    bind: { site in
        let t = site.types[0]
        guard t.isNumeric || t == .timespan else { throw site.error("sumif() needs a number or timespan, not \(t)", arg: 0) }
        try site.requirePredicate(1, "sumif")
        let rt: KQLType = t == .int ? .long : t
        return BoundAggregateKind(resultType: rt, makeAccumulator: { PredicateAccumulator(SumAccumulator(type: rt), predicate: 1) })
    })

let avgifAggregate = AggregateFunction(
    name: "avgif", signatures: ["avgif(expr: int|long|real, predicate: bool) -> real"],
    summary: "Average of the non-null values of expr over the rows where the predicate is true.", arity: 2...2, defaultName: named("avgif"),
    bind: { site in
        guard site.types[0].isNumeric else { throw site.error("avgif() needs a number, not \(site.types[0])", arg: 0) }
        try site.requirePredicate(1, "avgif")
        return BoundAggregateKind(resultType: .real, makeAccumulator: { PredicateAccumulator(AvgAccumulator(), predicate: 1) })
    })

private func extremeIf(_ name: String, max: Bool) -> AggregateFunction {
    AggregateFunction(
        name: name, signatures: ["\(name)(expr, predicate: bool) -> type of expr"],
        summary: "The \(max ? "largest" : "smallest") non-null value of expr over the rows where the predicate is true.",
        arity: 2...2, defaultName: named(name),
        bind: { site in
            let t = site.types[0]
            guard t != .dynamic else { throw site.error("\(name)() does not take dynamic values", arg: 0) }
            try site.requirePredicate(1, name)
            return BoundAggregateKind(resultType: t, makeAccumulator: { PredicateAccumulator(ExtremeAccumulator(wantMax: max, type: t), predicate: 1) })
        })
}

let maxifAggregate = extremeIf("maxif", max: true)
let minifAggregate = extremeIf("minif", max: false)

// Kusto estimates dcountif with HyperLogLog; an exact count is within every accuracy level's error bound.
let dcountifAggregate = AggregateFunction(
    name: "dcountif", signatures: ["dcountif(expr, predicate: bool [, accuracy: int]) -> long"],
    summary: "Number of distinct non-null values of expr over the rows where the predicate is true (exact; Kusto estimates).",
    arity: 2...3, defaultName: named("dcountif"),
    bind: { site in
        try site.requirePredicate(1, "dcountif")
        return BoundAggregateKind(resultType: .long, makeAccumulator: { PredicateAccumulator(DistinctCountAccumulator(), predicate: 1) })
    })

let takeAnyifAggregate = AggregateFunction(
    name: "take_anyif", aliases: ["anyif"], signatures: ["take_anyif(expr, predicate: bool) -> type of expr"],
    summary: "An arbitrary non-null value of expr among the rows where the predicate is true (Quarry takes the first one).",
    arity: 2...2, defaultName: named("take_anyif"),
    bind: { site in
        let t = site.types[0]
        try site.requirePredicate(1, "take_anyif")
        return BoundAggregateKind(resultType: t, makeAccumulator: { PredicateAccumulator(TakeAnyAccumulator(type: t), predicate: 1) })
    })

private func collectorIf(_ name: String, distinct: Bool, prefix: String) -> AggregateFunction {
    AggregateFunction(
        name: name, signatures: ["\(name)(expr, predicate: bool [, maxSize: long]) -> dynamic"],
        summary: distinct ? "Array of the distinct non-null values of expr over the rows where the predicate is true."
                          : "Array of the non-null values of expr over the rows where the predicate is true, in input order.",
        arity: 2...3, defaultName: named(prefix),
        bind: { site in
            try site.requirePredicate(1, name)
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
