import KQLColumns
import KQLRegex

let countofFunction = ScalarFunction(
    name: "countof",
    overloads: fn([p("source", .type(.string)), p("search", .type(.string)), opt("kind", .type(.string))], .fixed(.long)),
    summary: "Occurrences of a substring (overlapping) or of a regex (non-overlapping) in a string.",
    bind: { site in
        var regex = false
        if site.types.count == 3 {
            guard let c = site.constants[2], ["normal", "regex"].contains(kqlString(c)) else {
                throw site.error("countof(): kind must be the constant 'normal' or 'regex'", arg: 2)
            }
            regex = kqlString(c) == "regex"
        }
        let re = regex ? try site.constantRegex(1, "countof") : nil
        let isRegex = regex
        return BoundFunction(name: "countof", resultType: .long, kernel: .row { args in
            let s = kqlString(args[0])
            if isRegex {
                guard let r = regexFor(re, args[1]) else { return .null(.long) }
                return .long(Int64(r.allMatches(in: s).count))
            }
            let text = Array(s.utf8), needle = Array(kqlString(args[1]).utf8)
            guard !needle.isEmpty, needle.count <= text.count else { return .long(0) }
            var n: Int64 = 0
            for i in 0...(text.count - needle.count) where text[i] == needle[0] && text[i..<(i + needle.count)].elementsEqual(needle) { n += 1 }
            return .long(n)
        })
    })
