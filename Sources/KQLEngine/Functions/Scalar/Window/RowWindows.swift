import KQLColumns

// Window functions that carry state from row to row of a serialized row set (the binder rejects
// them on unordered input, like prev/next): row_cumsum, row_rank_dense, row_rank_min and
// row_window_session, each with its optional `restart` predicate. Semantics from their docs
// pages (row-cumsum-function.md, row-rank-dense-function.md, row-rank-min-function.md,
// row-window-session-function.md); where a page is silent (nulls), noted at the function.

private func restarts(_ args: [Datum], _ i: Int, at index: Int) -> Bool {
    guard args.count > index, case .bool(true) = args[index].value(at: i) else { return false }
    return true
}

/// Running sum; `restart` true sets it back to 0 before the row's term is added. A null term adds
/// nothing (the sum so far is kept), as sum() skips nulls; overflow of a long sum gives null from
/// then on until a restart (never a wrapped value).
let rowCumsumFunction = ScalarFunction(
    name: "row_cumsum", kind: .window, volatility: .rowOrder,
    overloads: fn([p("term", .oneOf([.int, .long, .real])), opt("restart", .type(.bool))], .computed("long for int or long terms, real for real")),
    summary: "The cumulative sum of term over a serialized row set, set back to 0 where restart is true.",
    bind: { site in
        let real = site.types[0] == .real
        let t: KQLType = real ? .real : .long
        return BoundFunction(name: "row_cumsum", resultType: t, kernel: .column { args, count in
            var b = ColumnBuilder(type: t, capacity: count)
            var sumL: Int64? = 0
            var sumR = 0.0
            for i in 0..<count {
                if restarts(args, i, at: 1) { sumL = 0; sumR = 0 }
                let v = args[0].value(at: i)
                if real {
                    if let x = numericDouble(v) { sumR += x }
                    b.append(.real(sumR))
                } else {
                    if let x = integerValue(v), let s = sumL { sumL = checkedAdd(s, x) }
                    b.append(sumL.map(Value.long) ?? .null(.long))
                }
            }
            return .column(b.finish())
        })
    })

private func rank(_ name: String, dense: Bool) -> ScalarFunction {
    ScalarFunction(
        name: name, kind: .window, volatility: .rowOrder,
        overloads: fn([p("term", .notDynamic), opt("restart", .type(.bool))], .fixed(.long)),
        summary: dense ? "Dense rank of the row: 1, and one more each time term changes from the previous row (restart: back to 1)."
                       : "Minimal rank of the row: the row number (from 1) of the first row of its run of equal terms (restart: back to 1).",
        bind: { _ in
            BoundFunction(name: name, resultType: .long, kernel: .column { args, count in
                var b = ColumnBuilder(type: .long, capacity: count)
                var current: Int64 = 0, rowNumber: Int64 = 0
                var previous: Value? = nil
                for i in 0..<count {
                    let v = args[0].value(at: i)
                    if restarts(args, i, at: 1) || previous == nil { current = 0; rowNumber = 0; previous = nil }
                    rowNumber += 1
                    // Equal terms (nulls equal to each other) keep the rank.
                    let same = previous.map { p in (p.isNull && v.isNull) || compareValues(p, v) == 0 } ?? false
                    if !same { current = dense ? current + 1 : rowNumber }
                    previous = v
                    b.append(.long(current))
                }
                return .column(b.finish())
            })
        })
}

let rowRankDenseFunction = rank("row_rank_dense", dense: true)
let rowRankMinFunction = rank("row_rank_min", dense: false)

/// The session start of each row. A new session starts at the first row, after a null, where the
/// value reaches the session's start plus maxDistanceFromFirst, where it reaches the previous
/// value plus maxDistanceBetweenNeighbors, or where restart is true. A null value gives null.
let rowWindowSessionFunction = ScalarFunction(
    name: "row_window_session", kind: .window, volatility: .rowOrder,
    overloads: fn([p("expr", .type(.datetime)), p("maxDistanceFromFirst", .type(.timespan)),
                   p("maxDistanceBetweenNeighbors", .type(.timespan)), opt("restart", .type(.bool))], .fixed(.datetime)),
    summary: "The value at the start of the row's session in a serialized row set (sessions bounded in length and gap).",
    bind: { site in
        guard case .timespan(let fromFirst)? = site.constants[1], case .timespan(let between)? = site.constants[2] else {
            throw site.error("row_window_session(): the distances must be constant timespans", arg: site.constants[1] == nil ? 1 : 2)
        }
        return BoundFunction(name: "row_window_session", resultType: .datetime, kernel: .column { args, count in
            var b = ColumnBuilder(type: .datetime, capacity: count)
            var start: Int64? = nil, previous: Int64? = nil
            for i in 0..<count {
                guard case .datetime(let t) = args[0].value(at: i) else {
                    start = nil; previous = nil
                    b.append(.null(.datetime))
                    continue
                }
                // Datetimes lie within years 1..9999, so their differences never overflow.
                if let s = start, let p = previous, !restarts(args, i, at: 3), t - s < fromFirst, t - p < between {
                    // same session
                } else {
                    start = t
                }
                previous = t
                b.append(.datetime(start ?? t))
            }
            return .column(b.finish())
        })
    })
