import KQLColumns
import KQLRegex

let replaceRegexFunction = ScalarFunction(
    name: "replace_regex", signatures: ["replace_regex(source: string, lookupRegex: string, rewrite: string) -> string"],
    summary: "Replaces every match of a RE2 regex; \\1..\\9 in rewrite insert capture groups.", arity: 3...3,
    bind: { site in
        let re = try site.constantRegex(1, "replace_regex")
        return BoundFunction(name: "replace_regex", resultType: .string, kernel: .row { args in
            guard let r = regexFor(re, args[1]) else { return .string(kqlString(args[0])) }
            let text = Array(kqlString(args[0]).utf8)
            let out = text.withUnsafeBufferPointer { r.replaceAll($0, with: kqlString(args[2])) }
            return .string(String(decoding: out, as: UTF8.self))
        })
    })
