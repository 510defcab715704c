import KQLColumns

/// Start of the day/week/month/year holding `t`, shifted by `offset` units (weeks start on Sunday);
/// nil when the result leaves Int64 ticks (the caller's range check then gives null), for any offset.
func startOf(_ unit: String, _ t: Int64, offset: Int64) -> Int64? {
    let c = CivilTime(t)
    let day = DateTime.ticksPerDay
    switch unit {
    case "day": return checkedAdd(c.dayNumber, offset).flatMap { checkedMul($0, day) }
    case "week": return checkedMul(7, offset).flatMap { checkedAdd(c.dayNumber - Int64(c.weekday), $0) }.flatMap { checkedMul($0, day) }
    case "month": return addMonths(DateTime.days(year: c.year, month: c.month, day: 1) * day, offset)
    default:
        guard let y = checkedAdd(Int64(c.year), offset) else { return nil }
        guard y >= 1, y <= 10000 else { return nil }   // 10000: endofyear of 9999 (the caller range-checks)
        return DateTime.days(year: Int(y), month: 1, day: 1) * day
    }
}

private func boundaryFunction(_ unit: String, end: Bool) -> ScalarFunction {
    let name = (end ? "endof" : "startof") + unit
    return rowFunction(name, fn([p("date", .type(.datetime)), opt("offset", .integer)], .fixed(.datetime)),
                       summary: end ? "The last tick of the \(unit) holding the date, shifted by offset \(unit)s."
                                    : "The start of the \(unit) holding the date, shifted by offset \(unit)s.",
                       kernel: { args in
        guard case .datetime(let t) = args[0] else { return .null(.datetime) }
        var off: Int64 = 0
        if args.count == 2 { guard let o = integerValue(args[1]) else { return .null(.datetime) }; off = o }
        if end { return datetimeOrNull(checkedAdd(off, 1).flatMap { startOf(unit, t, offset: $0) }.map { $0 - 1 }) }
        return datetimeOrNull(startOf(unit, t, offset: off))
    })
}

let startofdayFunction = boundaryFunction("day", end: false)
let startofweekFunction = boundaryFunction("week", end: false)
let startofmonthFunction = boundaryFunction("month", end: false)
let startofyearFunction = boundaryFunction("year", end: false)
let endofdayFunction = boundaryFunction("day", end: true)
let endofweekFunction = boundaryFunction("week", end: true)
let endofmonthFunction = boundaryFunction("month", end: true)
let endofyearFunction = boundaryFunction("year", end: true)
