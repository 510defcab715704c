import KQLColumns

let tostringFunction = rowFunction("tostring", signatures: ["tostring(value) -> string"],
                                   summary: "The value as a string; null becomes the empty string.",
                                   arity: 1...1, result: { _ in .string }, kernel: { .string(kqlString($0[0])) })
