import Foundation
import KQLColumns

/// Sample variance (Bessel's correction) by Welford's method; null for an empty group, 0 for a single value.
/// With `population`, the population variance (divided by n; stdevp, variancep).
final class VarianceAccumulator: Accumulator {
    let stdev: Bool
    let population: Bool
    var n = 0
    var mean = 0.0
    var m2 = 0.0
    init(stdev: Bool, population: Bool = false) { self.stdev = stdev; self.population = population }
    func add(_ args: [Value]) {
        guard let x = numericDouble(args[0]) else { return }
        n += 1
        let d = x - mean
        mean += d / Double(n)
        m2 += d * (x - mean)
    }
    func result() -> Value {
        guard n > 0 else { return .null(.real) }
        let v = population ? m2 / Double(n) : (n == 1 ? 0 : m2 / Double(n - 1))
        return .real(stdev ? v.squareRoot() : v)
    }
    /// Chan et al.'s pairwise combination of two Welford states.
    func merge(_ other: Accumulator) {
        guard let o = other as? VarianceAccumulator, o.n > 0 else { return }
        guard n > 0 else { n = o.n; mean = o.mean; m2 = o.m2; return }
        let total = n + o.n, d = o.mean - mean
        mean += d * Double(o.n) / Double(total)
        m2 += o.m2 + d * d * Double(n) * Double(o.n) / Double(total)
        n = total
    }
}

private func dispersion(_ name: String, stdev: Bool) -> AggregateFunction {
    AggregateFunction(
        name: name, overloads: fn([p("expr", .number)], .fixed(.real)),
        summary: stdev ? "Sample standard deviation of the group (Bessel's correction)." : "Sample variance of the group (Bessel's correction).",
        defaultName: { "\(name)_" + ($0.first.flatMap { $0 } ?? "") },
        bind: { _ in
            return BoundAggregateKind(resultType: .real, makeAccumulator: { VarianceAccumulator(stdev: stdev) })
        })
}

let stdevAggregate = dispersion("stdev", stdev: true)
let varianceAggregate = dispersion("variance", stdev: false)

/// Exact nearest-rank percentile: the smallest value such that P percent of the values are at or below it.
final class PercentileAccumulator: Accumulator {
    let p: Double
    let type: KQLType
    var values: [Value] = []
    init(p: Double, type: KQLType) { self.p = p; self.type = type }
    /// Nulls and NaNs are skipped (NaN has no rank; sort groups it with nulls).
    func add(_ args: [Value]) { if orderRank(args[0]) == 0 { values.append(args[0]) } }
    func result() -> Value {
        guard !values.isEmpty, !p.isNaN else { return .empty(type) }
        let sorted = values.sorted { (compareValues($0, $1) ?? 0) < 0 }
        // P is decimal but the double is binary: 99.9% of 1000 is 999.0000000000001 in doubles, which
        // must not round up to rank 1000. A relative tolerance far below one rank absorbs that.
        let exact = p / 100 * Double(sorted.count)
        let r = (exact - Swift.max(1, exact) * 1e-12).rounded(.up)   // clamped before converting: p may be huge
        let rank = p <= 0 ? 1 : (r >= Double(sorted.count) ? sorted.count : Int(r))
        let v = sorted[min(sorted.count, max(1, rank)) - 1]
        if type == .long, case .int(let x) = v { return .long(Int64(x)) }
        return v
    }
    func merge(_ other: Accumulator) { if let o = other as? PercentileAccumulator { values += o.values } }
}

let percentileAggregate = AggregateFunction(
    name: "percentile", overloads: fn([p("expr", .oneOf([.int, .long, .real, .datetime, .timespan])), p("percentile", .number)], .parameter(0)),
    summary: "Nearest-rank percentile of the group; Kusto documents it as an estimate (T-Digest), Quarry computes it exactly.",
    defaultName: { "percentile_" + ($0.first.flatMap { $0 } ?? "") },
    bind: { site in
        // An int column's percentile is a long (as Kusto's binder types it: percentile_x_95:long).
        let t: KQLType = site.resultType == .int ? .long : site.resultType
        guard let c = site.constants[1], let p = numericDouble(c), p >= 0, p <= 100 else {
            throw site.error("percentile(): the percentile must be a constant number from 0 to 100", arg: 1)
        }
        return BoundAggregateKind(resultType: t, makeAccumulator: { PercentileAccumulator(p: p, type: t) })
    })
