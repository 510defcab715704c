import KQLColumns
import KQLRegex

/// The regex that finds what trim/trim_start/trim_end remove: repeated matches anchored at the start and/or end.
private func anchoredTrim(_ pattern: String, start: Bool, end: Bool) -> (CompiledRegex?, CompiledRegex?) {
    (start ? try? RegexCache.compiled("^(?:" + pattern + ")+") : nil, end ? try? RegexCache.compiled("(?:" + pattern + ")+$") : nil)
}

private func makeTrimFunction(_ name: String, start: Bool, end: Bool, summary: String) -> ScalarFunction {
    ScalarFunction(name: name, overloads: fn([p("regex", .type(.string)), p("source", .type(.string))], .fixed(.string)), summary: summary,
                   bind: { site in
        let constant = try site.constantRegex(0, name)
        let fixed = constant.map { anchoredTrim($0.pattern, start: start, end: end) }
        return BoundFunction(name: name, resultType: .string, kernel: .row { args in
            var s = kqlString(args[1])
            let (head, tail) = fixed ?? anchoredTrim(kqlString(args[0]), start: start, end: end)
            if let head, let m = head.firstMatch(in: s), let whole = m[0], !whole.isEmpty {
                s = String(decoding: Array(s.utf8).dropFirst(whole.utf8.count), as: UTF8.self)
            }
            if let tail, let m = tail.firstMatch(in: s), let whole = m[0], !whole.isEmpty {
                s = String(decoding: Array(s.utf8).dropLast(whole.utf8.count), as: UTF8.self)
            }
            return .string(s)
        })
    })
}

let trimFunction = makeTrimFunction("trim", start: true, end: true, summary: "Removes all leading and trailing matches of a regex.")
let trimStartFunction = makeTrimFunction("trim_start", start: true, end: false, summary: "Removes leading matches of a regex.")
let trimEndFunction = makeTrimFunction("trim_end", start: false, end: true, summary: "Removes trailing matches of a regex.")
