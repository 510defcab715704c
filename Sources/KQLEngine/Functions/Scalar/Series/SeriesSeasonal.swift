import KQLColumns

// series_seasonal (series-seasonal-function.md) and series_periods_validate
// (series-periods-validate-function.md), over the period scorer of series_periods_detect
// (`PeriodScorer`, SeriesDecompose.swift).
//
// series_seasonal: the per-phase median of the training points (`seasonalComponent`, shared with
// series_decompose). Period -1 (the default) autodetects with threshold 0.7, as the page says;
// 0 or any other value below 1 gives zeros. Decision where the page is silent: autodetection
// considers periods 4 … p with 2p < n, i.e. more than two whole cycles — the page's third example
// (12 points of period 3) must give zeros although its lag 6 repeats exactly; a period not below
// the length gives zeros.
//
// series_periods_validate: each period's score is the scorer's at that lag (a fractional period
// interpolates linearly between the two nearest lags); a period below 4 or above half the length
// scores 0, as the page says. Known difference: on the page's example Quarry scores the weekly
// period 0.96 where Kusto prints 0.84, and the 10-point period 0.07 where Kusto prints 0 (Kusto's
// score is not documented).

/// The best period of `x` in 4 … (n - 1) / 2 scoring at least `threshold`, else 0.
func autodetectSeasonalPeriod(_ x: [Double], threshold: Double) -> Int {
    let found = detectPeriods(x, minP: 4, maxP: (x.count - 1) / 2)
    return found.first.flatMap { $0.score >= threshold ? $0.period : nil } ?? 0
}

let seriesSeasonalFunction = rowFunction(
    "series_seasonal",
    fn([p("series", .type(.dynamic)), opt("period", .integer), opt("test_points", .integer)], .fixed(.dynamic)),
    summary: "The seasonal component of a series: per phase of the period, the median of its points; period -1 (default) autodetects (threshold 0.7), 0 gives zeros.",
    kernel: { args in
        guard let xs = seriesValues(args[0]) else { return .dynamic(.null) }
        let x = xs.map { $0 ?? 0 }
        var period: Int64 = -1
        if args.count > 1, let p = integerValue(args[1]) { period = p }
        var test: Int64 = 0
        if args.count > 2, let t = integerValue(args[2]) { test = max(0, min(t, Int64(x.count))) }
        let train = x.count - Int(test)
        let p: Int
        switch period {
        case -1: p = autodetectSeasonalPeriod(Array(x.prefix(train)), threshold: 0.7)
        case 1...: p = Int(min(period, Int64(x.count)))
        default: p = 0
        }
        return .dynamic(seriesArray(seasonalComponent(x, period: p, training: train)))
    })

private let validateColumns = tupleColumns([("periods", .dynamic), ("scores", .dynamic)])

let seriesPeriodsValidateFunction = tupleFunction(
    "series_periods_validate",
    [Overload([p("series", .type(.dynamic))], repeating: Repeat(params: [p("period", .number)], min: 1, max: 16), .fixed(.dynamic))],
    columns: validateColumns,
    summary: "Scores (0 to 1, autocorrelation-based) how well each of up to 16 given periods fits a series: periods and scores columns; a period below 4 or above half the length scores 0.",
    kernel: { args in
        guard let xs = seriesValues(args[0]) else { return nullTuple(validateColumns) }
        let x = xs.map { $0 ?? 0 }
        let scorer = PeriodScorer(x)
        var periods: [DynamicValue] = [], scores: [DynamicValue] = []
        for a in args.dropFirst() {
            guard let period = numericDouble(a) else { periods.append(.null); scores.append(.null); continue }
            periods.append(.real(period))
            guard period.isFinite, period >= 4, period <= Double(x.count) / 2 else { scores.append(.real(0)); continue }
            let lo = Int(period.rounded(.down)), frac = period - Double(lo)
            let s = frac == 0 ? scorer.score(lo) : (1 - frac) * scorer.score(lo) + frac * scorer.score(lo + 1)
            scores.append(.real(s))
        }
        return .dynamic(.array([.array(periods), .array(scores)]))
    })
