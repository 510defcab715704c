import KQLColumns

// series_fit_line / series_fit_line_dynamic / series_fit_2lines / series_fit_2lines_dynamic.
// Least squares over x = 1, 2, … n (the first element sits at x = 1: the docs' example has
// line_fit[0] = slope + interception). variance and rvariance are sample variances (n - 1), as the
// docs' example prints them. Elements that are not numbers are left out of the fit (their positions
// still get a line_fit value). Decisions where the docs are silent: an empty series (or one with no
// numbers) gives nulls and an empty line_fit; a constant series (total variance 0) gives rsquare null.

struct LineFit {
    var rsquare: Double?
    var slope: Double?
    var variance: Double?
    var rvariance: Double?
    var interception: Double?
    var lineFit: [Double]
}

/// Fits y at positions `range` (x = position - range.lowerBound + 1); `lineFit` spans the range.
func fitLine(_ ys: [Double?], _ range: Range<Int>) -> LineFit {
    var n = 0.0, sx = 0.0, sy = 0.0
    for i in range { if let y = ys[i], y.isFinite { let x = Double(i - range.lowerBound + 1); n += 1; sx += x; sy += y } }
    guard n > 0 else { return LineFit(lineFit: []) }
    let mx = sx / n, my = sy / n
    var sxx = 0.0, sxy = 0.0, syy = 0.0
    for i in range { if let y = ys[i], y.isFinite { let x = Double(i - range.lowerBound + 1); sxx += (x - mx) * (x - mx); sxy += (x - mx) * (y - my); syy += (y - my) * (y - my) } }
    let slope = sxx > 0 ? sxy / sxx : 0
    let b = my - slope * mx
    var sres = 0.0
    for i in range { if let y = ys[i], y.isFinite { let x = Double(i - range.lowerBound + 1); let r = y - (slope * x + b); sres += r * r } }
    let dof = n > 1 ? n - 1 : 1
    let line = range.map { slope * Double($0 - range.lowerBound + 1) + b }
    return LineFit(rsquare: syy > 0 ? max(0, 1 - sres / syy) : nil, slope: slope, variance: syy / dof, rvariance: sres / dof,
                   interception: b, lineFit: line)
}

private let fitLineColumns = tupleColumns([("rsquare", .real), ("slope", .real), ("variance", .real), ("rvariance", .real),
                                           ("interception", .real), ("line_fit", .dynamic)])

private func fitLineCells(_ f: LineFit) -> [DynamicValue] {
    [realCell(f.rsquare), realCell(f.slope), realCell(f.variance), realCell(f.rvariance), realCell(f.interception), seriesArray(f.lineFit)]
}

let seriesFitLineFunction = tupleFunction(
    "series_fit_line", fn([p("series", .type(.dynamic))], .fixed(.dynamic)), columns: fitLineColumns,
    summary: "Linear regression of a series (x = 1, 2, …): rsquare, slope, variance, rvariance, interception, line_fit columns.",
    kernel: { args in
        guard let ys = seriesValues(args[0]) else { return nullTuple(fitLineColumns) }
        return .dynamic(.array(fitLineCells(fitLine(ys, 0..<ys.count))))
    })

let seriesFitLineDynamicFunction = rowFunction(
    "series_fit_line_dynamic", fn([p("series", .type(.dynamic))], .fixed(.dynamic)),
    summary: "Linear regression of a series, as a bag {rsquare, slope, variance, rvariance, interception, line_fit}.",
    kernel: { args in
        guard let ys = seriesValues(args[0]) else { return .dynamic(.null) }
        return .dynamic(bag(Array(zip(fitLineColumns.map(\.name), fitLineCells(fitLine(ys, 0..<ys.count))))))
    })

// series_fit_2lines: every split k (left = [0, k), right = [k, n), each side at least 2 points when
// n >= 4) is fitted by two independent lines (each side's x restarts at 1); the split with the
// highest overall rsquare (1 - residual sum / total sum over the whole series) wins, the first on
// ties. split_idx is k - 1, the last index of the left part.
private let fit2Columns = tupleColumns([
    ("rsquare", .real), ("split_idx", .long), ("variance", .real), ("rvariance", .real), ("line_fit", .dynamic),
    ("right_rsquare", .real), ("right_slope", .real), ("right_interception", .real), ("right_variance", .real), ("right_rvariance", .real),
    ("left_rsquare", .real), ("left_slope", .real), ("left_interception", .real), ("left_variance", .real), ("left_rvariance", .real)])

private func fit2Cells(_ ys: [Double?]) -> [DynamicValue] {
    let n = ys.count
    let values = ys.compactMap { $0 }.filter(\.isFinite)
    guard n >= 2, values.count >= 2 else { return fit2Columns.map { $0.type == .dynamic ? .array([]) : .null } }
    let mean = values.reduce(0, +) / Double(values.count)
    let sst = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    func ssr(_ f: LineFit, _ r: Range<Int>) -> Double {
        var s = 0.0
        for (j, i) in r.enumerated() where j < f.lineFit.count { if let y = ys[i], y.isFinite { let d = y - f.lineFit[j]; s += d * d } }
        return s
    }
    let minSide = n >= 4 ? 2 : 1
    var best: (k: Int, left: LineFit, right: LineFit, res: Double)?
    var k = minSide
    while k <= n - minSide {
        let l = fitLine(ys, 0..<k), r = fitLine(ys, k..<n)
        let res = ssr(l, 0..<k) + ssr(r, k..<n)
        if res < (best?.res ?? .infinity) { best = (k, l, r, res) }
        k += 1
    }
    guard let b = best else { return fit2Columns.map { $0.type == .dynamic ? .array([]) : .null } }
    let dof = Double(max(values.count - 1, 1))
    let rsq: Double? = sst > 0 ? max(0, 1 - b.res / sst) : nil
    return [realCell(rsq), .long(Int64(b.k - 1)), realCell(sst / dof), realCell(b.res / dof), seriesArray(b.left.lineFit + b.right.lineFit),
            realCell(b.right.rsquare), realCell(b.right.slope), realCell(b.right.interception), realCell(b.right.variance), realCell(b.right.rvariance),
            realCell(b.left.rsquare), realCell(b.left.slope), realCell(b.left.interception), realCell(b.left.variance), realCell(b.left.rvariance)]
}

let seriesFit2LinesFunction = tupleFunction(
    "series_fit_2lines", fn([p("series", .type(.dynamic))], .fixed(.dynamic)), columns: fit2Columns,
    summary: "Two-segment linear regression of a series: the split with the best overall fit, and each side's line (columns as Kusto's).",
    kernel: { args in
        guard let ys = seriesValues(args[0]) else { return nullTuple(fit2Columns) }
        return .dynamic(.array(fit2Cells(ys)))
    })

let seriesFit2LinesDynamicFunction = rowFunction(
    "series_fit_2lines_dynamic", fn([p("series", .type(.dynamic))], .fixed(.dynamic)),
    summary: "Two-segment linear regression of a series, as a bag (keys as series_fit_2lines' columns).",
    kernel: { args in
        guard let ys = seriesValues(args[0]) else { return .dynamic(.null) }
        return .dynamic(bag(Array(zip(fit2Columns.map(\.name), fit2Cells(ys)))))
    })
