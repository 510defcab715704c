import KQLColumns

/// Period names of datetime_add/datetime_diff (case-insensitive): the fixed tick length, or months for calendar ones.
enum DatePeriod {
    case months(Int64)
    case ticks(Int64)
    case nanoseconds

    init?(_ name: String) {
        switch name.lowercased() {
        case "year": self = .months(12)
        case "quarter": self = .months(3)
        case "month": self = .months(1)
        case "week": self = .ticks(7 * DateTime.ticksPerDay)
        case "day": self = .ticks(DateTime.ticksPerDay)
        case "hour": self = .ticks(DateTime.ticksPerHour)
        case "minute": self = .ticks(DateTime.ticksPerMinute)
        case "second": self = .ticks(DateTime.ticksPerSecond)
        case "millisecond": self = .ticks(10_000)
        case "microsecond": self = .ticks(10)
        case "nanosecond": self = .nanoseconds
        default: return nil
        }
    }
}

extension CallSite {
    /// A constant period name is checked at bind time.
    func checkPeriod(_ i: Int, _ fn: String) throws {
        if let c = constants[i], DatePeriod(kqlString(c)) == nil {
            throw error("\(fn)(): unknown period '\(kqlString(c))'", arg: i)
        }
    }
}

let datetimeAddFunction = ScalarFunction(
    name: "datetime_add", overloads: fn([p("period", .type(.string)), p("amount", .integer), p("datetime", .type(.datetime))], .fixed(.datetime)),
    summary: "Adds amount periods (year, quarter, month, week, day, hour, ..., nanosecond) to a datetime; null outside 0001..9999 (no overflow for any amount).",
    bind: { site in
        try site.checkPeriod(0, "datetime_add")
        return BoundFunction(name: "datetime_add", resultType: .datetime, kernel: .row { args in
        guard let p = DatePeriod(kqlString(args[0])), let n = integerValue(args[1]), case .datetime(let t) = args[2] else { return .null(.datetime) }
        switch p {
        case .months(let m): return datetimeOrNull(checkedMul(m, n).flatMap { addMonths(t, $0) })
        case .ticks(let k): return datetimeOrNull(checkedMul(k, n).flatMap { checkedAdd(t, $0) })
        case .nanoseconds: return datetimeOrNull(checkedAdd(t, n / 100))
        }
    })
    })

let datetimeDiffFunction = ScalarFunction(
    name: "datetime_diff",
    overloads: fn([p("period", .type(.string)), p("datetime1", .type(.datetime)), p("datetime2", .type(.datetime))], .fixed(.long)),
    summary: "The number of period boundaries between datetime2 and datetime1 (datetime1 - datetime2, calendar-aware); null when the count overflows a long (nanoseconds beyond ~292 years; the docs are silent).",
    bind: { site in
        try site.checkPeriod(0, "datetime_diff")
        return BoundFunction(name: "datetime_diff", resultType: .long, kernel: .row { args in
        guard let p = DatePeriod(kqlString(args[0])), case .datetime(let a) = args[1], case .datetime(let b) = args[2] else { return .null(.long) }
        switch p {
        case .months(let m):
            let ca = CivilTime(a), cb = CivilTime(b)
            let ma = Int64(ca.year) * 12 + Int64(ca.month - 1), mb = Int64(cb.year) * 12 + Int64(cb.month - 1)
            return .long(floorDiv(ma, m) - floorDiv(mb, m))
        case .ticks(let k) where k == 7 * DateTime.ticksPerDay:
            // Weeks are counted between Sunday-based week starts.
            return .long(((startOf("week", a, offset: 0) ?? a) - (startOf("week", b, offset: 0) ?? b)) / k)
        case .ticks(let k): return .long(floorDiv(a, k) - floorDiv(b, k))
        case .nanoseconds: return checkedMul(a - b, 100).map(Value.long) ?? .null(.long)   // past Int64 ns (~292 years): null
        }
    })
    })

let datetimePartFunction = ScalarFunction(
    name: "datetime_part", aliases: ["datepart"], overloads: fn([p("part", .type(.string)), p("datetime", .type(.datetime))], .fixed(.int)),
    summary: "One part of a datetime: year, quarter, month, week_of_year (ISO 8601), day, dayofyear, hour, minute, second, millisecond, microsecond, nanosecond.",
    bind: { site in
        if let c = site.constants[0], datePart(kqlString(c), CivilTime(0)) == nil {
            throw site.error("datetime_part(): unknown part '\(kqlString(c))'", arg: 0)
        }
        return BoundFunction(name: "datetime_part", resultType: .int, kernel: .row { args in
            guard case .datetime(let t) = args[1], let v = datePart(kqlString(args[0]), CivilTime(t)) else { return .null(.int) }
            return .int(Int32(truncatingIfNeeded: v))
        })
    })

func datePart(_ part: String, _ c: CivilTime) -> Int64? {
    switch part.lowercased() {
    case "year": return Int64(c.year)
    case "quarter": return Int64((c.month - 1) / 3 + 1)
    case "month": return Int64(c.month)
    case "week_of_year": return Int64(isoWeekOfYear(c))
    case "day": return Int64(c.day)
    case "dayofyear": return Int64(c.dayOfYear)
    case "hour": return Int64(c.hour)
    case "minute": return Int64(c.minute)
    case "second": return Int64(c.second)
    case "millisecond": return c.fraction / 10_000
    case "microsecond": return c.fraction / 10
    case "nanosecond": return c.fraction * 100
    default: return nil
    }
}
