import KQLColumns

let strlenFunction = rowFunction("strlen", signatures: ["strlen(source: string) -> long"], summary: "Number of Unicode characters in the string.",
                                 arity: 1...1, result: { site in
    try site.require(0, [.string, .dynamic], "strlen")
    return .long
}, kernel: { .long(Int64(kqlString($0[0]).unicodeScalars.count)) })
