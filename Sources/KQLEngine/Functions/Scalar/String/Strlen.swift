import KQLColumns

/// Unicode characters in UTF-8 bytes: every byte that does not continue a character starts one
/// (the readers admit well-formed UTF-8 only).
@inline(__always) func characterCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64 {
    var n: Int64 = 0
    for b in bytes where b & 0xC0 != 0x80 { n += 1 }
    return n
}

let strlenFunction = ScalarFunction(
    name: "strlen", overloads: fn([p("source", .stringOrDynamic)], .fixed(.long)), summary: "Number of Unicode characters in the string.",
    bind: { _ in
        let row: ([Value]) -> Value = { .long(Int64(kqlString($0[0]).unicodeScalars.count)) }
        return BoundFunction(name: "strlen", resultType: .long, kernel: .column { args, count in
            guard case .column(let c) = args[0] else { return liftRow(row, args, count: count, type: .long) }
            switch c.storage {
            case .string(let arr):
                // A null string is "" in Kusto: length 0, never null.
                let out = arr.bytes.withUnsafeBufferPointer { bytes in
                    (0..<count).map { r in characterCount(UnsafeBufferPointer(rebasing: bytes[arr.range(r)])) }
                }
                return .column(Column(.long(out)))
            case .dictionary(let d):
                let lengths = d.dictionary.bytes.withUnsafeBufferPointer { bytes in
                    (0..<d.dictionary.count).map { k in characterCount(UnsafeBufferPointer(rebasing: bytes[d.dictionary.range(k)])) }
                }
                return .column(Column(.long(d.codes.map { lengths[Int($0)] })))
            default:
                return liftRow(row, args, count: count, type: .long)
            }
        })
    })
