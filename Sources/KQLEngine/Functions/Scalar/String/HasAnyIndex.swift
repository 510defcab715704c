import KQLColumns

/// has_any_index (has-any-index-function.md): the position in `values` of the first element that the
/// source `has` (whole-term, case-insensitive match, as the `has` operator; non-string elements are matched
/// as their text), or -1. A `values` argument that is not an array finds nothing: -1 (the docs are silent).
let hasAnyIndexFunction = rowFunction(
    "has_any_index", fn([p("source", .stringOrDynamic), p("values", .type(.dynamic))], .fixed(.long)),
    summary: "Zero-based position of the first element of an array that the source has as a term (case-insensitive), or -1.", kernel: { args in
        guard let values = dynamicArray(args[1]) else { return .long(-1) }
        let hay = Array(kqlString(args[0]).utf8)
        let has = StringPredicate(kind: .has, caseSensitive: false, negated: false)
        for (i, v) in values.enumerated() where v != .null {
            let needle = Array(kqlString(.dynamic(v)).utf8)
            let found = hay.withUnsafeBufferPointer { h in needle.withUnsafeBufferPointer { stringPredicate(has, h, $0) } }
            if found { return .long(Int64(i)) }
        }
        return .long(-1)
    })
