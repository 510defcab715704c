import KQLColumns

let absFunction = rowFunction("abs", signatures: ["abs(x: number|timespan) -> type of x"], summary: "Absolute value; null for the minimum int/long/timespan, whose absolute value does not fit (the docs are silent).", arity: 1...1,
                              result: { site in
    try site.require(0, numericTypes.union([.timespan]), "abs")
    return site.types[0]
}, kernel: { args in
    switch args[0] {
    case .int(let x): return x == .min ? .null(.int) : .int(abs(x))
    case .long(let x): return x == .min ? .null(.long) : .long(abs(x))
    case .real(let x): return .real(abs(x))
    case .timespan(let x): return x == .min ? .null(.timespan) : .timespan(abs(x))
    case let v: return v
    }
})
