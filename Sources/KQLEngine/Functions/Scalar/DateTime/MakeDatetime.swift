import KQLColumns

let makeDatetimeFunction = rowFunction(
    "make_datetime",
    [Overload([p("year", .number), p("month", .number), p("day", .number)], .fixed(.datetime)),
     Overload([p("year", .number), p("month", .number), p("day", .number), p("hour", .number), p("minute", .number), opt("second", .number)],
              .fixed(.datetime)),
     // Not on the docs page, but declared by Kusto (Kusto.Language) and used by Sentinel hunts on
     // mv-expanded datetimes: make_datetime(value) converts as todatetime() does.
     Overload([p("value", .scalar)], .fixed(.datetime))],
    summary: "A datetime from its parts (or make_datetime(value), as todatetime()); null when a part is out of range.",
    kernel: { args in
        if args.count == 1 { return todatetimeValue(args[0]) }
        var p: [Int64] = []
        for a in args.prefix(5) { guard let v = integerValue(a) else { return .null(.datetime) }; p.append(v) }
        let (y, mo, d) = (p[0], p[1], p[2])
        let h = p.count > 3 ? p[3] : 0, mi = p.count > 4 ? p[4] : 0
        var secTicks: Int64 = 0
        if args.count == 6 {
            guard let s = numericDouble(args[5]), s >= 0, s < 60 else { return .null(.datetime) }
            secTicks = Int64((s * 1e7).rounded())
        }
        guard (1...9999).contains(y), (1...12).contains(mo), d >= 1, d <= Int64(daysInMonth(Int(mo), Int(y))),
              (0...23).contains(h), (0...59).contains(mi) else { return .null(.datetime) }
        return datetimeOrNull(DateTime.ticks(year: Int(y), month: Int(mo), day: Int(d), hour: Int(h), minute: Int(mi)) + secTicks)
    })

let makeTimespanFunction = rowFunction(
    "make_timespan",
    [Overload([p("hour", .number), p("minute", .number), opt("second", .number)], .fixed(.timespan)),
     Overload([p("day", .number), p("hour", .number), p("minute", .number), p("second", .number)], .fixed(.timespan))],
    summary: "A timespan from its parts; null when a part is out of range or the total overflows.",
    kernel: { args in
        var ints: [Int64] = []
        let intCount = args.count == 4 ? 3 : 2
        for a in args.prefix(intCount) { guard let v = integerValue(a) else { return .null(.timespan) }; ints.append(v) }
        let (d, h, m) = intCount == 3 ? (ints[0], ints[1], ints[2]) : (0, ints[0], ints[1])
        var secTicks: Int64 = 0
        if args.count > 2 {
            guard let s = numericDouble(args[args.count - 1]), s >= 0, s < 60 else { return .null(.timespan) }
            secTicks = Int64((s * 1e7).rounded())
        }
        guard d >= 0, (0...23).contains(h), (0...59).contains(m) else { return .null(.timespan) }
        let hms = h * DateTime.ticksPerHour + m * DateTime.ticksPerMinute + secTicks
        return timespanOrNull(checkedMul(d, DateTime.ticksPerDay).flatMap { checkedAdd($0, hms) })   // days past Int64 ticks: null
    })

private func unixtimeFunction(_ unit: String, ticksPerUnit: Double) -> ScalarFunction {
    let name = "unixtime_\(unit)_todatetime"
    return rowFunction(name, fn([p(unit, .number)], .fixed(.datetime)),
                       summary: "Converts unix-epoch \(unit) to a UTC datetime; null when out of range.", kernel: { args in
        if let n = integerValue(args[0]) {
            let ticks = ticksPerUnit >= 1 ? n.multipliedReportingOverflow(by: Int64(ticksPerUnit)) : (n / Int64(1 / ticksPerUnit), false)
            return ticks.1 ? .null(.datetime) : datetimeOrNull(DateTime.unixEpochTicks.addingReportingOverflow(ticks.0).overflow ? nil : DateTime.unixEpochTicks + ticks.0)
        }
        guard let x = numericDouble(args[0]), x.isFinite else { return .null(.datetime) }
        let t = x * ticksPerUnit
        guard abs(t) < 4e18 else { return .null(.datetime) }
        return datetimeOrNull(DateTime.unixEpochTicks + Int64(t.rounded(.towardZero)))
    })
}

let unixtimeSecondsFunction = unixtimeFunction("seconds", ticksPerUnit: 1e7)
let unixtimeMillisecondsFunction = unixtimeFunction("milliseconds", ticksPerUnit: 1e4)
let unixtimeMicrosecondsFunction = unixtimeFunction("microseconds", ticksPerUnit: 10)
let unixtimeNanosecondsFunction = unixtimeFunction("nanoseconds", ticksPerUnit: 0.01)
