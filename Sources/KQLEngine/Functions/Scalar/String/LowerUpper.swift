import KQLColumns

let tolowerFunction = rowFunction("tolower", signatures: ["tolower(source: string) -> string"], summary: "The string in lower case.",
                                  arity: 1...1, result: { _ in .string }, kernel: { .string(kqlString($0[0]).lowercased()) })

let toupperFunction = rowFunction("toupper", signatures: ["toupper(source: string) -> string"], summary: "The string in upper case.",
                                  arity: 1...1, result: { _ in .string }, kernel: { .string(kqlString($0[0]).uppercased()) })
