import KQLColumns

/// `d.key`, `d['key']`, `d[i]` on dynamic values (JSON text is parsed on the fly); a missing key
/// or an index out of range is null. Negative indexes count from the end.
func dynamicElement(_ container: Value, _ key: Value) -> Value {
    guard case .dynamic(let d) = parseJSONValue(container) else { return .dynamic(.null) }
    switch (d, key) {
    case (.object(let bag), .string(let k)): return .dynamic(bag[k] ?? .null)
    case (.array(let a), _):
        guard let i = integerValue(key) else { return .dynamic(.null) }
        let idx = i < 0 ? Int64(a.count) + i : i
        return idx >= 0 && idx < Int64(a.count) ? .dynamic(a[Int(idx)]) : .dynamic(.null)
    default: return .dynamic(.null)
    }
}

let memberAccessFunction = BoundFunction(name: "member", resultType: .dynamic, kernel: .row { dynamicElement($0[0], $0[1]) })
