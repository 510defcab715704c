import KQLColumns

// series_decompose_forecast (series-decompose-forecast-function.md): series_decompose with the last
// `points` elements left out of the learning; its baseline over those points is the forecast.
// Kusto's binder gives it series_decompose's four columns (baseline, seasonal, trend, residual; checked
// with the oracle), so `extend f = series_decompose_forecast(y, n)` names the baseline — the forecast
// the page describes — and the other three keep their default names. Defaults as the page gives
// them: seasonality -1 (autodetect), trend "avg", seasonality threshold 0.6.

let seriesDecomposeForecastFunction = checkingOptions(["trend": (3, ["avg", "linefit", "none"])], tupleFunction(
    "series_decompose_forecast",
    fn([p("series", .type(.dynamic)), p("points", .integer), opt("seasonality", .integer), opt("trend", .type(.string)),
        opt("seasonality_threshold", .number)], .fixed(.dynamic)),
    columns: decomposeColumns,
    summary: "Forecasts the last `points` elements of a series by decomposition (learnt on the points before them): baseline (the forecast), seasonal, trend and residual columns.",
    kernel: { args in
        guard let xs = seriesValues(args[0]), let points = integerValue(args[1]) else { return nullTuple(decomposeColumns) }
        var seasonality = -1, trend = "avg"
        if args.count > 2, let s = integerValue(args[2]) { seasonality = Int(max(-1, min(s, 1 << 30))) }
        if args.count > 3, case .string(let t) = args[3] { trend = t }
        let threshold = realArg(args, 4, 0.6)
        guard let d = decompose(xs.map { $0 ?? 0 }, seasonality: seasonality, trend: trend,
                                testPoints: Int(max(0, min(points, 1 << 30))), threshold: threshold) else { return nullTuple(decomposeColumns) }
        return .dynamic(.array([seriesArray(d.baseline), seriesArray(d.seasonal), seriesArray(d.trend), seriesArray(d.residual)]))
    }))
