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
    "toguid", signatures: ["toguid(value) -> guid"], summary: "Converts a string of 32 hex digits (hyphens ignored) to a guid; null otherwise.",
    arity: 1...1, result: { _ in .guid }, kernel: { toGuid($0[0]) })

let tohexFunction = rowFunction(
    "tohex", signatures: ["tohex(value: int|long [, minLength: int]) -> string"],
    summary: "Hexadecimal text of an integer (two's complement for negatives: 32-bit for int, 64-bit for long), zero-padded to minLength.",
    arity: 1...2, result: { site in
        try site.require(0, [.int, .long], "tohex")
        try site.require(1, [.int, .long], "tohex")
        return .string
    }, kernel: { args in
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
