import KQLColumns

let tolowerFunction = rowFunction("tolower", fn([p("source", .scalar)], .fixed(.string)), summary: "The string in lower case.", kernel: { .string(kqlString($0[0]).lowercased()) })

let toupperFunction = rowFunction("toupper", fn([p("source", .scalar)], .fixed(.string)), summary: "The string in upper case.", kernel: { .string(kqlString($0[0]).uppercased()) })
