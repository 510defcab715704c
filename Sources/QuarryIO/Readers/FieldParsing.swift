import KQLColumns

/// Typed parsing of one field's bytes, without allocating for the common forms.
enum FieldParsing {
    /// ISO 8601 datetime ticks. Fast path for `yyyy-MM-ddTHH:mm:ss[.f{1,}][Z]` (what Defender
    /// writes); any other ISO form Kusto accepts goes through `DateTime.parseISO`.
    @inline(__always)
    static func datetime(_ p: UnsafeBufferPointer<UInt8>) -> Int64? {
        let n = p.count
        if n >= 19, p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-"), p[10] == UInt8(ascii: "T") || p[10] == UInt8(ascii: " "),
           p[13] == UInt8(ascii: ":"), p[16] == UInt8(ascii: ":") {
            @inline(__always) func d2(_ i: Int) -> Int? {
                let a = p[i] &- 48, b = p[i + 1] &- 48
                return a < 10 && b < 10 ? Int(a) * 10 + Int(b) : nil
            }
            if let yh = d2(0), let yl = d2(2), let mo = d2(5), let d = d2(8), let h = d2(11), let mi = d2(14), let s = d2(17) {
                var i = 19
                var frac: Int64 = 0
                var ok = true
                if i < n, p[i] == UInt8(ascii: ".") {
                    i += 1
                    var digits = 0
                    while i < n, p[i] &- 48 < 10 {
                        if digits < 7 { frac = frac * 10 + Int64(p[i] - 48) }
                        digits += 1; i += 1
                    }
                    if digits == 0 { ok = false }
                    var k = digits
                    while k < 7 { frac *= 10; k += 1 }
                }
                if i < n, p[i] == UInt8(ascii: "Z") || p[i] == UInt8(ascii: "z") { i += 1 }
                let y = yh * 100 + yl
                if ok, i == n, y >= 1, mo >= 1, mo <= 12, d >= 1, d <= daysIn(mo, y), h < 24, mi < 60, s < 60 {
                    return DateTime.days(year: y, month: mo, day: d) * DateTime.ticksPerDay
                        + Int64(h) * DateTime.ticksPerHour + Int64(mi) * DateTime.ticksPerMinute
                        + Int64(s) * DateTime.ticksPerSecond + frac
                }
            }
        }
        return slowDatetime(p)
    }

    static func slowDatetime(_ p: UnsafeBufferPointer<UInt8>) -> Int64? {
        let s = String(decoding: p, as: UTF8.self)
        if let t = DateTime.parseISO(Substring(s)) { return t }
        return usDatetime(Substring(s))
    }

    /// The Log Analytics portal CSV form `M/d/yyyy, h:mm:ss[.fff] AM|PM` (UTC).
    static func usDatetime(_ s: Substring) -> Int64? {
        let parts = s.split(separator: ",", maxSplits: 1).map { $0.trimmingSpaces }
        guard parts.count == 2 else { return nil }
        let date = parts[0].split(separator: "/")
        guard date.count == 3, let mo = Int(date[0]), let d = Int(date[1]), let y = Int(date[2]),
              (1...12).contains(mo), y >= 1, d >= 1, d <= daysIn(mo, y) else { return nil }
        let tp = parts[1].split(separator: " ")
        guard tp.count == 2 else { return nil }
        let ampm = tp[1].uppercased()
        guard ampm == "AM" || ampm == "PM" else { return nil }
        let hms = tp[0].split(separator: ":")
        guard hms.count == 3, var h = Int(hms[0]), let mi = Int(hms[1]), (1...12).contains(h), (0..<60).contains(mi) else { return nil }
        let secParts = hms[2].split(separator: ".", maxSplits: 1)
        guard let sec = Int(secParts[0]), (0..<60).contains(sec) else { return nil }
        var frac: Int64 = 0
        if secParts.count == 2 {
            var digits = 0
            for c in secParts[1].utf8 {
                guard c &- 48 < 10 else { return nil }
                if digits < 7 { frac = frac * 10 + Int64(c - 48) }
                digits += 1
            }
            while digits < 7 { frac *= 10; digits += 1 }
        }
        if h == 12 { h = 0 }
        if ampm == "PM" { h += 12 }
        return DateTime.ticks(year: y, month: mo, day: d, hour: h, minute: mi, second: sec, fraction: frac)
    }

    @inline(__always)
    static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `true`/`false` in any case, or `1`/`0`.
    static func bool(_ p: UnsafeBufferPointer<UInt8>) -> Bool? {
        switch p.count {
        case 1:
            if p[0] == UInt8(ascii: "1") { return true }
            if p[0] == UInt8(ascii: "0") { return false }
            return nil
        case 4:
            return p[0] | 0x20 == 0x74 && p[1] | 0x20 == 0x72 && p[2] | 0x20 == 0x75 && p[3] | 0x20 == 0x65 ? true : nil
        case 5:
            return p[0] | 0x20 == 0x66 && p[1] | 0x20 == 0x61 && p[2] | 0x20 == 0x6C && p[3] | 0x20 == 0x73
                && p[4] | 0x20 == 0x65 ? false : nil
        default: return nil
        }
    }

    /// Whether the bytes look like a plain decimal number (digits, sign, point, exponent) — used
    /// by type inference so words like `Infinity` stay strings.
    static func looksNumeric(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let f = p.first else { return false }
        return f &- 48 < 10 || f == UInt8(ascii: "-") || f == UInt8(ascii: "+") || f == UInt8(ascii: ".")
    }

    static func guid(_ p: UnsafeBufferPointer<UInt8>) -> GUID? {
        GUID(parsing: Substring(String(decoding: p, as: UTF8.self)))
    }

    static func timespan(_ p: UnsafeBufferPointer<UInt8>) -> Int64? {
        TimeSpan.parse(Substring(String(decoding: p, as: UTF8.self)))
    }

    /// A `dynamic` cell from text: JSON when it parses, else the text as a dynamic string.
    static func dynamic(_ p: UnsafeBufferPointer<UInt8>) -> DynamicValue {
        if let v = try? JSON.parse(bytes: p) { return v }
        return .string(String(decoding: p, as: UTF8.self))
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
