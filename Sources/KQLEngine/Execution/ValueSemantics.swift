import KQLColumns

/// Numeric view of a value (int, long, real), nil for null or non-numeric.
func numericDouble(_ v: Value) -> Double? {
    switch v {
    case .int(let x): return Double(x)
    case .long(let x): return Double(x)
    case .real(let x): return x
    case .decimal(let d): return d.double
    case .dynamic(.long(let x)): return Double(x)
    case .dynamic(.real(let x)): return x
    default: return nil
    }
}

func integerValue(_ v: Value) -> Int64? {
    switch v {
    case .int(let x): return Int64(x)
    case .long(let x): return x
    case .dynamic(.long(let x)): return x
    default: return nil
    }
}

/// A dynamic value holding a scalar, as that scalar (so `d.dir == "In"` compares strings);
/// other values, arrays and bags unchanged.
@inline(__always) func unwrapDynamicScalar(_ v: Value) -> Value {
    guard case .dynamic(let d) = v else { return v }
    switch d {
    case .array, .object, .null: return v
    default: return dynamicToValue(d)
    }
}

/// Where a sort key goes before ordinary values: 0 ordinary, 1 NaN, 2 null. Kusto groups NaN with
/// nulls (orderoperator.md): nulls first gives null, NaN, values...; nulls last gives ..., values, NaN, null.
@inline(__always) func orderRank(_ v: Value) -> Int {
    switch v {
    case .null, .dynamic(.null): return 2
    case .real(let x) where x.isNaN: return 1
    case .dynamic(.real(let x)) where x.isNaN: return 1
    default: return 0
    }
}

/// A value as a set or dictionary key where every NaN is one key (NaN != NaN would make each NaN
/// distinct): NaN maps to `.null(.decimal)`, a value no real or dynamic column ever holds.
@inline(__always) func distinctKey(_ v: Value) -> Value { orderRank(v) == 1 ? .null(.decimal) : v }

/// Three-way comparison with Kusto's rules; nil when either side is null or the types don't compare.
func compareValues(_ x: Value, _ y: Value) -> Int? {
    let a = unwrapDynamicScalar(x), b = unwrapDynamicScalar(y)
    switch (a, b) {
    case (.null, _), (_, .null): return nil
    case (.string(let x), .string(let y)): return x == y ? 0 : (Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8)) ? -1 : 1)
    case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
    case (.datetime(let x), .datetime(let y)), (.timespan(let x), .timespan(let y)): return x == y ? 0 : (x < y ? -1 : 1)
    case (.guid(let x), .guid(let y)): return x == y ? 0 : (x < y ? -1 : 1)
    case (.dynamic(let x), .dynamic(let y)): return x == y ? 0 : nil
    // A decimal compares exactly with a decimal or an integer, and with a real through the real's
    // decimal (shortest text); NaN and infinities compare as reals.
    case (.decimal, _), (_, .decimal):
        if let x = exactDecimal(a), let y = exactDecimal(b) { return x == y ? 0 : (x < y ? -1 : 1) }
        guard let x = numericDouble(a), let y = numericDouble(b), !x.isNaN, !y.isNaN else { return nil }
        return x == y ? 0 : (x < y ? -1 : 1)
    case (.bool(let x), _) where numericDouble(b) != nil:
        // bool is true (1) or false (0) when compared with a number (scalar-data-types).
        return compareValues(.long(x ? 1 : 0), b)
    case (_, .bool(let y)) where numericDouble(a) != nil:
        return compareValues(a, .long(y ? 1 : 0))
    default:
        if let x = integerValue(a), let y = integerValue(b) { return x == y ? 0 : (x < y ? -1 : 1) }
        if let x = numericDouble(a), let y = numericDouble(b) {
            if x.isNaN || y.isNaN { return nil }
            return x == y ? 0 : (x < y ? -1 : 1)
        }
        return nil
    }
}

/// `tostring()` semantics: null becomes "", datetimes and timespans print as Kusto prints them.
/// (Public: the CLI prints cells with it.)
public func kqlString(_ v: Value) -> String {
    switch v {
    case .null: return ""
    case .bool(let b): return b ? "true" : "false"
    case .int(let x): return String(x)
    case .long(let x): return String(x)
    case .real(let x): return formatReal(x)
    case .decimal(let d): return d.description
    case .string(let s): return s
    case .datetime(let t): return DateTime.format(t)
    case .timespan(let t): return TimeSpan.format(t)
    case .guid(let g): return g.description
    case .dynamic(let d):
        switch d {
        case .null: return ""
        case .string(let s): return s
        default: return JSON.serialize(d)
        }
    }
}

/// Reals print in their shortest round-trip form, without a trailing `.0`.
public func formatReal(_ x: Double) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x < 0 ? "-Infinity" : "Infinity" }
    if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
}

/// The inverse of `toDynamic` for scalars: a dynamic scalar as a typed value (arrays, bags
/// and null stay dynamic).
func dynamicToValue(_ d: DynamicValue) -> Value {
    switch d {
    case .null: return .dynamic(.null)
    case .bool(let b): return .bool(b)
    case .long(let x): return .long(x)
    case .real(let x): return .real(x)
    case .string(let s): return .string(s)
    case .datetime(let t): return .datetime(t)
    case .timespan(let t): return .timespan(t)
    case .guid(let g): return .guid(g)
    default: return .dynamic(d)
    }
}

func toDynamic(_ v: Value) -> DynamicValue {
    switch v {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .int(let x): return .long(Int64(x))
    case .long(let x): return .long(x)
    case .real(let x): return .real(x)
    case .decimal(let d): return decimalToDynamic(d)
    case .string(let s): return .string(s)
    case .datetime(let t): return .datetime(t)
    case .timespan(let t): return .timespan(t)
    case .guid(let g): return .guid(g)
    case .dynamic(let d): return d
    }
}

/// Truthiness for `where` and logical operators: only a non-null `true` passes.
@inline(__always) func isTrue(_ v: Value) -> Bool {
    if case .bool(true) = v { return true }
    return false
}

/// A number as a decimal when that is exact (decimal, int, long, finite real); nil otherwise.
func exactDecimal(_ v: Value) -> KQLDecimal? {
    switch v {
    case .decimal, .int, .long, .real, .bool: return toDecimal(v)   // todecimal's rules for numbers
    default: return nil
    }
}

/// A decimal in a dynamic value: a real when the real holds it exactly, else its text (a dynamic
/// value has no decimal; its text keeps every digit rather than rounding silently).
func decimalToDynamic(_ d: KQLDecimal) -> DynamicValue {
    let x = d.double
    if let back = KQLDecimal(x), back == d { return .real(x) }
    return .string(d.description)
}
