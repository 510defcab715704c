import KQLColumns

let indexOfFunction = rowFunction("indexof", signatures: ["indexof(source: string, lookup: string) -> long"],
                                  summary: "Character position of the first occurrence of lookup, or -1.", arity: 2...2,
                                  result: { _ in .long }, kernel: { args in
    let hay = Array(kqlString(args[0]).unicodeScalars), needle = Array(kqlString(args[1]).unicodeScalars)
    if needle.isEmpty { return .long(0) }
    if needle.count > hay.count { return .long(-1) }
    for i in 0...(hay.count - needle.count) where Array(hay[i..<i + needle.count]) == needle { return .long(Int64(i)) }
    return .long(-1)
})
