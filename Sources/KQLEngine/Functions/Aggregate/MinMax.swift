import KQLColumns

/// min()/max(): nulls are skipped; NaN is skipped too unless every non-null value is NaN (then NaN).
/// The min/max docs are silent on NaN; the sort docs group NaN with nulls, below every number.
final class ExtremeAccumulator: Accumulator {
    let wantMax: Bool
    let type: KQLType
    var best: Value?
    init(wantMax: Bool, type: KQLType) { self.wantMax = wantMax; self.type = type }
    func add(_ args: [Value]) {
        let v = args[0]
        let rank = orderRank(v)
        if rank == 2 { return }
        guard let b = best, orderRank(b) == 0 else { if rank == 0 || best == nil { best = v }; return }
        if rank == 0, let c = compareValues(v, b), wantMax ? c > 0 : c < 0 { best = v }
    }
    func result() -> Value { best ?? .empty(type) }
    func merge(_ other: Accumulator) { if let o = other as? ExtremeAccumulator, let b = o.best { add([b]) } }
}

private func extreme(_ name: String, max: Bool) -> AggregateFunction {
    AggregateFunction(
        name: name, overloads: fn([p("expr", .notDynamic)], .parameter(0)),
        summary: max ? "Largest non-null value in the group." : "Smallest non-null value in the group.",
        defaultName: { "\(name)_" + ($0.first.flatMap { $0 } ?? "") },
        bind: { site in
            let t = site.resultType
            let integerLike: Set<KQLType> = [.int, .long, .datetime, .timespan]
            return BoundAggregateKind(resultType: t, makeAccumulator: { ExtremeAccumulator(wantMax: max, type: t) },
                                      makeGrouped: integerLike.contains(t) ? { GroupedIntExtreme(wantMax: max) } : nil)
        })
}

let minAggregate = extreme("min", max: false)
let maxAggregate = extreme("max", max: true)
