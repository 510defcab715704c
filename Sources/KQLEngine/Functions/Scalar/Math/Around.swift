import KQLColumns

// around (around-function.md): whether value lies in [center - delta, center + delta], both ends
// included (the page's example keeps 01:29, 01:30 and 01:31 for 1min around 01:30); null when any
// argument is null. Numbers compare exactly when all three are integers (long arithmetic, widened to
// real only on overflow), else as reals; a datetime or timespan value takes a timespan delta.

private func ticks(_ v: Value) -> Int64? {
    switch v {
    case .datetime(let t), .timespan(let t): return t
    default: return nil
    }
}

/// lo ≤ x ≤ hi with lo, hi = c ∓ d, without overflow (saturating bounds).
private func within(_ x: Int64, _ c: Int64, _ d: Int64) -> Bool {
    let (lo, o1) = c.subtractingReportingOverflow(d), (hi, o2) = c.addingReportingOverflow(d)
    let low = o1 ? (d > 0 ? Int64.min : Int64.max) : lo
    let high = o2 ? (d > 0 ? Int64.max : Int64.min) : hi
    return low <= x && x <= high
}

let aroundFunction = rowFunction(
    "around",
    [Overload([p("value", .number), p("center", .number), p("delta", .number)], .fixed(.bool)),
     Overload([p("value", .type(.datetime)), p("center", .type(.datetime)), p("delta", .type(.timespan))], .fixed(.bool)),
     Overload([p("value", .type(.timespan)), p("center", .type(.timespan)), p("delta", .type(.timespan))], .fixed(.bool))],
    summary: "Whether value lies within center ± delta (ends included); numbers, or datetimes/timespans with a timespan delta.",
    kernel: { args in
        if let x = ticks(args[0]), let c = ticks(args[1]), let d = ticks(args[2]) { return .bool(within(x, c, d)) }
        if let x = integerValue(args[0]), let c = integerValue(args[1]), let d = integerValue(args[2]) { return .bool(within(x, c, d)) }
        guard let x = numericDouble(args[0]), let c = numericDouble(args[1]), let d = numericDouble(args[2]) else { return .null(.bool) }
        return .bool(c - d <= x && x <= c + d)
    })
