extension DateTime {
    /// Parses every datetime text form Kusto accepts: ISO 8601 (see `parseISO`), RFC 822
    /// (`Sat, 8 Nov 14 15:05:02 GMT`), RFC 850 (`Saturday, 08-Nov-14 15:05:02 GMT`), US dates and
    /// comma-separated parts.
    public static func parse(_ text: Substring) -> Int64? {
        if let t = parseISO(text) { return t }
        if let t = parseUSDate(text) { return t }
        if let t = parseCommaParts(text) { return t }
        if let t = parseRFC822or850(text) { return t }
        if let t = parseSpacedISO(text) { return t }
        return parseCommaBeforeTime(text)
    }

    /// `yyyy-MM-dd, hh:mm…`: a comma between the date and the time, as Sentinel's hunt_LOLBins writes
    /// `datetime(2022-08-07, 00:00)` (.NET's date parser skips it); read as the ISO form without it.
    static func parseCommaBeforeTime(_ text: Substring) -> Int64? {
        guard let comma = text.firstIndex(of: ","), text[text.index(after: comma)...].first == " ",
              text[..<comma].count == 10, text[..<comma].filter({ $0 == "-" }).count == 2 else { return nil }
        let rest = text[text.index(after: comma)...].drop(while: { $0 == " " })
        guard !rest.isEmpty, !rest.contains(",") else { return nil }
        return parseISO(Substring(text[..<comma] + " " + rest))
    }

    /// `yyyy - MM - dd[ hh:mm…]`: spaces around the date's dashes, as the activity plugins' pages
    /// write `datetime(2017 - 08 - 01)`; read as the ISO form without them. (Kusto.Language does not
    /// check a literal's text, so the pages are the evidence.)
    static func parseSpacedISO(_ text: Substring) -> Int64? {
        var bytes = Array(text.utf8)
        // Only text with a space next to a dash (cheap to rule out: todatetime() tries this form last).
        guard bytes.indices.dropLast().contains(where: {
            (bytes[$0] == UInt8(ascii: " ") && bytes[$0 + 1] == UInt8(ascii: "-")) || (bytes[$0] == UInt8(ascii: "-") && bytes[$0 + 1] == UInt8(ascii: " "))
        }) else { return nil }
        var out: [UInt8] = []
        var i = 0, dashes = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: " ") {
                // Drop spaces next to one of the date's two dashes.
                var j = i
                while j < bytes.count && bytes[j] == UInt8(ascii: " ") { j += 1 }
                let beforeDash = dashes < 2 && j < bytes.count && bytes[j] == UInt8(ascii: "-")
                let afterDash = dashes <= 2 && out.last == UInt8(ascii: "-")
                if beforeDash || afterDash { i = j; continue }
            }
            if c == UInt8(ascii: "-") { dashes += 1 }
            out.append(c)
            i += 1
        }
        bytes = out
        guard bytes.count < text.utf8.count else { return nil }
        return parseISO(Substring(String(decoding: bytes, as: UTF8.self)))
    }

    /// `yyyy, M, d[, H[, m[, s]]]`: startofweek-function.md's example writes `datetime(2025, 6, 14)`
    /// for 2025-06-14 (.NET's date parser reads numbers separated by commas in year-month-day order
    /// when the first has four digits). Always UTC.
    static func parseCommaParts(_ text: Substring) -> Int64? {
        var p = ByteScanner(text)
        p.skipSpaces()
        var parts: [Int] = []
        repeat {
            p.skipSpaces()
            guard let v = p.digits(min: 1, max: parts.isEmpty ? 4 : 2) else { return nil }
            parts.append(v)
            p.skipSpaces()
        } while parts.count < 6 && p.eat(UInt8(ascii: ","))
        guard p.atEnd, parts.count >= 3, parts[0] >= 1000 else { return nil }
        let (y, mo, d) = (parts[0], parts[1], parts[2])
        let h = parts.count > 3 ? parts[3] : 0, mi = parts.count > 4 ? parts[4] : 0, sec = parts.count > 5 ? parts[5] : 0
        guard (1...12).contains(mo), d >= 1, d <= daysIn(month: mo, year: y), h < 24, mi < 60, sec < 60 else { return nil }
        return ticks(year: y, month: mo, day: d, hour: h, minute: mi, second: sec, fraction: 0)
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let zones: [String: Int] = ["gmt": 0, "ut": 0, "utc": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
                                               "mst": -7, "mdt": -6, "pst": -8, "pdt": -7]

    /// `[Weekday,] d Mon yy[yy] hh:mm[:ss] [zone]` and `Weekday, dd-Mon-yy hh:mm:ss zone`.
    static func parseRFC822or850(_ text: Substring) -> Int64? {
        var s = text.trimmingPrefixSpaces()
        if let comma = s.firstIndex(of: ",") {
            guard s[..<comma].allSatisfy(\.isLetter) else { return nil }
            s = s[s.index(after: comma)...].trimmingPrefixSpaces()
        }
        let parts = s.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count >= 2 else { return nil }
        var dayMonthYear: [Substring]
        var rest: ArraySlice<Substring>
        if parts[0].contains("-") {
            dayMonthYear = parts[0].split(separator: "-")
            rest = parts[1...]
        } else {
            guard parts.count >= 4 else { return nil }
            dayMonthYear = Array(parts[0..<3])
            rest = parts[3...]
        }
        guard dayMonthYear.count == 3, let day = Int(dayMonthYear[0]),
              let month = months.firstIndex(of: dayMonthYear[1].lowercased()).map({ $0 + 1 }),
              var year = Int(dayMonthYear[2]) else { return nil }
        if dayMonthYear[2].count == 2 { year += year < 50 ? 2000 : 1900 }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), let time = rest.first else { return nil }
        let hms = time.split(separator: ":")
        guard hms.count == 2 || hms.count == 3, let h = Int(hms[0]), let m = Int(hms[1]), h < 24, m < 60 else { return nil }
        let sec = hms.count == 3 ? Int(hms[2]) : 0
        guard let sec, sec < 60 else { return nil }
        var offsetMinutes = 0
        if rest.count >= 2 {
            let z = rest[rest.startIndex + 1]
            if let hours = zones[z.lowercased()] {
                offsetMinutes = hours * 60
            } else if let sign = z.first, sign == "+" || sign == "-", z.count == 5, let v = Int(z.dropFirst()) {
                offsetMinutes = (v / 100 * 60 + v % 100) * (sign == "-" ? -1 : 1)
            } else {
                return nil
            }
            guard rest.count == 2 else { return nil }
        }
        return ticks(year: year, month: month, day: day, hour: h, minute: m, second: sec) - Int64(offsetMinutes) * ticksPerMinute
    }
}

