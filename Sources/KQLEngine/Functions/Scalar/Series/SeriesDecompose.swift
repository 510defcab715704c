import Foundation
import KQLColumns

// series_outliers, series_periods_detect, series_decompose, series_decompose_anomalies.
//
// Pipeline (as the docs describe it): series_decompose extracts the seasonal component (the median
// of the training points in the same phase of the period; 0 without a period), subtracts it, takes
// the trend of the rest ("avg": its average; "linefit": a least-squares line, x = 1, 2, …; "none":
// 0), and returns baseline = seasonal + trend and residual = x - baseline. Test points (the last
// `test_points` elements) are left out of the learning and get the extrapolated baseline.
// series_decompose_anomalies scores the residual with series_outliers and flags +1 / -1 where the
// score is above threshold / below -threshold.
//
// Deviations (Kusto does not document these parts exactly; results may differ from Kusto's):
// - series_outliers' score is Tukey's: (x - high) / (high - low) above the high percentile,
//   (x - low) / (high - low) below the low one, 0 between (tukey: 25/75; ctukey: min/max_percentile,
//   default 10/90). Percentiles interpolate linearly between the closest ranks. When high == low the
//   range is taken as 1e-9 × max(1, |high|) (a value off a constant series scores very high).
// - series_periods_detect scores a candidate period p by the autocorrelation at lag p of the series
//   clipped to its 10th…90th percentiles and mean-removed (scaled by n / (n - p), clamped to [0, 1]),
//   and keeps local maxima between max(4, min_period) and min(max_period, n / 2), best first, less
//   harmonics (a multiple of a shorter candidate scoring at least 0.9 of its score). Kusto
//   finds the same best period on the docs' example (14) but scores it differently (0.84 there) and
//   drops weaker candidates that this detector keeps (multiples and neighbours of the best one).
// - Seasonality -1 (autodetect) uses that detector over periods 4 … n / 2 with the threshold
//   (default 0.6): the best period scoring at least the threshold, else no seasonality.
// - Elements that are not numbers are treated as 0 in the decomposition (make-series fills gaps
//   with its default, 0, so hunts do not see them), and score 0 in series_outliers.

/// The p-th percentile (0…100) of sorted values, linear between the closest ranks.
func percentileSorted(_ s: [Double], _ p: Double) -> Double {
    guard let first = s.first else { return .nan }
    guard s.count > 1 else { return first }
    let pos = max(0, min(1, p / 100)) * Double(s.count - 1)
    let lo = Int(pos.rounded(.down)), hi = min(lo + 1, s.count - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - Double(lo))
}

/// Tukey scores of `xs`, the fences computed from `training` (all of xs when nil).
func outlierScores(_ xs: [Double?], low pLow: Double, high pHigh: Double, ignore: Double?, trainingCount: Int? = nil) -> [Double] {
    func missing(_ x: Double?) -> Bool { guard let x, x.isFinite else { return true }; return ignore.map { x == $0 } ?? false }
    let train = xs.prefix(trainingCount ?? xs.count).filter { !missing($0) }.compactMap { $0 }.sorted()
    guard !train.isEmpty else { return xs.map { _ in 0 } }
    let low = percentileSorted(train, pLow), high = percentileSorted(train, pHigh)
    var range = high - low
    if !(range > 0) { range = 1e-9 * max(1, abs(high)) }
    return xs.map { x in
        guard !missing(x), let x else { return 0 }
        if x > high { return (x - high) / range }
        if x < low { return (x - low) / range }
        return 0
    }
}

let seriesOutliersFunction = checkingOptions(["kind": (1, ["tukey", "ctukey"])], rowFunction(
    "series_outliers",
    fn([p("series", .type(.dynamic)), opt("kind", .type(.string)), opt("ignore_val", .number), opt("min_percentile", .number), opt("max_percentile", .number)],
       .fixed(.dynamic)),
    summary: "Tukey fence scores of a series' points (> 1.5: rise anomaly, < -1.5: decline); kind 'ctukey' (10th/90th percentiles, default) or 'tukey' (25th/75th).",
    kernel: { args in
        guard let xs = seriesValues(args[0]) else { return .dynamic(.null) }
        var kind = "ctukey"
        if args.count > 1, case .string(let k) = args[1] { kind = k }
        var lo = realArg(args, 3, 10), hi = realArg(args, 4, 90)
        switch kind {
        case "tukey": lo = 25; hi = 75
        case "ctukey": guard lo >= 2, lo <= 98, hi >= 2, hi <= 98, lo < hi else { return .dynamic(.null) }
        default: return .dynamic(.null)
        }
        let ignore: Double? = args.count > 2 ? numericDouble(args[2]) : nil
        return .dynamic(seriesArray(outlierScores(xs, low: lo, high: hi, ignore: ignore)))
    }))

/// The score of a candidate period: the autocorrelation at that lag of the series winsorized to its
/// 10th…90th percentiles (so that a few spikes do not hide the period) and mean-removed, scaled by
/// n / (n - lag) and clamped to [0, 1] (series_periods_detect, series_periods_validate, seasonality
/// autodetection).
struct PeriodScorer {
    let d: [Double]
    let energy: Double

