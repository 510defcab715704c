import KQLColumns

let absFunction = rowFunction("abs", fn([p("x", .summable)], .parameter(0)),
                              summary: "Absolute value; null for the minimum int/long/timespan, whose absolute value does not fit (the docs are silent).",
                              kernel: { args in
    switch args[0] {
    case .int(let x): return x == .min ? .null(.int) : .int(abs(x))
    case .long(let x): return x == .min ? .null(.long) : .long(abs(x))
    case .real(let x): return .real(abs(x))
    case .timespan(let x): return x == .min ? .null(.timespan) : .timespan(abs(x))
    case let v: return v
    }
})
