import FoundationEssentials

/// A value of KQL's `decimal` type (scalar-data-types/decimal.md: a 128-bit decimal number).
///
/// Held as Foundation's `Decimal`: a 128-bit integer coefficient (38 significant digits) and a
/// decimal exponent, so every decimal literal, `todecimal` of a decimal text and `parse_version`
/// result (up to 32 digits) is exact, and `+ - *` on them is exact within 38 digits. Division is
/// rounded to 38 significant digits (Kusto's exact rounding rule for decimal division is not
/// documented). A result of 10^38 or more in magnitude, or a division by zero, is null, never a
/// wrapped or rounded-away value.
public struct KQLDecimal: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var value: Decimal

    public init(_ value: Decimal) { self.value = value }
    public init(_ x: Int64) { value = Decimal(x) }

    /// A decimal from a double, through the double's shortest round-trip text (so 0.1 is 0.1);
    /// nil for NaN and infinities, which a decimal cannot hold.
    public init?(_ x: Double) {
        guard x.isFinite else { return nil }
        guard let d = Decimal(string: "\(x)"), d < Self.limit, d > -Self.limit else { return nil }
        value = d
    }

    /// Parses a decimal number's text: optional sign, digits with an optional fraction, optional
    /// exponent (`1.5`, `-2`, `1e5`, `.5`). Nil for anything else (other characters, empty, NaN) and
    /// for magnitudes of 10^38 or more; more than 38 significant digits are rounded.
    public init?(parsing text: Substring) {
        let t = text.trimmingPrefixAndSuffixSpaces
        guard !t.isEmpty else { return nil }
        var sawDigit = false, sawDot = false, sawExp = false, expDigit = true
        for (i, c) in t.enumerated() {
            switch c {
            case "0"..."9": if sawExp { expDigit = true } else { sawDigit = true }
            case "+", "-":
                if i == 0 { continue }
                let prev = t[t.index(t.startIndex, offsetBy: i - 1)]
                guard prev == "e" || prev == "E" else { return nil }
            case ".": guard !sawDot, !sawExp else { return nil }; sawDot = true
            case "e", "E": guard sawDigit, !sawExp else { return nil }; sawExp = true; expDigit = false
            default: return nil
            }
        }
        guard sawDigit, expDigit else { return nil }
        guard let d = Decimal(string: String(t)), !d.isNaN, d < Self.limit, d > -Self.limit else { return nil }
        value = d
    }

    public var description: String { value.description }

    public var isZero: Bool { value.isZero }

    public static func < (a: KQLDecimal, b: KQLDecimal) -> Bool { a.value < b.value }

    /// The nearest double (through the decimal's text).
    public var double: Double { Double(value.description) ?? .nan }

    /// The integer part (truncated toward zero), nil past Int64.
    public var int64: Int64? { Int64(truncatedText) }

    /// The digits before the decimal point (with the sign), e.g. `-7` for -7.9.
    private var truncatedText: String {
        let t = value.description
        let i = t.firstIndex(of: ".").map { String(t[..<$0]) } ?? t
        return i == "-0" || i == "-" || i.isEmpty ? "0" : i
    }

    /// Kusto's decimal holds up to 38 digits; a result at or past 10^38 cannot be represented.
    private static let limit = Decimal(string: "1e38")!

    private static func checked(_ r: Decimal) -> KQLDecimal? {
        guard !r.isNaN, r < limit, r > -limit else { return nil }
        return KQLDecimal(r)
    }

    public static func add(_ a: KQLDecimal, _ b: KQLDecimal) -> KQLDecimal? { checked(a.value + b.value) }
    public static func subtract(_ a: KQLDecimal, _ b: KQLDecimal) -> KQLDecimal? { checked(a.value - b.value) }
    public static func multiply(_ a: KQLDecimal, _ b: KQLDecimal) -> KQLDecimal? { checked(a.value * b.value) }
    /// Nil for division by zero.
    public static func divide(_ a: KQLDecimal, _ b: KQLDecimal) -> KQLDecimal? {
        guard !b.isZero else { return nil }
        return checked(a.value / b.value)
    }
    /// a - b × trunc(a / b), the sign of a (as .NET's decimal %); nil for b = 0.
    public static func remainder(_ a: KQLDecimal, _ b: KQLDecimal) -> KQLDecimal? {
        guard !b.isZero, let q = divide(a, b), let t = Decimal(string: q.truncatedText) else { return nil }
        return checked(a.value - b.value * t)
    }
    public var negated: KQLDecimal { KQLDecimal(-value) }
}

private extension Substring {
    var trimmingPrefixAndSuffixSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
