import KQLColumns

/// translate(searchList, replacementList, source): each character of searchList is replaced by
/// the character at the same position in replacementList (its last one when shorter); with an
/// empty replacementList, the characters are removed.
let translateFunction = rowFunction("translate", fn([p("searchList", .type(.string)), p("replacementList", .type(.string)), p("source", .type(.string))],
                                                   .fixed(.string)),
                                    summary: "Replaces characters of the source, position by position, from a search list to a replacement list.",
                                    kernel: { args in
    let search = Array(kqlString(args[0]).unicodeScalars), replacement = Array(kqlString(args[1]).unicodeScalars)
    var map: [Unicode.Scalar: Unicode.Scalar?] = [:]
    for (i, c) in search.enumerated() where map[c] == nil {
        map[c] = replacement.isEmpty ? .some(nil) : .some(replacement[min(i, replacement.count - 1)])
    }
    var out = String.UnicodeScalarView()
    for c in kqlString(args[2]).unicodeScalars {
        if let r = map[c] { if let r { out.append(r) } } else { out.append(c) }
    }
    return .string(String(out))
})
