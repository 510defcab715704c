import KQLColumns

/// Rounds down to a multiple of `size`: floor semantics for negative values too. A result that
/// does not fit the value's type (`bin(-9223372036854775808, 3)`, `bin(int(5), 1e-300)`) is null.
func binValue(_ v: Value, _ size: Value) -> Value {
    switch (v, size) {
    case (.datetime(let t), .timespan(let s)) where s > 0:
        return datetimeOrNull(checkedMul(floorDiv(t, s), s))
    case (.timespan(let t), .timespan(let s)) where s > 0:
        return timespanOrNull(checkedMul(floorDiv(t, s), s))
    case (.int(let x), _):
        guard let s = numericDouble(size), s > 0,
              let r = int64Truncating((Double(x) / s).rounded(.down) * s), let i = Int32(exactly: r) else { return .null(.int) }
        return .int(i)
    case (.long(let x), _):
        if let s = integerValue(size) { return s > 0 ? (checkedMul(floorDiv(x, s), s).map(Value.long) ?? .null(.long)) : .null(.long) }
        guard let s = numericDouble(size), s > 0 else { return .null(.long) }
        return int64Truncating((Double(x) / s).rounded(.down) * s).map(Value.long) ?? .null(.long)
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
    name: "bin", aliases: ["floor"],
    overloads: [Overload([p("value", .number), p("roundTo", .number)], .parameter(0)),
                Overload([p("value", .type(.datetime)), p("roundTo", .type(.timespan))], .fixed(.datetime)),
                Overload([p("value", .type(.timespan)), p("roundTo", .type(.timespan))], .fixed(.timespan))],
    summary: "Rounds a value down to a multiple of the bin size.",
    bind: { site in
        BoundFunction(name: "bin", resultType: site.resultType, kernel: .row { binValue($0[0], $0[1]) })
    })
