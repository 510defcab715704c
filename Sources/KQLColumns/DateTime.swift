/// Datetimes are 100-ns ticks since 0001-01-01T00:00:00Z (as .NET and Kusto count them), always UTC.
public enum DateTime {
    public static let ticksPerSecond: Int64 = 10_000_000
    public static let ticksPerMinute: Int64 = 600_000_000
    public static let ticksPerHour: Int64 = 36_000_000_000
    public static let ticksPerDay: Int64 = 864_000_000_000
    /// Ticks of 1970-01-01T00:00:00Z.
    public static let unixEpochTicks: Int64 = 621_355_968_000_000_000
    public static let minTicks: Int64 = 0
    public static let maxTicks: Int64 = 3_155_378_975_999_999_999  // 9999-12-31T23:59:59.9999999

    /// Days since 0001-01-01 of a proleptic Gregorian date.
    public static func days(year: Int, month: Int, day: Int) -> Int64 {
        // Days-from-civil (H. Hinnant), shifted to the 0001-01-01 epoch.
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 306   // 0000-03-01 based -> 0001-01-01 based
    }

    /// (year, month, day) of a day number since 0001-01-01.
    public static func civil(days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 306
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (Int(y), Int(m), Int(d))
    }

    public static func ticks(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, fraction: Int64 = 0) -> Int64 {
        days(year: year, month: month, day: day) * ticksPerDay + Int64(hour) * ticksPerHour
            + Int64(minute) * ticksPerMinute + Int64(second) * ticksPerSecond + fraction
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Kusto's output form: `2024-06-30T00:00:00.0000000Z` (always 7 fractional digits).
    public static func format(_ ticks: Int64) -> String {
        let day = ticks >= 0 ? ticks / ticksPerDay : (ticks - ticksPerDay + 1) / ticksPerDay
        let rem = ticks - day * ticksPerDay
        let (y, mo, d) = civil(days: day)
        let h = rem / ticksPerHour, mi = rem % ticksPerHour / ticksPerMinute
        let s = rem % ticksPerMinute / ticksPerSecond, f = rem % ticksPerSecond
        return pad(y, 4) + "-" + pad(mo, 2) + "-" + pad(d, 2) + "T" + pad(Int(h), 2) + ":" + pad(Int(mi), 2) + ":"
            + pad(Int(s), 2) + "." + pad(Int(f), 7) + "Z"
    }

    /// Parses the ISO 8601 forms Kusto accepts: date only; `T` or space; 0–7 (or more, truncated)
    /// fractional digits; `Z`, `±hh:mm`, `±hhmm` or no zone (UTC).
    public static func parseISO(_ text: Substring) -> Int64? {
        var p = ByteScanner(text)
        p.skipSpaces()
        guard let y = p.digits(min: 4, max: 4), p.eat(UInt8(ascii: "-")),
              let mo = p.digits(min: 1, max: 2), p.eat(UInt8(ascii: "-")),
              let d = p.digits(min: 1, max: 2) else { return nil }
        guard (1...12).contains(mo), d >= 1, d <= daysIn(month: mo, year: y), y >= 1 else { return nil }
        var h = 0, mi = 0, s = 0
        var frac: Int64 = 0
        if p.eat(UInt8(ascii: "T")) || p.eat(UInt8(ascii: " ")) {
            p.skipSpaces()
            if !p.atEnd {
                guard let t = p.timeOfDay() else { return nil }
                (h, mi, s, frac) = t
            }
        }
        var offset: Int64 = 0
        p.skipSpaces()
        if p.eat(UInt8(ascii: "Z")) || p.eat(UInt8(ascii: "z")) {
        } else if let c = p.peek, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
            p.advance()
            guard let oh = p.digits(min: 2, max: 2) else { return nil }
            _ = p.eat(UInt8(ascii: ":"))
            let om = p.digits(min: 2, max: 2) ?? 0
            offset = (Int64(oh) * ticksPerHour + Int64(om) * ticksPerMinute) * (c == UInt8(ascii: "+") ? 1 : -1)
        } else if p.eatWord("UTC") || p.eatWord("GMT") {
        }
        p.skipSpaces()
        guard p.atEnd else { return nil }
        let t = ticks(year: y, month: mo, day: d, hour: h, minute: mi, second: s, fraction: frac) - offset
        return (minTicks...maxTicks).contains(t) ? t : nil
    }

    static func pad(_ v: Int, _ n: Int) -> String {
        let s = String(v)
        return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
    }
}

