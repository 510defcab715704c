import KQLColumns
import KQLRegex

let replaceRegexFunction = ScalarFunction(
    name: "replace_regex", overloads: fn([p("source", .scalar), p("lookupRegex", .type(.string)), p("rewrite", .scalar)], .fixed(.string)),
    summary: "Replaces every match of a RE2 regex; \\1..\\9 in rewrite insert capture groups.",
    bind: { site in
        let re = try site.constantRegex(1, "replace_regex")
        return BoundFunction(name: "replace_regex", resultType: .string, kernel: .row { args in
            guard let r = regexFor(re, args[1]) else { return .string(kqlString(args[0])) }
            let text = Array(kqlString(args[0]).utf8)
            let out = text.withUnsafeBufferPointer { r.replaceAll($0, with: kqlString(args[2])) }
            return .string(String(decoding: out, as: UTF8.self))
        })
    })
