import KQLColumns

/// A column kernel giving a new value per row (never folded: `.perRow` volatility).
private func perRowKernel(_ type: KQLType, _ next: @escaping ([Value]) -> Value) -> Kernel {
    .column({ args, n in
        var builder = ColumnBuilder(type: type, capacity: n)
        var row = [Value](repeating: .null(.long), count: args.count)
        for i in 0..<n {
            for j in 0..<args.count { row[j] = args[j].value(at: i) }
            builder.append(next(row))
        }
        return .column(builder.finish())
    })
}

/// A random version-4 GUID (RFC 4122: version nibble 4, variant bits 10).
func randomGUID() -> GUID {
    var g = SystemRandomNumberGenerator()
    let high = (g.next() as UInt64) & ~(UInt64(0xF) << 12) | (UInt64(4) << 12)
    let low = (g.next() as UInt64) & ~(UInt64(0xC) << 60) | (UInt64(0x8) << 60)
    return GUID(high: high, low: low)
}

let newGuidFunction = ScalarFunction(
    name: "new_guid", volatility: .perRow, overloads: fn([], .fixed(.guid)),
    summary: "A new random (version 4) guid, different on every row.",
    bind: { _ in BoundFunction(name: "new_guid", resultType: .guid, kernel: perRowKernel(.guid) { _ in .guid(randomGUID()) }, volatility: .perRow) })

let randFunction = ScalarFunction(
    name: "rand", volatility: .perRow, overloads: fn([opt("N", .integer)], .fixed(.real)),
    summary: "A random real in [0.0, 1.0), or with N one of 0.0, 1.0, …, N - 1 (null for N < 1); new on every row.",
    bind: { _ in
        BoundFunction(name: "rand", resultType: .real, kernel: perRowKernel(.real) { args in
            if args.isEmpty { return .real(Double.random(in: 0..<1)) }
            guard let n = integerValue(args[0]), n >= 1 else { return .null(.real) }
            return .real(Double(Int64.random(in: 0..<n)))
        }, volatility: .perRow)
    })
