import KQLColumns

/// strcmp-function.md: -1, 0 or 1 comparing two strings ordinally (by UTF-8 bytes, which orders as code
/// points). Non-string arguments are compared as their tostring() text; null is "" (as tostring).
let strcmpFunction = rowFunction(
    "strcmp", fn([p("string1", .scalar), p("string2", .scalar)], .fixed(.long)),
    summary: "-1, 0 or 1: how the first string compares with the second, character by character (ordinal).", kernel: { args in
        let a = kqlString(args[0]), b = kqlString(args[1])
        if a == b { return .long(0) }
        return .long(a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1)
    })