/// Timespans are signed 100-ns ticks.
public enum TimeSpan {
    /// Kusto's output form: `[-][d.]hh:mm:ss[.fffffff]`.
    public static func format(_ ticks: Int64) -> String {
        let neg = ticks < 0
        let t = ticks.magnitude
        let tpd = UInt64(DateTime.ticksPerDay)
        let d = t / tpd, rem = t % tpd
        let h = rem / UInt64(DateTime.ticksPerHour), m = rem % UInt64(DateTime.ticksPerHour) / UInt64(DateTime.ticksPerMinute)
        let s = rem % UInt64(DateTime.ticksPerMinute) / UInt64(DateTime.ticksPerSecond), f = rem % UInt64(DateTime.ticksPerSecond)
        var out = neg ? "-" : ""
        if d > 0 { out += String(d) + "." }
        out += DateTime.pad(Int(h), 2) + ":" + DateTime.pad(Int(m), 2) + ":" + DateTime.pad(Int(s), 2)
        if f > 0 { out += "." + DateTime.pad(Int(f), 7) }
        return out
    }

    /// Parses `[-][d.]hh:mm[:ss[.fffffff]]` (the form `totimespan` and `time(...)` accept); nil past Int64 ticks.
    public static func parse(_ text: Substring) -> Int64? {
        var p = ByteScanner(text)
        p.skipSpaces()
        let neg = p.eat(UInt8(ascii: "-"))
        guard let first = p.digits(min: 1, max: 8) else { return nil }
        var days = 0, h = 0
        if p.eat(UInt8(ascii: ".")) {
            days = first
            guard let hh = p.digits(min: 1, max: 2) else { return nil }
            h = hh
        } else if p.peek == UInt8(ascii: ":") {
            h = first
        } else {
            return nil
        }
        guard p.eat(UInt8(ascii: ":")), let m = p.digits(min: 1, max: 2) else { return nil }
        var s = 0
        var frac: Int64 = 0
        if p.eat(UInt8(ascii: ":")) {
            guard let ss = p.digits(min: 1, max: 2) else { return nil }
            s = ss
            if p.eat(UInt8(ascii: ".")) { frac = p.fractionTicks() ?? 0 }
        }
        p.skipSpaces()
        guard p.atEnd, h < 24, m < 60, s < 60 else { return nil }
        // Summed as a negative number, so -10675199.02:48:05.4775808 (Int64.min) fits; nil past Int64 ticks.
        let (dayTicks, o1) = Int64(days).multipliedReportingOverflow(by: -DateTime.ticksPerDay)
        let rest = Int64(h) * DateTime.ticksPerHour + Int64(m) * DateTime.ticksPerMinute + Int64(s) * DateTime.ticksPerSecond + frac
        let (t, o2) = dayTicks.subtractingReportingOverflow(rest)
        if o1 || o2 || (!neg && t == .min) { return nil }
        return neg ? t : -t
    }
}

/// A small cursor over UTF-8 bytes for the date, time and number parsers.
struct ByteScanner {
    let bytes: [UInt8]
    var i = 0
    init(_ s: Substring) { bytes = Array(s.utf8) }
    var atEnd: Bool { i >= bytes.count }
    var peek: UInt8? { i < bytes.count ? bytes[i] : nil }
    mutating func advance() { i += 1 }
    mutating func eat(_ c: UInt8) -> Bool { if peek == c { i += 1; return true }; return false }
    mutating func eatWord(_ w: String) -> Bool {
        let u = Array(w.utf8)
        guard i + u.count <= bytes.count else { return false }
        for k in 0..<u.count where bytes[i + k] | 0x20 != u[k] | 0x20 { return false }
        i += u.count
        return true
    }
    mutating func skipSpaces() { while let c = peek, c == 32 || c == 9 { i += 1 } }
    /// Digits after a decimal point as 100-ns ticks (digits past the 7th are dropped); nil if none.
    mutating func fractionTicks() -> Int64? {
        var frac: Int64 = 0, n = 0
        while let c = peek, c >= 48, c <= 57 {
            if n < 7 { frac = frac * 10 + Int64(c - 48) }
            n += 1; advance()
        }
        guard n > 0 else { return nil }
        if n < 7 { for _ in n..<7 { frac *= 10 } }
        return frac
    }

    /// `h:mm[:ss[.fffffff]]`, validated (hour < 24, minute and second < 60).
    mutating func timeOfDay() -> (hour: Int, minute: Int, second: Int, fraction: Int64)? {
        guard let h = digits(min: 1, max: 2), eat(UInt8(ascii: ":")), let m = digits(min: 2, max: 2) else { return nil }
        var s = 0
        var frac: Int64 = 0
        if eat(UInt8(ascii: ":")) {
            guard let ss = digits(min: 2, max: 2) else { return nil }
            s = ss
            if eat(UInt8(ascii: ".")) {
                guard let f = fractionTicks() else { return nil }
                frac = f
            }
        }
        guard h < 24, m < 60, s < 60 else { return nil }
        return (h, m, s, frac)
    }

    mutating func digits(min: Int, max: Int) -> Int? {
        var v = 0, n = 0
        while n < max, let c = peek, c >= 48, c <= 57 { v = v * 10 + Int(c - 48); n += 1; i += 1 }
        return n >= min ? v : nil
    }
}
