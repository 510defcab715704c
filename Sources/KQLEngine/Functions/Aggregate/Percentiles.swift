import KQLColumns

// The percentile family beyond percentile() (percentiles-aggregation-function.md,
// percentilesw-aggregation-function.md): percentilew (weighted), percentiles_array and
// percentilesw_array (one dynamic array column). percentiles(x, p1, …) and percentilesw(x, w, p1, …)
// are expanded by the binder into one percentile()/percentilew() per percentile
// (Binder+Percentiles.swift), named percentile_<x>_<p> as Kusto names them.
// Like percentile(), all are exact nearest-rank percentiles where Kusto estimates (T-Digest):
// on small groups Kusto's estimate is a value of the group too, and the two agree on the docs'
// examples; on large groups Kusto's answer may differ slightly from the exact one.

/// Values with integer weights; the p-th percentile is the smallest value whose cumulative weight
/// reaches ceil(p/100 × total weight) (nearest rank over the values repeated weight times).
final class WeightedPercentileAccumulator: Accumulator {
    let ps: [Double]
    let type: KQLType
    let asArray: Bool
    let weighted: Bool
    var values: [(Value, Int64)] = []
    init(ps: [Double], type: KQLType, asArray: Bool, weighted: Bool) {
        self.ps = ps; self.type = type; self.asArray = asArray; self.weighted = weighted
    }
    func add(_ args: [Value]) {
        guard orderRank(args[0]) == 0 else { return }   // nulls and NaN have no rank
        var w: Int64 = 1
        if weighted {
            guard let x = integerValue(args[1]), x > 0 else { return }   // a row of weight 0 (or null) counts nothing
            w = x
        }
        values.append((args[0], w))
    }
    func result() -> Value {
        if asArray && values.isEmpty { return .dynamic(.null) }
        let picked = percentiles()
        if asArray { return .dynamic(.array(picked.map { toDynamic($0) })) }
        return picked.first ?? .empty(type)
    }
    func percentiles() -> [Value] {
        guard !values.isEmpty else { return ps.map { _ in .empty(type) } }
        let sorted = values.sorted { (compareValues($0.0, $1.0) ?? 0) < 0 }
        var total: Double = 0
        for (_, w) in sorted { total += Double(w) }
        return ps.map { p in
            guard !p.isNaN else { return .empty(type) }
            // As in percentile(): a relative tolerance keeps 99.9% of 1000 (999.0000000000001 in
            // doubles) at rank 999.
            let exact = min(max(p, 0), 100) / 100 * total
            let rank = max(1, (exact - max(1, exact) * 1e-12).rounded(.up))
            var seen: Double = 0
            for (v, w) in sorted {
                seen += Double(w)
                if seen >= rank { return v }
            }
            return sorted[sorted.count - 1].0
        }
    }
    func merge(_ other: Accumulator) { if let o = other as? WeightedPercentileAccumulator { values += o.values } }
}

/// The constant percentile arguments from index `from` on (numbers, or one dynamic array of numbers).
private func percentileList(_ site: CallSite, from: Int, name: String) throws -> [Double] {
    var ps: [Double] = []
    for i in from..<site.constants.count {
        guard let c = site.constants[i] else { throw site.error("\(name)(): the percentiles must be constants", arg: i) }
        if case .dynamic(.array(let items)) = c {
            for item in items {
                guard let p = numericDouble(dynamicToValue(item)), p >= 0, p <= 100 else {
                    throw site.error("\(name)(): each percentile must be a number from 0 to 100", arg: i)
                }
                ps.append(p)
            }
            continue
        }
        guard let p = numericDouble(c), p >= 0, p <= 100 else { throw site.error("\(name)(): each percentile must be a number from 0 to 100", arg: i) }
        ps.append(p)
    }
    guard !ps.isEmpty else { throw site.error("\(name)(): at least one percentile is needed") }
    return ps
}

private let orderable: ParamType = .oneOf([.int, .long, .real, .datetime, .timespan])

let percentilewAggregate = AggregateFunction(
    name: "percentilew", overloads: fn([p("expr", orderable), p("weight", .integer), p("percentile", .number)], .parameter(0)),
    summary: "Weighted nearest-rank percentile of the group (each value counts weight times); exact where Kusto estimates.",
    defaultName: { "percentile_" + ($0.first.flatMap { $0 } ?? "") },
    bind: { site in
        let t = site.resultType
        let ps = try percentileList(site, from: 2, name: "percentilew")
        return BoundAggregateKind(resultType: t, makeAccumulator: { WeightedPercentileAccumulator(ps: ps, type: t, asArray: false, weighted: true) })
    })

let percentilesArrayAggregate = AggregateFunction(
    name: "percentiles_array",
    overloads: [Overload([p("expr", orderable)], repeating: Repeat(params: [p("percentile", .scalar)], min: 1, max: 64), .fixed(.dynamic))],
    summary: "Nearest-rank percentiles of the group as one dynamic array (percentiles as numbers or one dynamic array).",
    defaultName: { "percentiles_" + ($0.first.flatMap { $0 } ?? "") },
    bind: { site in
        let ps = try percentileList(site, from: 1, name: "percentiles_array")
        let t = site.types[0]
        return BoundAggregateKind(resultType: .dynamic, makeAccumulator: { WeightedPercentileAccumulator(ps: ps, type: t, asArray: true, weighted: false) })
    })

let percentileswArrayAggregate = AggregateFunction(
    name: "percentilesw_array",
    overloads: [Overload([p("expr", orderable), p("weight", .integer)], repeating: Repeat(params: [p("percentile", .scalar)], min: 1, max: 64), .fixed(.dynamic))],
    summary: "Weighted nearest-rank percentiles of the group as one dynamic array.",
    defaultName: { "percentiles_" + ($0.first.flatMap { $0 } ?? "") },
    bind: { site in
        let ps = try percentileList(site, from: 2, name: "percentilesw_array")
        let t = site.types[0]
        return BoundAggregateKind(resultType: .dynamic, makeAccumulator: { WeightedPercentileAccumulator(ps: ps, type: t, asArray: true, weighted: true) })
    })
