import KQLColumns

let stringSizeFunction = rowFunction("string_size", signatures: ["string_size(source: string) -> long"],
                                     summary: "Size of the string in bytes (UTF-8).", arity: 1...1, result: { site in
    try site.require(0, [.string, .dynamic], "string_size")
    return .long
}, kernel: { .long(Int64(kqlString($0[0]).utf8.count)) })
