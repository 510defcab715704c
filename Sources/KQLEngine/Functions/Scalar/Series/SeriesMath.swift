import Foundation
import KQLColumns

// Element-wise math on a series (series_exp, series_log, series_sign, series_floor, series_ceiling,
// series_sin … series_atan, series_pow) and reductions to one real (series_sum, series_product,
// series_dot_product, series_magnitude, series_cosine_similarity, series_pearson_correlation).
// An element that is not a number, or outside the function's domain (log of a negative, asin of 2),
// gives null; reductions over arrays with such elements are null, and pairs of arrays of different
// lengths give null (as the docs say for series_pearson_correlation).

private func unarySeries(_ name: String, summary: String, domain: @escaping (Double) -> Bool = { _ in true },
                         _ f: @escaping (Double) -> Double) -> ScalarFunction {
    rowFunction(name, fn([p("series", .type(.dynamic))], .fixed(.dynamic)), summary: summary, kernel: { args in
        guard let xs = seriesValues(args[0]) else { return .dynamic(.null) }
        return .dynamic(seriesArray(xs.map { x in x.flatMap { domain($0) ? f($0) : nil } }))
    })
}

let seriesExpFunction = unarySeries("series_exp", summary: "Element-wise e raised to each element of a series.", Foundation.exp)
let seriesLogFunction = unarySeries("series_log", summary: "Element-wise natural logarithm of a series (null for negative elements).", domain: { $0 >= 0 }, Foundation.log)
let seriesSignFunction = unarySeries("series_sign", summary: "Element-wise sign of a series: -1, 0 or 1.") { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) }
let seriesFloorFunction = unarySeries("series_floor", summary: "Element-wise floor of a series.") { $0.rounded(.down) }
let seriesCeilingFunction = unarySeries("series_ceiling", summary: "Element-wise ceiling of a series.") { $0.rounded(.up) }
let seriesSinFunction = unarySeries("series_sin", summary: "Element-wise sine of a series.", Foundation.sin)
let seriesCosFunction = unarySeries("series_cos", summary: "Element-wise cosine of a series.", Foundation.cos)
let seriesTanFunction = unarySeries("series_tan", summary: "Element-wise tangent of a series.", Foundation.tan)
let seriesAsinFunction = unarySeries("series_asin", summary: "Element-wise arcsine of a series (null outside [-1, 1]).", domain: { abs($0) <= 1 }, Foundation.asin)
let seriesAcosFunction = unarySeries("series_acos", summary: "Element-wise arccosine of a series (null outside [-1, 1]).", domain: { abs($0) <= 1 }, Foundation.acos)
let seriesAtanFunction = unarySeries("series_atan", summary: "Element-wise arctangent of a series.", Foundation.atan)

/// Both arguments as equal-length number arrays (a number stands for every element); nil otherwise.
private func pairedNumbers(_ a: Value, _ b: Value) -> ([Double], [Double])? {
    func read(_ v: Value) -> [Double?]? {
        if let x = numericDouble(v), !(v.isDynamicValue) { return [x] }
        return seriesValues(v)
    }
    guard let xs = read(a), let ys = read(b) else { return nil }
    let aScalar = !(a.isDynamicValue), bScalar = !(b.isDynamicValue)
    let n = aScalar ? ys.count : xs.count
    guard aScalar || bScalar || xs.count == ys.count else { return nil }
    var u: [Double] = [], v: [Double] = []
    for i in 0..<n {
        guard let x = aScalar ? xs[0] : xs[i], let y = bScalar ? ys[0] : ys[i] else { return nil }
        u.append(x); v.append(y)
    }
    return (u, v)
}

extension Value {
    /// Whether this is a dynamic value (a series) rather than a plain number.
    fileprivate var isDynamicValue: Bool { if case .dynamic = self { return true }; return false }
}

