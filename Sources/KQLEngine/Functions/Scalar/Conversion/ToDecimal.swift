import KQLColumns

// todecimal() (todecimal-function.md) and parse_version() (parse-version-function.md), both decimal.
// The decimal type is `KQLDecimal` (KQLColumns/KQLDecimal.swift): 38 significant digits, exact for
// decimal texts and for every parse_version result.

/// todecimal semantics: numbers exactly (a real through its shortest text, so 0.1 is 0.1), a decimal
/// number's text, bools as 1/0, datetimes and timespans as their ticks (as tolong); NaN, infinities
/// and anything else null.
func toDecimal(_ v: Value) -> KQLDecimal? {
    switch v {
    case .decimal(let d): return d
    case .int(let x): return KQLDecimal(Int64(x))
    case .long(let x): return KQLDecimal(x)
    case .real(let x): return KQLDecimal(x)
    case .bool(let b): return KQLDecimal(Int64(b ? 1 : 0))
    case .string(let s): return KQLDecimal(parsing: Substring(s))
    case .datetime(let t), .timespan(let t): return KQLDecimal(t)
    case .dynamic(let d):
        let v = dynamicToValue(d)
        if case .dynamic = v { return nil }
        return toDecimal(v)
    default: return nil
    }
}

let todecimalFunction = rowFunction(
    "todecimal", fn([p("value", .scalar)], .fixed(.decimal)),
    summary: "The value as a decimal (38 significant digits); null if it does not convert.",
    kernel: { args in toDecimal(args[0]).map(Value.decimal) ?? .null(.decimal) })

/// `1.2.3.4` as the decimal 1 00000002 00000003 00000004: one to four dot-separated parts of one to
/// eight digits each, missing trailing parts 0. Anything else (a sign, a space inside, an empty or
/// longer part, a fifth part) is null. Surrounding spaces are ignored (the page is silent on them).
func parseVersion(_ s: String) -> KQLDecimal? {
    var text = Substring(s)
    while let f = text.first, f == " " { text = text.dropFirst() }
    while let l = text.last, l == " " { text = text.dropLast() }
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...4).contains(parts.count) else { return nil }
    var digits = ""
    for (i, part) in parts.enumerated() {
        guard (1...8).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        digits += i == 0 ? String(part) : String(repeating: "0", count: 8 - part.count) + part
    }
    digits += String(repeating: "0", count: 8 * (4 - parts.count))
    return KQLDecimal(parsing: Substring(digits))
}

let parseVersionFunction = rowFunction(
    "parse_version", fn([p("version", .type(.string))], .fixed(.decimal)),
    summary: "A version string (1 to 4 parts of up to 8 digits) as a comparable decimal; null if it is not one.",
    kernel: { args in
        guard case .string(let s) = args[0] else { return .null(.decimal) }
        return parseVersion(s).map(Value.decimal) ?? .null(.decimal)
    })
