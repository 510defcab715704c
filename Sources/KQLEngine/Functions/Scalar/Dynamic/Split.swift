import KQLColumns

let splitFunction = rowFunction(
    "split", signatures: ["split(source: string, delimiter: string [, requestedIndex: int]) -> dynamic"],
    summary: "Splits a string by a delimiter into a dynamic array; with requestedIndex, an array of just that piece (empty if out of range).",
    arity: 2...3, result: { site in
        try site.require(0, [.string, .dynamic], "split")   // a dynamic source is used as its string
        try site.require(1, [.string], "split")
        try site.require(2, [.int, .long], "split")
        return .dynamic
    }, kernel: { args in
        let s = kqlString(args[0]), d = kqlString(args[1])
        let parts: [String] = d.isEmpty ? [s] : s.components(separatedBy: d)
        var out = parts.map(DynamicValue.string)
        if args.count == 3 {
            guard let i = integerValue(args[2]) else { return .dynamic(.null) }
            out = i >= 0 && i < Int64(out.count) ? [out[Int(i)]] : []
        }
        return .dynamic(.array(out))
    })
