import KQLColumns

let splitFunction = rowFunction(
    "split", fn([p("source", .stringOrDynamic), p("delimiter", .type(.string)), opt("requestedIndex", .integer)], .fixed(.dynamic)),
    summary: "Splits a string by a delimiter into a dynamic array; with requestedIndex, an array of just that piece (empty if out of range).",
    kernel: { args in
        let s = kqlString(args[0]), d = kqlString(args[1])
        let parts: [String] = d.isEmpty ? [s] : s.components(separatedBy: d)
        var out = parts.map(DynamicValue.string)
        if args.count == 3 {
            guard let i = integerValue(args[2]) else { return .dynamic(.null) }
            out = i >= 0 && i < Int64(out.count) ? [out[Int(i)]] : []
        }
        return .dynamic(.array(out))
    })
