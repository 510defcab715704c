import KQLColumns

/// Rounds down to a multiple of `size`: floor semantics for negative values too.
func binValue(_ v: Value, _ size: Value) -> Value {
    switch (v, size) {
    case (.datetime(let t), .timespan(let s)) where s > 0:
        return .datetime(floorDiv(t, s) * s)
    case (.timespan(let t), .timespan(let s)) where s > 0:
        return .timespan(floorDiv(t, s) * s)
    case (.int(let x), _):
        guard let s = numericDouble(size), s > 0 else { return .null(.int) }
        return .int(Int32((Double(x) / s).rounded(.down) * s))
    case (.long(let x), _):
        if let s = integerValue(size) { return s > 0 ? .long(floorDiv(x, s) * s) : .null(.long) }
        guard let s = numericDouble(size), s > 0 else { return .null(.long) }
        return .long(Int64((Double(x) / s).rounded(.down) * s))
    case (.real(let x), _):
        guard let s = numericDouble(size), s > 0 else { return .null(.real) }
        return .real((x / s).rounded(.down) * s)
    default:
        return .empty(v.type)
    }
}

@inline(__always) func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

let binFunction = ScalarFunction(
    name: "bin", aliases: ["floor"], signatures: ["bin(value: number|datetime|timespan, roundTo: number|timespan) -> type of value"],
    summary: "Rounds a value down to a multiple of the bin size.", arity: 2...2,
    bind: { site in
        let t = site.types[0]
        switch t {
        case .datetime, .timespan: try site.require(1, [.timespan], "bin")
        case .int, .long, .real: try site.require(1, numericTypes, "bin")
        default: throw site.error("bin(): argument 1 must be a number, datetime or timespan, not \(t)", arg: 0)
        }
        return BoundFunction(name: "bin", resultType: t, kernel: .row { binValue($0[0], $0[1]) })
    })
