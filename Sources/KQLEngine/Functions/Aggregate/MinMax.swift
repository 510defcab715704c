import KQLColumns

final class ExtremeAccumulator: Accumulator {
    let wantMax: Bool
    let type: KQLType
    var best: Value?
    init(wantMax: Bool, type: KQLType) { self.wantMax = wantMax; self.type = type }
    func add(_ args: [Value]) {
        let v = args[0]
        if v.isNull { return }
        guard let b = best else { best = v; return }
        if let c = compareValues(v, b), wantMax ? c > 0 : c < 0 { best = v }
    }
    func result() -> Value { best ?? .empty(type) }
}

private func extreme(_ name: String, max: Bool) -> AggregateFunction {
    AggregateFunction(
        name: name, signatures: ["\(name)(expr) -> type of expr"],
        summary: max ? "Largest non-null value in the group." : "Smallest non-null value in the group.",
        arity: 1...1, defaultName: { "\(name)_" + ($0.first.flatMap { $0 } ?? "") },
        bind: { site in
            let t = site.types[0]
            guard t != .dynamic else { throw site.error("\(name)() does not take dynamic values", arg: 0) }
            let integerLike: Set<KQLType> = [.int, .long, .datetime, .timespan]
            return BoundAggregateKind(resultType: t, makeAccumulator: { ExtremeAccumulator(wantMax: max, type: t) },
                                      makeGrouped: integerLike.contains(t) ? { GroupedIntExtreme(wantMax: max) } : nil)
        })
}

let minAggregate = extreme("min", max: false)
let maxAggregate = extreme("max", max: true)