extension DateTime {
    /// `M/d/yyyy[,] h:mm[:ss[.fffffff]] [AM|PM]` (US locale, as the Log Analytics portal exports),
    /// also `MM-dd-yyyy` (todatetime-function.md: `todatetime('12-02-2022')` is December 2), always UTC.
    public static func parseUSDate(_ text: Substring) -> Int64? {
        var p = ByteScanner(text)
        p.skipSpaces()
        guard let mo = p.digits(min: 1, max: 2), let sep = p.peek, sep == UInt8(ascii: "/") || sep == UInt8(ascii: "-"),
              p.eat(sep), let d = p.digits(min: 1, max: 2),
              p.eat(sep), let y = p.digits(min: 4, max: 4) else { return nil }
        guard (1...12).contains(mo), d >= 1, d <= daysIn(month: mo, year: y) else { return nil }
        _ = p.eat(UInt8(ascii: ","))
        p.skipSpaces()
        var h = 0, mi = 0, s = 0
        var frac: Int64 = 0
        if !p.atEnd {
            // Hours 1–12 with AM/PM, else 0–23.
            guard let t = p.timeOfDay() else { return nil }
            (h, mi, s, frac) = t
            p.skipSpaces()
            if p.eatWord("AM") {
                guard (1...12).contains(h) else { return nil }
                if h == 12 { h = 0 }
            } else if p.eatWord("PM") {
                guard (1...12).contains(h) else { return nil }
                if h != 12 { h += 12 }
            }
            guard h < 24, mi < 60, s < 60 else { return nil }
        }
        p.skipSpaces()
        guard p.atEnd else { return nil }
        return ticks(year: y, month: mo, day: d, hour: h, minute: mi, second: s, fraction: frac)
    }
}

private extension Substring {
    func trimmingPrefixSpaces() -> Substring { drop(while: { $0 == " " || $0 == "\t" }) }
}
