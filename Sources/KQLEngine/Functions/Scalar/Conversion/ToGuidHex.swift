import KQLColumns

/// toguid: the first 32 characters other than hyphens must be hex digits.
func toGuid(_ v: Value) -> Value {
    if case .guid = v { return v }
    if case .dynamic(.guid(let g)) = v { return .guid(g) }
    guard case let s = kqlString(v), !v.isNull else { return .null(.guid) }
    let digits = s.unicodeScalars.filter { $0 != "-" }.prefix(32)
    guard digits.count == 32, digits.allSatisfy({ $0.properties.isASCIIHexDigit }) else { return .null(.guid) }
    return GUID(parsing: Substring(String(String.UnicodeScalarView(digits)))).map(Value.guid) ?? .null(.guid)
}

let toguidFunction = rowFunction(
    "toguid", fn([p("value", .scalar)], .fixed(.guid)), summary: "Converts a string of 32 hex digits (hyphens ignored) to a guid; null otherwise.", kernel: { toGuid($0[0]) })

let tohexFunction = rowFunction(
    "tohex", fn([p("value", .integer), opt("minLength", .integer)], .fixed(.string)),
    summary: "Hexadecimal text of an integer (two's complement for negatives: 32-bit for int, 64-bit for long), zero-padded to minLength.",
    kernel: { args in
        var s: String
        switch args[0] {
        case .int(let x): s = String(UInt32(bitPattern: x), radix: 16)
        case .long(let x): s = String(UInt64(bitPattern: x), radix: 16)
        default: return .string("")
        }
        if args.count == 2, let m = integerValue(args[1]) {
            let w = Int(min(16, max(0, m)))
            if s.count < w { s = String(repeating: "0", count: w - s.count) + s }
        }
        return .string(s)
    })
