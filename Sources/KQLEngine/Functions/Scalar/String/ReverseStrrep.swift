import KQLColumns

let reverseFunction = rowFunction(
    "reverse", fn([p("value", .scalar)], .fixed(.string)), summary: "The characters of a value's string form in reverse order.",
    kernel: { args in .string(String(kqlString(args[0]).reversed())) })

let strrepFunction = rowFunction(
    "strrep", fn([p("value", .scalar), p("multiplier", .integer), opt("delimiter", .scalar)], .fixed(.string)),
    summary: "A value's string form repeated multiplier times (at most 1024), joined by an optional delimiter.",
    kernel: { args in
        guard let n = integerValue(args[1]), n > 0 else { return .string("") }
        let d = args.count == 3 ? kqlString(args[2]) : ""
        return .string(Array(repeating: kqlString(args[0]), count: Int(min(n, 1024))).joined(separator: d))
    })
