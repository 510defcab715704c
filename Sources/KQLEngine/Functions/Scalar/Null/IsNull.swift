import KQLColumns

// Strings are never null in KQL, so isnull("") is false.
let isnullFunction = rowFunction("isnull", fn([p("value", .scalar)], .fixed(.bool)), summary: "True if the value is null (never for strings).",
                                 kernel: { .bool($0[0].isNull) })

let isnotnullFunction = rowFunction("isnotnull", aliases: ["notnull"], fn([p("value", .scalar)], .fixed(.bool)),
                                    summary: "True if the value is not null (always for strings).", kernel: { .bool(!$0[0].isNull) })
