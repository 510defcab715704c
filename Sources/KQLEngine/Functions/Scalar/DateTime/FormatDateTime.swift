import KQLColumns

/// Splits a .NET-style custom format into runs of one specifier letter and literal text.
/// Text in single or double quotes and characters after `\` are literal.
func formatTokens(_ format: String, letters: Set<Character>) -> [(letter: Character?, count: Int, literal: String)] {
    var out: [(Character?, Int, String)] = []
    let chars = Array(format)
    var i = 0
    while i < chars.count {
        let c = chars[i]
        if letters.contains(c) {
            var j = i
            while j < chars.count, chars[j] == c { j += 1 }
            out.append((c, j - i, "")); i = j
        } else if c == "'" || c == "\"" {
            var j = i + 1, lit = ""
            while j < chars.count, chars[j] != c { lit.append(chars[j]); j += 1 }
            out.append((nil, 0, lit)); i = j + 1
        } else if c == "\\", i + 1 < chars.count {
            out.append((nil, 0, String(chars[i + 1]))); i += 2
        } else {
            out.append((nil, 0, String(c))); i += 1
        }
    }
    return out
}

func zeroPad(_ v: Int64, _ n: Int) -> String {
    let s = String(v)
    return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
}

/// `f`/`F` runs: the first n digits of the 7-digit tick fraction; `F` drops trailing zeros (all zeros: nothing).
func fractionDigits(_ fraction: Int64, _ n: Int, trim: Bool) -> String {
    var s = String(zeroPad(fraction, 7).prefix(min(n, 7)))
    if trim { while s.hasSuffix("0") { s.removeLast() } }
    return s
}

func formatDatetime(_ t: Int64, _ format: String) -> String {
    let c = CivilTime(t)
    var out = ""
    for tok in formatTokens(format, letters: ["d", "f", "F", "h", "H", "m", "M", "s", "y", "t"]) {
        guard let l = tok.letter else { out += tok.literal; continue }
        let n = tok.count
        switch l {
        case "d": out += zeroPad(Int64(c.day), min(n, 2))
        case "f": out += fractionDigits(c.fraction, n, trim: false)
        case "F": out += fractionDigits(c.fraction, n, trim: true)
        case "h": out += zeroPad(Int64((c.hour + 11) % 12 + 1), min(n, 2))
        case "H": out += zeroPad(Int64(c.hour), min(n, 2))
        case "m": out += zeroPad(Int64(c.minute), min(n, 2))
        case "M": out += zeroPad(Int64(c.month), min(n, 2))
        case "s": out += zeroPad(Int64(c.second), min(n, 2))
        case "y": out += n <= 2 ? zeroPad(Int64(c.year % 100), n) : zeroPad(Int64(c.year), n)
        default: out += n == 1 ? (c.hour < 12 ? "A" : "P") : (c.hour < 12 ? "AM" : "PM")
        }
    }
    return out
}

func formatTimespan(_ t: Int64, _ format: String) -> String {
    let m = t.magnitude
    let tpd = UInt64(DateTime.ticksPerDay)
    let days = Int64(m / tpd), rem = Int64(m % tpd)
    let h = rem / DateTime.ticksPerHour, mi = rem % DateTime.ticksPerHour / DateTime.ticksPerMinute
    let s = rem % DateTime.ticksPerMinute / DateTime.ticksPerSecond, f = rem % DateTime.ticksPerSecond
    var out = t < 0 ? "-" : ""
    for tok in formatTokens(format, letters: ["d", "f", "F", "h", "H", "m", "s"]) {
        guard let l = tok.letter else { out += tok.literal; continue }
        let n = tok.count
        switch l {
        case "d": out += zeroPad(days, n)
        case "f": out += fractionDigits(f, n, trim: false)
        case "F": out += fractionDigits(f, n, trim: true)
        case "h", "H": out += zeroPad(h, min(n, 2))
        case "m": out += zeroPad(mi, min(n, 2))
        default: out += zeroPad(s, min(n, 2))
        }
    }
    return out
}

let formatDatetimeFunction = rowFunction(
    "format_datetime", fn([p("date", .type(.datetime)), p("format", .type(.string))], .fixed(.string)),
    summary: "Formats a datetime with the specifiers d, dd, f..fffffff, F..FFFFFFF, h, hh, H, HH, m, mm, M, MM, s, ss, y, yy, yyyy, tt.",
    kernel: { args in
        guard case .datetime(let t) = args[0] else { return .string("") }
        return .string(formatDatetime(t, kqlString(args[1])))
    })

let formatTimespanFunction = rowFunction(
    "format_timespan", fn([p("timespan", .type(.timespan)), p("format", .type(.string))], .fixed(.string)),
    summary: "Formats a timespan with the specifiers d..dddddddd, f..fffffff, F..FFFFFFF, H, HH, m, mm, s, ss.",
    kernel: { args in
        guard case .timespan(let t) = args[0] else { return .string("") }
        return .string(formatTimespan(t, kqlString(args[1])))
    })
