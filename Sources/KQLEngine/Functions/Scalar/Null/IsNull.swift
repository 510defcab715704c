import KQLColumns

// Strings are never null in KQL, so isnull("") is false.
let isnullFunction = rowFunction("isnull", signatures: ["isnull(value) -> bool"], summary: "True if the value is null (never for strings).",
                                 arity: 1...1, result: { _ in .bool }, kernel: { .bool($0[0].isNull) })

let isnotnullFunction = rowFunction("isnotnull", aliases: ["notnull"], signatures: ["isnotnull(value) -> bool"],
                                    summary: "True if the value is not null (always for strings).",
                                    arity: 1...1, result: { _ in .bool }, kernel: { .bool(!$0[0].isNull) })
