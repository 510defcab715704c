import KQLColumns

/// parse_json semantics: JSON text becomes a dynamic value; "" is null; text that is not JSON
/// stays a dynamic string (parse-json-function.md). JSON nested deeper than 10,000 levels is null:
/// it is well-formed, so not a string, and deeper values are not built (the docs are silent).
func parseJSONValue(_ v: Value) -> Value {
    switch v {
    case .dynamic: return v
    case .string(let s):
        if s.isEmpty { return .dynamic(.null) }
        do { return .dynamic(try JSON.parse(s)) } catch let e as JSONError where e.tooDeep {
            return JSON.isWellFormed(s) ? .dynamic(.null) : .dynamic(.string(s))
        } catch {}
        return .dynamic(.string(s))
    case .null: return .dynamic(.null)
    default: return .dynamic(toDynamic(v))
    }
}

let parseJsonFunction = rowFunction("parse_json", aliases: ["todynamic", "toobject", "parsejson"], fn([p("json", .scalar)], .fixed(.dynamic)),
                                    summary: "Interprets a string as JSON and returns the value as dynamic.", kernel: { parseJSONValue($0[0]) })