let seriesPowFunction = rowFunction(
    "series_pow", fn([p("series1", .scalar), p("series2", .scalar)], .fixed(.dynamic)),
    summary: "Element-wise series1 raised to the power series2 (either may be a number).", kernel: { args in
        func read(_ v: Value) -> [Double?]? { if case .dynamic = v { return seriesValues(v) }; return numericDouble(v).map { [$0] } }
        guard let xs = read(args[0]), let ys = read(args[1]) else { return .dynamic(.null) }
        let aScalar: Bool = { if case .dynamic = args[0] { return false }; return true }()
        let bScalar: Bool = { if case .dynamic = args[1] { return false }; return true }()
        let n = max(aScalar ? 0 : xs.count, bScalar ? 0 : ys.count)
        return .dynamic(seriesArray((0..<n).map { i -> Double? in
            let x = aScalar ? xs.first ?? nil : (i < xs.count ? xs[i] : nil)
            let y = bScalar ? ys.first ?? nil : (i < ys.count ? ys[i] : nil)
            guard let x, let y else { return nil }
            return Foundation.pow(x, y)
        }))
    })

private func reduceSeries(_ name: String, summary: String, _ f: @escaping ([Double]) -> Double) -> ScalarFunction {
    rowFunction(name, fn([p("series", .type(.dynamic))], .fixed(.real)), summary: summary, kernel: { args in
        guard let xs = seriesValues(args[0]) else { return .null(.real) }
        var vals: [Double] = []
        for x in xs { guard let x else { return .null(.real) }; vals.append(x) }
        return .real(f(vals))
    })
}

let seriesSumFunction = reduceSeries("series_sum", summary: "The sum of a series' elements.") { $0.reduce(0, +) }
let seriesProductFunction = reduceSeries("series_product", summary: "The product of a series' elements.") { $0.reduce(1, *) }
let seriesMagnitudeFunction = reduceSeries("series_magnitude", summary: "The magnitude (Euclidean norm) of a series: the square root of the sum of squares.") {
    $0.reduce(0) { $0 + $1 * $1 }.squareRoot()
}

let seriesDotProductFunction = rowFunction(
    "series_dot_product", fn([p("series1", .scalar), p("series2", .scalar)], .fixed(.real)),
    summary: "The dot product of two series (either may be a number).", kernel: { args in
        guard let (u, v) = pairedNumbers(args[0], args[1]) else { return .null(.real) }
        return .real(zip(u, v).reduce(0) { $0 + $1.0 * $1.1 })
    })

let seriesCosineSimilarityFunction = rowFunction(
    "series_cosine_similarity",
    fn([p("series1", .type(.dynamic)), p("series2", .type(.dynamic)), opt("magnitude1", .type(.real)), opt("magnitude2", .type(.real))], .fixed(.real)),
    summary: "Cosine similarity of two series: dot product / (magnitude1 · magnitude2); the magnitudes may be given.", kernel: { args in
        guard let (u, v) = pairedNumbers(args[0], args[1]) else { return .null(.real) }
        let dot = zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }
        let m1 = args.count > 2 ? numericDouble(args[2]) ?? u.reduce(0) { $0 + $1 * $1 }.squareRoot() : u.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let m2 = args.count > 3 ? numericDouble(args[3]) ?? v.reduce(0) { $0 + $1 * $1 }.squareRoot() : v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return .real(dot / (m1 * m2))
    })

let seriesPearsonCorrelationFunction = rowFunction(
    "series_pearson_correlation", fn([p("series1", .type(.dynamic)), p("series2", .type(.dynamic))], .fixed(.real)),
    summary: "Pearson correlation coefficient of two series (null for arrays of different lengths or non-numeric elements).", kernel: { args in
        guard let (u, v) = pairedNumbers(args[0], args[1]), !u.isEmpty else { return .null(.real) }
        let n = Double(u.count)
        let mu = u.reduce(0, +) / n, mv = v.reduce(0, +) / n
        var suv = 0.0, suu = 0.0, svv = 0.0
        for (x, y) in zip(u, v) { suv += (x - mu) * (y - mv); suu += (x - mu) * (x - mu); svv += (y - mv) * (y - mv) }
        return .real(suv / (suu * svv).squareRoot())
    })
