import KQLColumns

/// The property bag inside a dynamic argument (JSON text is parsed), nil when the value is not a bag.
func dynamicBag(_ v: Value) -> PropertyBag? {
    guard case .dynamic(.object(let b)) = parseJSONValue(v) else { return nil }
    return b
}

let bagMergeFunction = rowFunction(
    "bag_merge", [Overload([p("bag1", .type(.dynamic))], repeating: Repeat(params: [p("bag", .type(.dynamic))], min: 1, max: 63), .fixed(.dynamic))],
    summary: "Merges 2 to 64 property bags; a key in several bags takes the leftmost bag's value. Null when an argument is not a bag.",
    kernel: { args in
        var keys: [String] = []
        var values: [DynamicValue] = []
        var seen = Set<String>()
        for v in args {
            guard let b = dynamicBag(v) else { return .dynamic(.null) }
            for (k, x) in zip(b.keys, b.values) where seen.insert(k).inserted { keys.append(k); values.append(x) }
        }
        return .dynamic(.object(PropertyBag(uniqueKeys: keys, values: values)))
    })

/// Removes the key at the end of `path` (keys only) from `bag`, rebuilding the bags along the path.
private func removing(_ path: ArraySlice<String>, from bag: PropertyBag) -> PropertyBag {
    guard let first = path.first else { return bag }
    var b = bag
    if path.count == 1 { b[first] = nil; return b }
    if case .object(let inner)? = b[first] { b[first] = .object(removing(path.dropFirst(), from: inner)) }
    return b
}

let bagRemoveKeysFunction = rowFunction(
    "bag_remove_keys", fn([p("bag", .type(.dynamic)), p("keys", .type(.dynamic))], .fixed(.dynamic)),
    summary: "The property bag without the given keys (first-level names, or JSONPath like '$.a.b' for nested keys; array indexing is not supported: null).",
    kernel: { args in
        guard var bag = dynamicBag(args[0]), let keys = dynamicArray(args[1]) else { return .dynamic(.null) }
        for k in keys {
            guard case .string(let key) = k else { continue }
            if key.hasPrefix("$") {
                guard let steps = parseJSONPath(key) else { return .dynamic(.null) }
                var names: [String] = []
                for s in steps {
                    guard case .key(let n) = s else { return .dynamic(.null) }   // array indexing isn't supported
                    names.append(n)
                }
                bag = removing(names[...], from: bag)
            } else {
                bag[key] = nil
            }
        }
        return .dynamic(.object(bag))
    })
