/// Number parsing straight from UTF-8 bytes (no String allocation), shared by the JSON parser and
/// the file readers.
public enum NumberParsing {
    /// A decimal integer: optional sign, then digits only. Nil on overflow or any other byte.
    @inlinable
    public static func int64(_ p: UnsafeBufferPointer<UInt8>) -> Int64? {
        let n = p.count
        guard n > 0 else { return nil }
        var i = 0
        var neg = false
        if p[0] == UInt8(ascii: "-") { neg = true; i = 1 } else if p[0] == UInt8(ascii: "+") { i = 1 }
        guard i < n else { return nil }
        if n - i < 19 {
            // Cannot overflow: at most 18 digits.
            var v: Int64 = 0
            while i < n {
                let d = p[i] &- 48
                guard d < 10 else { return nil }
                v = v &* 10 &+ Int64(d)
                i += 1
            }
            return neg ? -v : v
        }
        var v: UInt64 = 0
        while i < n {
            let d = p[i] &- 48
            guard d < 10 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(d))
            guard !o1, !o2 else { return nil }
            v = a
            i += 1
        }
        if neg {
            guard v <= UInt64(Int64.max) + 1 else { return nil }
            return v == UInt64(Int64.max) + 1 ? Int64.min : -Int64(v)
        }
        guard v <= UInt64(Int64.max) else { return nil }
        return Int64(v)
    }

    @usableFromInline static let exactPowers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// A decimal floating-point number (`-1.5`, `2e10`, `.5`, `1.`), correctly rounded; also
    /// `NaN`, `Infinity`, `-Infinity`, `inf`. Nil if the bytes are not a number.
    public static func double(_ p: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = p.count
        guard n > 0 else { return nil }
        var i = 0
        var neg = false
        if p[0] == UInt8(ascii: "-") { neg = true; i = 1 } else if p[0] == UInt8(ascii: "+") { i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0       // significant digits accumulated into mantissa
        var dropped = false  // nonzero digits that did not fit
        var exp10 = 0
        var sawDigit = false
        while i < n, p[i] &- 48 < 10 {
            sawDigit = true
            if digits < 19 { mantissa = mantissa * 10 + UInt64(p[i] - 48); if mantissa > 0 { digits += 1 } }
            else { exp10 += 1; if p[i] != 48 { dropped = true } }
            i += 1
        }
        if i < n, p[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, p[i] &- 48 < 10 {
                sawDigit = true
                if digits < 19 { mantissa = mantissa * 10 + UInt64(p[i] - 48); if mantissa > 0 { digits += 1 }; exp10 -= 1 }
                else if p[i] != 48 { dropped = true }
                i += 1
            }
        }
        guard sawDigit else { return special(p) }
        if i < n, p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var eneg = false
            if i < n, p[i] == UInt8(ascii: "-") { eneg = true; i += 1 } else if i < n, p[i] == UInt8(ascii: "+") { i += 1 }
            guard i < n else { return nil }
            var e = 0
            while i < n, p[i] &- 48 < 10 { if e < 100_000 { e = e * 10 + Int(p[i] - 48) }; i += 1 }
            exp10 += eneg ? -e : e
        }
        guard i == n else { return nil }
        // Clinger's fast path: exact when the mantissa and the power of ten are both exact doubles.
        if !dropped, mantissa < (1 << 53), exp10 >= -22, exp10 <= 22 {
            var d = Double(mantissa)
            if exp10 < 0 { d /= exactPowers[-exp10] } else { d *= exactPowers[exp10] }
            return neg ? -d : d
        }
        if mantissa == 0 { return neg ? -0.0 : 0.0 }
        return Double(String(decoding: p, as: UTF8.self))
    }

    static func special(_ p: UnsafeBufferPointer<UInt8>) -> Double? {
        let s = String(decoding: p, as: UTF8.self).lowercased()
        switch s {
        case "nan": return .nan
        case "infinity", "+infinity", "inf", "+inf": return .infinity
        case "-infinity", "-inf": return -.infinity
        default: return nil
        }
    }
}
