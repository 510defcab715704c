import KQLColumns

let reverseFunction = rowFunction(
    "reverse", signatures: ["reverse(value) -> string"], summary: "The characters of a value's string form in reverse order.",
    arity: 1...1, result: { _ in .string }, kernel: { args in .string(String(kqlString(args[0]).reversed())) })

let strrepFunction = rowFunction(
    "strrep", signatures: ["strrep(value, multiplier: int [, delimiter]) -> string"],
    summary: "A value's string form repeated multiplier times (at most 1024), joined by an optional delimiter.", arity: 2...3,
    result: { site in try site.require(1, [.int, .long], "strrep"); return .string },
    kernel: { args in
        guard let n = integerValue(args[1]), n > 0 else { return .string("") }
        let d = args.count == 3 ? kqlString(args[2]) : ""
        return .string(Array(repeating: kqlString(args[0]), count: Int(min(n, 1024))).joined(separator: d))
    })
