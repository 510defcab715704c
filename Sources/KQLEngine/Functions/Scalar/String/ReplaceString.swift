import Foundation
import KQLColumns

let replaceStringFunction = rowFunction("replace_string", fn([p("text", .scalar), p("lookup", .scalar), p("rewrite", .scalar)], .fixed(.string)),
                                        summary: "Replaces every occurrence of lookup with rewrite.", kernel: { args in
    let text = kqlString(args[0]), lookup = kqlString(args[1]), rewrite = kqlString(args[2])
    if lookup.isEmpty { return .string(text) }
    return .string(text.replacingOccurrences(of: lookup, with: rewrite))
})
