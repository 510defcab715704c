import KQLColumns

/// `indexof(source, lookup[, start[, length[, occurrence]]])` (indexof-function.md): the character
/// position of the `occurrence`-th match of `lookup` in `source`, or -1. A negative `start` counts
/// from the end; `length` -1 (any negative) is unlimited. Non-string arguments are cast to string.
/// The window is `[start, start + length]`, end inclusive: that is the reading every example on the
/// documentation page agrees with (`indexof("abcdefgabcdefg", "cde", 1, 10, 2)` is 9, the match
/// ending at position 11; `indexof("abcdefg", "cde", 1, 2)` is -1). A null numeric argument gives null.
let indexOfFunction = rowFunction(
    "indexof", fn([p("source", .scalar), p("lookup", .scalar), opt("start", .integer), opt("length", .integer), opt("occurrence", .integer)],
                  .fixed(.long)),
    summary: "Character position of the n-th occurrence of lookup (from an optional start, within an optional length), or -1.",
    kernel: { args in
        var options: [Int64] = []
        for a in args.dropFirst(2) {
            switch a { case .int(let v): options.append(Int64(v)); case .long(let v): options.append(v); default: return .null(.long) }
        }
        let hay = Array(kqlString(args[0]).unicodeScalars), needle = Array(kqlString(args[1]).unicodeScalars)
        let n = Int64(hay.count)
        var start = options.count > 0 ? options[0] : 0
        if start < 0 { start = max(0, n + start) }
        guard start <= n else { return .long(-1) }
        let length = options.count > 1 ? options[1] : -1
        let end = length < 0 ? n : min(n, start + min(length, n) + 1)
        let occurrence = options.count > 2 ? options[2] : 1
        guard occurrence >= 1 else { return .long(-1) }
        if needle.isEmpty { return .long(start) }
        var found: Int64 = 0
        var i = Int(start)
        while i + needle.count <= Int(end) {
            if hay[i..<i + needle.count].elementsEqual(needle) {
                found += 1
                if found == occurrence { return .long(Int64(i)) }
            }
            i += 1
        }
        return .long(-1)
    })
