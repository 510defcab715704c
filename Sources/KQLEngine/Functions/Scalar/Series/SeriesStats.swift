import KQLColumns

// series_stats / series_stats_dynamic: min, min_idx, max, max_idx (first position), avg, stdev and
// variance (sample, n - 1), plus sum and len in the bag. With ignore_nonfinite false (the default) a
// series holding a non-finite element (null, NaN, ±inf, a non-number) gives nulls; with true those
// elements are skipped (indexes still count them). Decisions where the docs are silent: an empty
// series gives nulls (len 0 in the bag); one value has variance 0; len counts the values used.

private let statsColumns = tupleColumns([("min", .real), ("min_idx", .long), ("max", .real), ("max_idx", .long),
                                         ("avg", .real), ("stdev", .real), ("variance", .real)])

private func statsCells(_ args: [Value]) -> [(String, DynamicValue)] {
    let names = statsColumns.map(\.name) + ["sum", "len"]
    func nulls(_ len: Int) -> [(String, DynamicValue)] { names.map { ($0, $0 == "len" ? .long(Int64(len)) : .null) } }
    guard let ys = seriesValues(args[0]) else { return nulls(0) }
    let ignore = boolArg(args, 1, false)
    var n = 0.0, sum = 0.0, mn = Double.infinity, mx = -Double.infinity, mnI = -1, mxI = -1
    for (i, y) in ys.enumerated() {
        guard let y, y.isFinite else { if ignore { continue }; return nulls(ys.count) }
        n += 1; sum += y
        if y < mn { mn = y; mnI = i }
        if y > mx { mx = y; mxI = i }
    }
    guard n > 0 else { return nulls(0) }
    let avg = sum / n
    var ss = 0.0
    for y in ys { if let y, y.isFinite { ss += (y - avg) * (y - avg) } }
    let variance = n > 1 ? ss / (n - 1) : 0
    return [("min", .real(mn)), ("min_idx", .long(Int64(mnI))), ("max", .real(mx)), ("max_idx", .long(Int64(mxI))),
            ("avg", .real(avg)), ("stdev", .real(variance.squareRoot())), ("variance", .real(variance)),
            ("sum", .real(sum)), ("len", .long(Int64(n)))]
}

let seriesStatsFunction = tupleFunction(
    "series_stats", fn([p("series", .type(.dynamic)), opt("ignore_nonfinite", .type(.bool))], .fixed(.dynamic)), columns: statsColumns,
    summary: "Statistics of a series as columns: min, min_idx, max, max_idx, avg, stdev, variance (sample); null when a value is not finite unless ignore_nonfinite.",
    kernel: { args in .dynamic(.array(statsCells(args).prefix(statsColumns.count).map(\.1))) })

let seriesStatsDynamicFunction = rowFunction(
    "series_stats_dynamic", fn([p("series", .type(.dynamic)), opt("ignore_nonfinite", .type(.bool))], .fixed(.dynamic)),
    summary: "Statistics of a series as a bag: min, min_idx, max, max_idx, avg, stdev, variance, sum, len.",
    kernel: { args in .dynamic(bag(statsCells(args))) })
