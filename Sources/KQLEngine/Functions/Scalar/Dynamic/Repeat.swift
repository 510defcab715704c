import KQLColumns

/// Longest array `repeat` builds: a larger count is null rather than an unbounded allocation.
let repeatMaxCount: Int64 = 1_048_576

/// repeat (repeat-function.md): an array of `count` copies of the value; an empty array for 0, null
/// for a negative or null count (and, Quarry's limit, for a count above 1,048,576).
let repeatFunction = rowFunction(
    "repeat", fn([p("value", .scalar), p("count", .type(.long))], .fixed(.dynamic)),
    summary: "An array holding the value count times (empty for 0; null for a negative count or one above 1,048,576).",
    kernel: { args in
        guard let n = integerValue(args[1]), n >= 0, n <= repeatMaxCount else { return .dynamic(.null) }
        return .dynamic(.array(Array(repeating: toDynamic(args[0]), count: Int(n))))
    })
