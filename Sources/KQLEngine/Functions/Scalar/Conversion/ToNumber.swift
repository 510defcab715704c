import Foundation
import KQLColumns

/// Parses a decimal integer (optional sign, surrounding spaces allowed).
func parseInteger(_ s: String) -> Int64? {
    Int64(s.trimmingCharacters(in: .whitespaces))
}

/// tolong semantics: reals truncate toward zero; NaN, ±inf and reals outside Int64 are nil (null:
/// tolong-function.md, "If conversion isn't successful, the result is null").
func toLong(_ v: Value) -> Int64? {
    switch v {
    case .int(let x): return Int64(x)
    case .long(let x): return x
    case .real(let x): return int64Truncating(x)
    case .decimal(let d): return d.int64
    case .bool(let b): return b ? 1 : 0
    case .string(let s): return parseInteger(s) ?? Double(s.trimmingCharacters(in: .whitespaces)).flatMap(int64Truncating)
    case .datetime(let t), .timespan(let t): return t
    // A dynamic null, array or property bag stays dynamic in dynamicToValue: no number (and no
    // recursion on it, which overflowed the stack: `toint(dynamic(null))`).
    case .dynamic(let d):
        let v = dynamicToValue(d)
        if case .dynamic = v { return nil }
        return toLong(v)
    default: return nil
    }
}

func toReal(_ v: Value) -> Double? {
    switch v {
    case .int(let x): return Double(x)
    case .long(let x): return Double(x)
    case .real(let x): return x
    case .decimal(let d): return d.double
    case .bool(let b): return b ? 1 : 0
    case .string(let s):
        let t = s.trimmingCharacters(in: .whitespaces)
        switch t.lowercased() {
        case "nan": return .nan
        case "inf", "+inf", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return Double(t)
        }
    case .datetime(let t), .timespan(let t): return Double(t)
    case .dynamic(let d):
        let v = dynamicToValue(d)
        if case .dynamic = v { return nil }
        return toReal(v)
    default: return nil
    }
}

let tointFunction = rowFunction("toint", fn([p("value", .scalar)], .fixed(.int)), summary: "The value as an int; null if it does not convert.", kernel: { args in
    guard let x = toLong(args[0]), let i = Int32(exactly: x) else { return .null(.int) }
    return .int(i)
})

let tolongFunction = rowFunction("tolong", fn([p("value", .scalar)], .fixed(.long)), summary: "The value as a long; null if it does not convert.", kernel: { toLong($0[0]).map(Value.long) ?? .null(.long) })

let torealFunction = rowFunction("toreal", aliases: ["todouble"], fn([p("value", .scalar)], .fixed(.real)),
                                 summary: "The value as a real; null if it does not convert.", kernel: { toReal($0[0]).map(Value.real) ?? .null(.real) })

let toboolFunction = rowFunction("tobool", aliases: ["toboolean"], fn([p("value", .scalar)], .fixed(.bool)),
                                 summary: "The value as a bool (\"true\"/\"false\", numbers non-zero); null if it does not convert.", kernel: { args in
    switch args[0] {
    case .bool(let b): return .bool(b)
    case .int(let x): return .bool(x != 0)
    case .long(let x): return .bool(x != 0)
    case .real(let x): return .bool(x != 0)
    case .string(let s):
        switch s.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "1": return .bool(true)
        case "false", "0": return .bool(false)
        default: return .null(.bool)
        }
    case .dynamic(.bool(let b)): return .bool(b)
    default: return .null(.bool)
    }
})
