import KQLColumns

/// Calendar fields of a datetime (ticks since 0001-01-01).
struct CivilTime {
    var year: Int, month: Int, day: Int
    var dayNumber: Int64      // days since 0001-01-01
    var timeOfDay: Int64      // ticks since midnight
    init(_ ticks: Int64) {
        dayNumber = floorDiv(ticks, DateTime.ticksPerDay)
        timeOfDay = ticks - dayNumber * DateTime.ticksPerDay
        (year, month, day) = DateTime.civil(days: dayNumber)
    }
    var hour: Int { Int(timeOfDay / DateTime.ticksPerHour) }
    var minute: Int { Int(timeOfDay % DateTime.ticksPerHour / DateTime.ticksPerMinute) }
    var second: Int { Int(timeOfDay % DateTime.ticksPerMinute / DateTime.ticksPerSecond) }
    var fraction: Int64 { timeOfDay % DateTime.ticksPerSecond }
    /// 0 = Sunday (0001-01-01 was a Monday).
    var weekday: Int { Int((dayNumber + 1) % 7 + 7) % 7 }
    var dayOfYear: Int { Int(dayNumber - DateTime.days(year: year, month: 1, day: 1)) + 1 }
}

/// ISO 8601 week number (weeks start on Monday; week 1 holds the year's first Thursday).
func isoWeekOfYear(_ c: CivilTime) -> Int {
    let isoWeekday = (c.weekday + 6) % 7 + 1            // Monday = 1 ... Sunday = 7
    let thursday = c.dayNumber - Int64(isoWeekday) + 4   // the Thursday of this ISO week
    let ty = DateTime.civil(days: thursday).year
    return Int((thursday - DateTime.days(year: ty, month: 1, day: 1)) / 7) + 1
}

/// A datetime in range, else null.
func datetimeOrNull(_ t: Int64?) -> Value {
    guard let t, (DateTime.minTicks...DateTime.maxTicks).contains(t) else { return .null(.datetime) }
    return .datetime(t)
}

/// `date + months` as .NET's AddMonths: the day is clamped to the target month's length; nil outside 0001..9999 (any Int64 months).
func addMonths(_ ticks: Int64, _ months: Int64) -> Int64? {
    let c = CivilTime(ticks)
    guard let total = checkedAdd(Int64(c.year) * 12 + Int64(c.month - 1), months) else { return nil }
    let y = floorDiv(total, 12), m = Int(total - y * 12) + 1
    guard y >= 1, y <= 10000 else { return nil }   // 10000-01: the end of 9999-12 (callers range-check the result)
    let d = min(c.day, daysInMonth(m, Int(y)))
    return DateTime.days(year: Int(y), month: m, day: d) * DateTime.ticksPerDay + c.timeOfDay
}

func daysInMonth(_ m: Int, _ y: Int) -> Int {
    Int(DateTime.days(year: m == 12 ? y + 1 : y, month: m == 12 ? 1 : m + 1, day: 1) - DateTime.days(year: y, month: m, day: 1))
}

/// A one-argument datetime function returning `type`.
func datePartFunction(_ name: String, aliases: [String] = [], result: KQLType, summary: String,
                      _ f: @escaping (CivilTime) -> Value) -> ScalarFunction {
    rowFunction(name, aliases: aliases, fn([p("date", .type(.datetime))], .fixed(result)), summary: summary, kernel: { args in
                    guard case .datetime(let t) = args[0] else { return .null(result) }
                    return f(CivilTime(t))
                })
}

let dayofweekFunction = datePartFunction("dayofweek", result: .timespan,
    summary: "Days since the preceding Sunday, as a timespan (0.00:00:00 for Sunday).") { .timespan(Int64($0.weekday) * DateTime.ticksPerDay) }
let dayofmonthFunction = datePartFunction("dayofmonth", result: .int, summary: "Day of the month, 1 to 31.") { .int(Int32($0.day)) }
let dayofyearFunction = datePartFunction("dayofyear", result: .int, summary: "Day of the year, from 1.") { .int(Int32($0.dayOfYear)) }
let hourofdayFunction = datePartFunction("hourofday", result: .int, summary: "Hour of the day, 0 to 23.") { .int(Int32($0.hour)) }
let getmonthFunction = datePartFunction("monthofyear", aliases: ["getmonth"], result: .int, summary: "Month of the year, 1 to 12.") { .int(Int32($0.month)) }
let getyearFunction = datePartFunction("getyear", result: .int, summary: "The year of a datetime.") { .int(Int32($0.year)) }
let weekofyearFunction = datePartFunction("week_of_year", result: .int, summary: "ISO 8601 week number (the first week holds the year's first Thursday).") { .int(Int32(isoWeekOfYear($0))) }
