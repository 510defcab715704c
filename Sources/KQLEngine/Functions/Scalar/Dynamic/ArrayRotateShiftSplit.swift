import KQLColumns

// array_rotate_left/right, array_shift_left/right, array_split (their *-function.md pages). A first
// argument that is not an array gives null; a null count or index gives null.

/// The array rotated left by `n` (right for negative n); `right` rotates the other way.
private func rotated(_ a: [DynamicValue], _ n: Int64, right: Bool) -> [DynamicValue] {
    guard !a.isEmpty else { return a }
    let c = Int64(a.count)
    var k = ((n % c) + c) % c
    if right { k = (c - k) % c }
    return Array(a[Int(k)...] + a[..<Int(k)])
}

private func rotateFunction(_ name: String, left: Bool) -> ScalarFunction {
    rowFunction(name, fn([p("array", .type(.dynamic)), p("rotate_count", .integer)], .fixed(.dynamic)),
                summary: "The array's elements rotated \(left ? "left" : "right") by rotate_count positions (\(left ? "right" : "left") when negative).",
                kernel: { args in
                    guard let a = dynamicArray(args[0]), let n = integerValue(args[1]) else { return .dynamic(.null) }
                    return .dynamic(.array(rotated(a, n, right: !left)))
                })
}

let arrayRotateLeftFunction = rotateFunction("array_rotate_left", left: true)
let arrayRotateRightFunction = rotateFunction("array_rotate_right", left: false)

/// The fill value of array_shift_* without a default_value: the docs say null or an empty string
/// "depending on the type of elements"; Quarry takes "" when every non-null element is a string
/// (and there is one), else null.
private func defaultFill(_ a: [DynamicValue]) -> DynamicValue {
    var sawString = false
    for e in a {
        switch e {
        case .null: continue
        case .string: sawString = true
        default: return .null
        }
    }
    return sawString ? .string("") : .null
}

private func shiftFunction(_ name: String, left: Bool) -> ScalarFunction {
    rowFunction(name, fn([p("array", .type(.dynamic)), p("shift_count", .integer), opt("default_value", .scalar)], .fixed(.dynamic)),
                summary: "The array's elements shifted \(left ? "left" : "right") by shift_count positions (\(left ? "right" : "left") when negative), vacated places filled with default_value.",
                kernel: { args in
                    guard let a = dynamicArray(args[0]), let n0 = integerValue(args[1]) else { return .dynamic(.null) }
                    let fill = args.count > 2 ? toDynamic(args[2]) : defaultFill(a)
                    let count = Int64(a.count)
                    // Shifting left by n: element i comes from i + n.
                    let n = left ? n0 : (n0 == .min ? Int64.max : -n0)
                    var out = [DynamicValue]()
                    out.reserveCapacity(a.count)
                    for i in 0..<count {
                        let (src, overflow) = i.addingReportingOverflow(n)
                        out.append(!overflow && src >= 0 && src < count ? a[Int(src)] : fill)
                    }
                    return .dynamic(.array(out))
                })
}

let arrayShiftLeftFunction = shiftFunction("array_shift_left", left: true)
let arrayShiftRightFunction = shiftFunction("array_shift_right", left: false)

/// array_split: N + 1 arrays cut at the N indices (negative ones count from the end). Indices are
/// clamped to the array, and one smaller than the index before it is taken as that index (the docs
/// expect ascending indices; Quarry then gives an empty piece rather than overlapping ones).
let arraySplitFunction = rowFunction(
    "array_split", [Overload([p("array", .type(.dynamic)), p("index", .integer)], .fixed(.dynamic)),
                    Overload([p("array", .type(.dynamic)), p("indices", .type(.dynamic))], .fixed(.dynamic))],
    summary: "The array cut at an index or an array of indices: [0..i1), [i1..i2), ... [iN..length); negative indices count from the end.",
    kernel: { args in
        guard let a = dynamicArray(args[0]) else { return .dynamic(.null) }
        var indices: [Int64] = []
        if let i = integerValue(args[1]) {
            indices = [i]
        } else if let list = dynamicArray(args[1]) {
            for e in list { guard case .long(let i) = e else { return .dynamic(.null) }; indices.append(i) }
        } else {
            return .dynamic(.null)
        }
        let n = Int64(a.count)
        var pieces: [DynamicValue] = []
        var start: Int64 = 0
        for i in indices {
            var cut = i < 0 ? n + i : i
            cut = Swift.min(Swift.max(cut, start), n)
            pieces.append(.array(Array(a[Int(start)..<Int(cut)])))
            start = cut
        }
        pieces.append(.array(Array(a[Int(start)...])))
        return .dynamic(.array(pieces))
    })
