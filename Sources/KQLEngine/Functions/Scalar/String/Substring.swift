import KQLColumns

let substringFunction = rowFunction("substring", signatures: ["substring(source, startingIndex: long [, length: long]) -> string"],
                                    summary: "Part of a string, by character positions from 0.", arity: 2...3, result: { site in
    try site.require(1, numericTypes, "substring")
    try site.require(2, numericTypes, "substring")
    return .string
}, kernel: { args in
    let chars = Array(kqlString(args[0]).unicodeScalars)
    guard let s = integerValue(args[1]) else { return .string("") }
    let start = Int(max(0, min(Int64(chars.count), s)))
    var end = chars.count
    if args.count == 3 {
        guard let l = integerValue(args[2]), l >= 0 else { return .string("") }
        end = Int(min(Int64(chars.count), Int64(start) + l))
    }
    var out = String.UnicodeScalarView()
    out.append(contentsOf: chars[start..<max(start, end)])
    return .string(String(out))
})
