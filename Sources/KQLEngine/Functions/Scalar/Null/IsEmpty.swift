import KQLColumns

/// Null, or an empty string.
func isEmptyValue(_ v: Value) -> Bool {
    if case .string(let s) = v { return s.isEmpty }
    if case .dynamic(.string(let s)) = v { return s.isEmpty }
    return v.isNull
}

let isemptyFunction = rowFunction("isempty", fn([p("value", .scalar)], .fixed(.bool)), summary: "True if the value is null or an empty string.",
                                  kernel: { .bool(isEmptyValue($0[0])) })

let isnotemptyFunction = rowFunction("isnotempty", aliases: ["notempty"], fn([p("value", .scalar)], .fixed(.bool)),
                                     summary: "True if the value is neither null nor an empty string.", kernel: { .bool(!isEmptyValue($0[0])) })
