import KQLColumns

let stringSizeFunction = rowFunction("string_size", fn([p("source", .stringOrDynamic)], .fixed(.long)),
                                     summary: "Size of the string in bytes (UTF-8).", kernel: { .long(Int64(kqlString($0[0]).utf8.count)) })
