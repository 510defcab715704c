import KQLColumns

/// `substring(s, start[, length])`: a negative start counts from the end (`substring("123456", -2, 2)` is "56",
/// substring-function.md); positions past either end clamp, so no start or length (even ±Int64.max) overflows.
let substringFunction = rowFunction("substring", fn([p("source", .scalar), p("startingIndex", .number), opt("length", .number)], .fixed(.string)),
                                    summary: "Part of a string, by character positions from 0 (negative: from the end).", kernel: { args in
    let chars = Array(kqlString(args[0]).unicodeScalars)
    let n = Int64(chars.count)
    guard let s = integerValue(args[1]) else { return .string("") }
    let start = Int(s < 0 ? max(0, n + max(s, -n)) : min(n, s))
    var end = chars.count
    if args.count == 3 {
        guard let l = integerValue(args[2]), l >= 0 else { return .string("") }
        end = start + Int(min(n - Int64(start), l))
    }
    var out = String.UnicodeScalarView()
    out.append(contentsOf: chars[start..<end])
    return .string(String(out))
})
