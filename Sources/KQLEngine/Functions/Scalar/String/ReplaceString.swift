import Foundation
import KQLColumns

let replaceStringFunction = rowFunction("replace_string", signatures: ["replace_string(text: string, lookup: string, rewrite: string) -> string"],
                                        summary: "Replaces every occurrence of lookup with rewrite.", arity: 3...3,
                                        result: { _ in .string }, kernel: { args in
    let text = kqlString(args[0]), lookup = kqlString(args[1]), rewrite = kqlString(args[2])
    if lookup.isEmpty { return .string(text) }
    return .string(text.replacingOccurrences(of: lookup, with: rewrite))
})
