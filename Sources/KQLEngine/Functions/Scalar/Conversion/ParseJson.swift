import KQLColumns

/// parse_json semantics: JSON text becomes a dynamic value; "" is null; text that is not JSON
/// stays a dynamic string.
func parseJSONValue(_ v: Value) -> Value {
    switch v {
    case .dynamic: return v
    case .string(let s):
        if s.isEmpty { return .dynamic(.null) }
        if let d = try? JSON.parse(s) { return .dynamic(d) }
        return .dynamic(.string(s))
    case .null: return .dynamic(.null)
    default: return .dynamic(toDynamic(v))
    }
}

let parseJsonFunction = rowFunction("parse_json", aliases: ["todynamic", "toobject", "parsejson"], signatures: ["parse_json(json: string) -> dynamic"],
                                    summary: "Interprets a string as JSON and returns the value as dynamic.", arity: 1...1,
                                    result: { _ in .dynamic }, kernel: { parseJSONValue($0[0]) })
