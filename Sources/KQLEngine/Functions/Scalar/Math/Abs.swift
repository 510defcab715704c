import KQLColumns

let absFunction = rowFunction("abs", signatures: ["abs(x: number|timespan) -> type of x"], summary: "Absolute value.", arity: 1...1,
                              result: { site in
    try site.require(0, numericTypes.union([.timespan]), "abs")
    return site.types[0]
}, kernel: { args in
    switch args[0] {
    case .int(let x): return .int(x == .min ? x : abs(x))
    case .long(let x): return .long(x == .min ? x : abs(x))
    case .real(let x): return .real(abs(x))
    case .timespan(let x): return .timespan(x == .min ? x : abs(x))
    case let v: return v
    }
})
