import KQLColumns

let arrayLengthFunction = rowFunction(
    "array_length", aliases: ["arraylength"], fn([p("array", .type(.dynamic))], .fixed(.long)),
    summary: "Number of elements of a dynamic array; null when the value is not an array.", kernel: { args in dynamicArray(args[0]).map { .long(Int64($0.count)) } ?? .null(.long) })

/// array_index_of's search: `start` (negative from the end), `length` (-1 = to the end), `occurrence` (1-based).
func arrayIndexOf(_ args: [Value]) -> Value {
    guard let a = dynamicArray(args[0]), !args[1].isNull else { return .null(.long) }
    var start: Int64 = 0, length: Int64 = -1, occurrence: Int64 = 1
    if args.count > 2 { guard let s = integerValue(args[2]) else { return .null(.long) }; start = s }
    if args.count > 3 { guard let l = integerValue(args[3]) else { return .null(.long) }; length = l }
    if args.count > 4 { guard let o = integerValue(args[4]) else { return .null(.long) }; occurrence = o }
    guard length >= -1, occurrence >= 0 else { return .null(.long) }
    let n = Int64(a.count)
    if start < 0 { start = max(0, n + start) }
    if start >= n { return .long(-1) }
    let end = length == -1 || length > n - start ? n : start + length   // (no start + length overflow)
    var seen: Int64 = 0
    var i = start
    while i < end {
        if dynamicEquals(a[Int(i)], args[1]) { seen += 1; if seen >= occurrence { return .long(i) } }
        i += 1
    }
    return .long(-1)
}

let arrayIndexOfFunction = rowFunction(
    "array_index_of",
    fn([p("array", .type(.dynamic)), p("value", .scalar), opt("start", .integer), opt("length", .integer), opt("occurrence", .integer)], .fixed(.long)),
    summary: "Zero-based position of a value in a dynamic array, or -1 when it is not found.", kernel: arrayIndexOf)

let setHasElementFunction = rowFunction(
    "set_has_element", fn([p("set", .type(.dynamic)), p("value", .scalar)], .fixed(.bool)),
    summary: "Whether a dynamic array contains a value.", kernel: { args in
        guard let a = dynamicArray(args[0]) else { return .null(.bool) }
        return .bool(a.contains { dynamicEquals($0, args[1]) })
    })

let arrayConcatFunction = rowFunction(
    "array_concat", [Overload([], repeating: Repeat(params: [p("array", .type(.dynamic))], min: 1, max: 64), .fixed(.dynamic))],
    summary: "Concatenates dynamic arrays into one; null when an argument is not an array.", kernel: { args in
        var out: [DynamicValue] = []
        for v in args { guard let a = dynamicArray(v) else { return .dynamic(.null) }; out += a }
        return .dynamic(.array(out))
    })

let arraySliceFunction = rowFunction(
    "array_slice", fn([p("array", .type(.dynamic)), p("start", .integer), p("end", .integer)], .fixed(.dynamic)),
    summary: "The elements from start to end (both inclusive; negative indexes count from the end; out-of-bounds parts are ignored).",
    kernel: { args in
        guard let a = dynamicArray(args[0]), var s = integerValue(args[1]), var e = integerValue(args[2]) else { return .dynamic(.null) }
        let n = Int64(a.count)
        if s < 0 { s += n }
        if e < 0 { e += n }
        s = max(0, s); e = min(n - 1, e)
        guard s <= e else { return .dynamic(.array([])) }
        return .dynamic(.array(Array(a[Int(s)...Int(e)])))
    })
