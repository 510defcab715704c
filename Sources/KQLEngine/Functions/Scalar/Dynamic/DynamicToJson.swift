import KQLColumns

// dynamic_to_json (dynamic-to-json-function.md): a canonical JSON text — a bag's properties sorted by
// name (ordinal, UTF-16 code units, as .NET's ordinal order), at every level; arrays keep their order.
// A non-dynamic argument gives tostring() of it, as the page says. Decision where the page is silent:
// a dynamic scalar is written as JSON (a dynamic string quoted, dynamic null as `null`).

/// `d` with every bag's keys sorted (ordinally). Dynamic values are nested only as deep as the JSON
/// reader allows, so the recursion is bounded.
func sortedKeys(_ d: DynamicValue) -> DynamicValue {
    switch d {
    case .array(let a): return .array(a.map(sortedKeys))
    case .object(let bag):
        let pairs = zip(bag.keys, bag.values).sorted { $0.0.utf16.lexicographicallyPrecedes($1.0.utf16) }
        return .object(PropertyBag(uniqueKeys: pairs.map(\.0), values: pairs.map { sortedKeys($0.1) }))
    default: return d
    }
}

let dynamicToJsonFunction = rowFunction(
    "dynamic_to_json", fn([p("expr", .scalar)], .fixed(.string)),
    summary: "A canonical JSON text of a value: bags' properties sorted by name at every level; a non-dynamic value as tostring().",
    kernel: { args in
        guard case .dynamic(let d) = args[0] else { return .string(kqlString(args[0])) }
        return .string(JSON.serialize(sortedKeys(d)))
    })
