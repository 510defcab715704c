import KQLColumns

let tostringFunction = rowFunction("tostring", fn([p("value", .scalar)], .fixed(.string)),
                                   summary: "The value as a string; null becomes the empty string.", kernel: { .string(kqlString($0[0])) })