    init(_ xs: [Double]) {
        let sorted = xs.sorted()
        let lo10 = percentileSorted(sorted, 10), hi90 = percentileSorted(sorted, 90)
        let w = xs.map { min(max($0, lo10), hi90) }
        let mean = w.isEmpty ? 0 : w.reduce(0, +) / Double(w.count)
        d = w.map { $0 - mean }
        energy = d.reduce(0) { $0 + $1 * $1 }
    }

    /// The score at integer lag `p` (0 outside 1 ..< n, or for a constant series).
    func score(_ p: Int) -> Double {
        let n = d.count
        guard energy > 0, p > 0, p < n else { return 0 }
        var s = 0.0
        for t in 0..<(n - p) { s += d[t] * d[t + p] }
        return max(0, min(1, s / energy * Double(n) / Double(n - p)))
    }
}

/// Candidate periods in [minP, maxP] with their scores, best first.
func detectPeriods(_ xs: [Double], minP: Int, maxP: Int) -> [(period: Int, score: Double)] {
    let n = xs.count
    let lo = max(4, minP), hi = min(maxP, n / 2)
    guard n >= 4, lo <= hi else { return [] }
    let scorer = PeriodScorer(xs)
    guard scorer.energy > 0 else { return [] }
    func acf(_ p: Int) -> Double { scorer.score(p) }
    var found: [(Int, Double)] = []
    for p in lo...hi {
        let r = acf(p)
        guard r > 0, r >= acf(p - 1), r >= acf(p + 1) else { continue }
        found.append((p, r))
    }
    // A multiple of a shorter candidate that scores nearly as well (>= 0.9 of its score) is that
    // candidate's harmonic, not a period of its own: with few cycles, lags 2p, 3p … can score a
    // little higher than p by chance.
    func harmonic(_ c: (Int, Double)) -> Bool {
        found.contains { d in
            guard d.0 < c.0, d.1 >= 0.9 * c.1 else { return false }
            let r = c.0 % d.0
            return c.0 / d.0 >= 2 && (r <= 1 || r >= d.0 - 1)
        }
    }
    return found.filter { !harmonic($0) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
}

private let periodsColumns = tupleColumns([("periods", .dynamic), ("scores", .dynamic)])

let seriesPeriodsDetectFunction = tupleFunction(
    "series_periods_detect",
    fn([p("series", .type(.dynamic)), p("min_period", .number), p("max_period", .number), p("num_periods", .integer)], .fixed(.dynamic)),
    columns: periodsColumns,
    summary: "The most significant periods of a series between min_period and max_period (autocorrelation-based; scores in [0, 1]): periods and scores columns.",
    kernel: { args in
        guard let xs = seriesValues(args[0]), let mn = numericDouble(args[1]), let mx = numericDouble(args[2]), let k = integerValue(args[3]),
              mn.isFinite, mx.isFinite else { return nullTuple(periodsColumns) }
        let found = detectPeriods(xs.map { $0 ?? 0 }, minP: Int(max(0, min(mn.rounded(.up), 1e9))), maxP: Int(max(0, min(mx, 1e9))))
        // num_periods entries, padded with 0 (the docs' example prints [14.0, 0.0] and [0.84, 0.0]).
        let count = Int(max(0, min(k, 1000)))
        let top = Array(found.prefix(count))
        let periods: [DynamicValue] = (0..<count).map { $0 < top.count ? .real(Double(top[$0].period)) : .real(0) }
        let scores: [DynamicValue] = (0..<count).map { $0 < top.count ? .real(top[$0].score) : .real(0) }
        return .dynamic(.array([.array(periods), .array(scores)]))
    })

/// The seasonal component of `x` for `period` (0 or less, or not below the length: zeros): each
/// point gets the median of the first `training` points in its phase (series_decompose and
/// series_seasonal; the mean of the two middle values for an even count, as series_seasonal's page
/// shows: [1, 2, 1, 2] in one phase gives 1.5).
func seasonalComponent(_ x: [Double], period: Int, training train: Int) -> [Double] {
    let n = x.count
    var seasonal = Array(repeating: 0.0, count: n)
    guard period > 0 && period < n else { return seasonal }
    var medians = Array(repeating: 0.0, count: period)
    for ph in 0..<period {
        let vals = stride(from: ph, to: min(train, n), by: period).map { x[$0] }.sorted()
        guard !vals.isEmpty else { continue }
        let m = vals.count / 2
        medians[ph] = vals.count % 2 == 1 ? vals[m] : (vals[m - 1] + vals[m]) / 2
    }
    for i in 0..<n { seasonal[i] = medians[i % period] }
    return seasonal
}

struct Decomposition {
    var baseline: [Double], seasonal: [Double], trend: [Double], residual: [Double]
}

/// The decomposition of `x`; nil for a bad trend name.
func decompose(_ x: [Double], seasonality: Int, trend: String, testPoints: Int, threshold: Double) -> Decomposition? {
    let n = x.count
    let train = max(0, n - max(0, testPoints))
    var period = seasonality
    if period < 0 {
        let found = detectPeriods(Array(x.prefix(train)), minP: 4, maxP: train / 2)
        period = found.first.flatMap { $0.score >= threshold ? $0.period : nil } ?? 0
    }
    let seasonal = seasonalComponent(x, period: period, training: train)
    let des = zip(x, seasonal).map { $0 - $1 }
    var tr = Array(repeating: 0.0, count: n)
    switch trend {
    case "avg":
        let m = train > 0 ? des.prefix(train).reduce(0, +) / Double(train) : 0
        tr = Array(repeating: m, count: n)
    case "linefit":
        if train > 0 {
            let f = fitLine(des.map { Optional($0) }, 0..<train)
            let a = f.slope ?? 0, b = f.interception ?? 0
            tr = (0..<n).map { a * Double($0 + 1) + b }
        }
    case "none": break
    default: return nil
    }
    let baseline = zip(seasonal, tr).map { $0 + $1 }
    return Decomposition(baseline: baseline, seasonal: seasonal, trend: tr, residual: zip(x, baseline).map { $0 - $1 })
}

private func decomposeArgs(_ args: [Value], from i: Int, thresholdAt: Int) -> (seasonality: Int, trend: String, testPoints: Int, threshold: Double)? {
    var seasonality = -1, trend = "avg", test = 0
    if args.count > i, let s = integerValue(args[i]) { seasonality = Int(max(-1, min(s, 1 << 30))) }
    if args.count > i + 1, case .string(let t) = args[i + 1] { trend = t }
    if args.count > i + 2, let t = integerValue(args[i + 2]) { test = Int(max(0, min(t, 1 << 30))) }
    let threshold = realArg(args, thresholdAt, 0.6)
    return (seasonality, trend, test, threshold)
}

let decomposeColumns = tupleColumns([("baseline", .dynamic), ("seasonal", .dynamic), ("trend", .dynamic), ("residual", .dynamic)])

let seriesDecomposeFunction = checkingOptions(["trend": (2, ["avg", "linefit", "none"])], tupleFunction(
    "series_decompose",
    fn([p("series", .type(.dynamic)), opt("seasonality", .integer), opt("trend", .type(.string)), opt("test_points", .integer),
        opt("seasonality_threshold", .type(.real))], .fixed(.dynamic)),
    columns: decomposeColumns,
    summary: "Decomposes a series into baseline (seasonal + trend), seasonal (per-phase median), trend (avg, linefit or none) and residual columns; period autodetection is Quarry's own (see Series/SeriesDecompose.swift).",
    kernel: { args in
        guard let xs = seriesValues(args[0]), let (s, t, tp, th) = decomposeArgs(args, from: 1, thresholdAt: 4),
              let d = decompose(xs.map { $0 ?? 0 }, seasonality: s, trend: t, testPoints: tp, threshold: th) else { return nullTuple(decomposeColumns) }
        return .dynamic(.array([seriesArray(d.baseline), seriesArray(d.seasonal), seriesArray(d.trend), seriesArray(d.residual)]))
    }))

private let anomaliesColumns = tupleColumns([("ad_flag", .dynamic), ("ad_score", .dynamic), ("baseline", .dynamic)])

let seriesDecomposeAnomaliesFunction = checkingOptions(["trend": (3, ["avg", "linefit", "none"]), "ad_method": (5, ["ctukey", "tukey"])], tupleFunction(
    "series_decompose_anomalies",
    fn([p("series", .type(.dynamic)), opt("threshold", .type(.real)), opt("seasonality", .integer), opt("trend", .type(.string)),
        opt("test_points", .integer), opt("ad_method", .type(.string)), opt("seasonality_threshold", .type(.real))], .fixed(.dynamic)),
    columns: anomaliesColumns,
    summary: "Anomalies of a series by decomposition: ad_flag (+1/-1/0), ad_score (series_outliers of the residual) and baseline columns; period autodetection and scoring details are Quarry's own (see Series/SeriesDecompose.swift).",
    kernel: { args in
        guard let xs = seriesValues(args[0]) else { return nullTuple(anomaliesColumns) }
        let k = realArg(args, 1, 1.5)
        var method = "ctukey"
        if args.count > 5, case .string(let m) = args[5] { method = m }
        guard method == "ctukey" || method == "tukey", let (s, t, tp, th) = decomposeArgs(args, from: 2, thresholdAt: 6),
              let d = decompose(xs.map { $0 ?? 0 }, seasonality: s, trend: t, testPoints: tp, threshold: th) else { return nullTuple(anomaliesColumns) }
        let (lo, hi) = method == "tukey" ? (25.0, 75.0) : (10.0, 90.0)
        let scores = outlierScores(d.residual.map { Optional($0) }, low: lo, high: hi, ignore: nil, trainingCount: max(0, xs.count - tp))
        let flags: [DynamicValue] = scores.map { .long($0 > k ? 1 : ($0 < -k ? -1 : 0)) }
        return .dynamic(.array([.array(flags), seriesArray(scores), seriesArray(d.baseline)]))
    }))
