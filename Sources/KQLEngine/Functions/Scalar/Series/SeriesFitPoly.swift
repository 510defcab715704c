import Foundation
import KQLColumns

// series_fit_poly (series-fit-poly-function.md): least-squares polynomial regression of y on x
// (x = 1, 2, … n without an x series), solved by Householder QR of the Vandermonde matrix (stabler
// than the normal equations at high degrees). Columns as Kusto's: rsquare, coefficients (highest
// power first), variance, rvariance, poly_fit. With degree 1 it equals series_fit_line (the page's
// second example), so variance and rvariance are sample variances (n - 1) as there.
// Decisions where the page is silent: a point whose y or x is not a number is left out of the fit
// (its poly_fit value is still computed where x is known); an x series of another length than y, a
// degree below 1 or above 16 (the matrix is degree + 1 times the length), fewer usable points than
// degree + 1, or a rank-deficient fit give nulls (and an empty poly_fit); rsquare is null for a
// constant y; a null x series means the default x.

private let fitPolyColumns = tupleColumns([("rsquare", .real), ("coefficients", .dynamic), ("variance", .real),
                                           ("rvariance", .real), ("poly_fit", .dynamic)])

private let nullFitPoly: Value = .dynamic(.array([.null, .array([]), .null, .null, .array([])]))

/// Least-squares coefficients (lowest power first) of a degree-`degree` polynomial through the
/// points; nil when the system is rank-deficient.
func polynomialLeastSquares(xs: [Double], ys: [Double], degree: Int) -> [Double]? {
    let m = xs.count, k = degree + 1
    guard m >= k, k >= 1 else { return nil }
    // Column-major Vandermonde matrix A (m × k) and right-hand side b.
    var a = [[Double]](repeating: [Double](repeating: 1, count: m), count: k)
    if k > 1 { for j in 1..<k { for i in 0..<m { a[j][i] = a[j - 1][i] * xs[i] } } }
    var b = ys
    var scale = 0.0
    for j in 0..<k { for i in 0..<m { scale = max(scale, abs(a[j][i])) } }
    for j in 0..<k {
        // Householder reflection zeroing column j below the diagonal.
        var norm = 0.0
        for i in j..<m { norm += a[j][i] * a[j][i] }
        norm = norm.squareRoot()
        guard norm > 1e-13 * max(scale, 1) else { return nil }
        let alpha = a[j][j] > 0 ? -norm : norm
        var v = [Double](repeating: 0, count: m)
        for i in j..<m { v[i] = a[j][i] }
        v[j] -= alpha
        var vv = 0.0
        for i in j..<m { vv += v[i] * v[i] }
        guard vv > 0 else { continue }
        for c in j..<k {
            var dot = 0.0
            for i in j..<m { dot += v[i] * a[c][i] }
            let f = 2 * dot / vv
            for i in j..<m { a[c][i] -= f * v[i] }
        }
        var dot = 0.0
        for i in j..<m { dot += v[i] * b[i] }
        let f = 2 * dot / vv
        for i in j..<m { b[i] -= f * v[i] }
    }
    var coef = [Double](repeating: 0, count: k)
    for j in stride(from: k - 1, through: 0, by: -1) {
        var s = b[j]
        for c in (j + 1)..<k where c < k { s -= a[c][j] * coef[c] }
        coef[j] = s / a[j][j]
    }
    return coef.allSatisfy(\.isFinite) ? coef : nil
}

private func fitPoly(_ args: [Value]) -> Value {
    guard let ys = seriesValues(args[0]) else { return nullTuple(fitPolyColumns) }
    var xs: [Double?] = (0..<ys.count).map { Double($0 + 1) }
    if args.count > 1, case .dynamic(let d) = args[1], d != .null {
        guard let given = seriesValues(args[1]), given.count == ys.count else { return nullFitPoly }
        xs = given
    }
    var degree: Int64 = 1
    if args.count > 2, let d = integerValue(args[2]) { degree = d }
    guard (1...16).contains(degree) else { return nullFitPoly }
    var px: [Double] = [], py: [Double] = []
    for (x, y) in zip(xs, ys) {
        if let x, let y, x.isFinite, y.isFinite { px.append(x); py.append(y) }
    }
    guard let coef = polynomialLeastSquares(xs: px, ys: py, degree: Int(degree)) else { return nullFitPoly }
    func value(_ x: Double) -> Double { coef.reversed().reduce(0) { $0 * x + $1 } }
    let n = Double(py.count)
    let mean = py.reduce(0, +) / n
    let sst = py.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    let ssr = zip(px, py).reduce(0) { $0 + ($1.1 - value($1.0)) * ($1.1 - value($1.0)) }
    let dof = n > 1 ? n - 1 : 1
    let fit: [Double?] = xs.map { x in x.flatMap { $0.isFinite ? value($0) : nil } }
    return .dynamic(.array([realCell(sst > 0 ? max(0, 1 - ssr / sst) : nil), seriesArray(Array(coef.reversed())),
                            .real(sst / dof), .real(ssr / dof), seriesArray(fit)]))
}

let seriesFitPolyFunction = tupleFunction(
    "series_fit_poly",
    fn([p("y_series", .type(.dynamic)), opt("x_series", .type(.dynamic)), opt("degree", .integer)], .fixed(.dynamic)),
    columns: fitPolyColumns,
    summary: "Polynomial regression of a series (x = 1, 2, … or an x series; degree 1 by default): rsquare, coefficients (highest power first), variance, rvariance, poly_fit columns.",
    kernel: fitPoly)
