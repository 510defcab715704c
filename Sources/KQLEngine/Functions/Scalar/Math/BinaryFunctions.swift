import KQLColumns

// Bitwise functions over 64-bit integers (binary-*-function.md, bitset-count-ones-function.md): an int
// argument is widened to long first; a null argument gives null.

/// A bitwise function of two integers, result long.
private func binaryFunction(_ name: String, summary: String, _ f: @escaping (Int64, Int64) -> Int64?) -> ScalarFunction {
    rowFunction(name, fn([p("value1", .type(.long)), p("value2", .type(.long))], .fixed(.long)), summary: summary, kernel: { args in
        guard let a = integerValue(args[0]), let b = integerValue(args[1]), let r = f(a, b) else { return .null(.long) }
        return .long(r)
    })
}

let binaryAndFunction = binaryFunction("binary_and", summary: "Bitwise AND of two longs.") { $0 & $1 }
let binaryOrFunction = binaryFunction("binary_or", summary: "Bitwise OR of two longs.") { $0 | $1 }
let binaryXorFunction = binaryFunction("binary_xor", summary: "Bitwise XOR of two longs.") { $0 ^ $1 }
// value << (shift % 64), value >> (shift % 64); a negative shift is null (the docs' rule). Bits shifted
// past bit 63 are dropped (no overflow trap); the right shift is arithmetic (it keeps the sign), as .NET's `>>` on long.
let binaryShiftLeftFunction = binaryFunction("binary_shift_left", summary: "value << (shift % 64); null for a negative shift.") { v, s in
    s < 0 ? nil : v << (s % 64)
}
let binaryShiftRightFunction = binaryFunction("binary_shift_right", summary: "value >> (shift % 64) (arithmetic); null for a negative shift.") { v, s in
    s < 0 ? nil : v >> (s % 64)
}

let binaryNotFunction = rowFunction(
    "binary_not", fn([p("value", .type(.long))], .fixed(.long)), summary: "Bitwise NOT of a long.", kernel: { args in
        integerValue(args[0]).map { .long(~$0) } ?? .null(.long)
    })

let bitsetCountOnesFunction = rowFunction(
    "bitset_count_ones", fn([p("value", .type(.long))], .fixed(.long)),
    summary: "The number of set bits in a long's 64-bit two's complement form.", kernel: { args in
        integerValue(args[0]).map { .long(Int64($0.nonzeroBitCount)) } ?? .null(.long)
    })
