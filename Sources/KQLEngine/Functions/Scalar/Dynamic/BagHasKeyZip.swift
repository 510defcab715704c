import KQLColumns

/// bag-has-key-function.md: whether a property bag has a key; the key may be a JSONPath of names
/// (`$.a.b`) for a nested key. A value that is not a bag has no key: false (the docs are silent). A
/// JSONPath that indexes an array is not supported by Kusto: null, not a guess.
let bagHasKeyFunction = rowFunction(
    "bag_has_key", fn([p("bag", .type(.dynamic)), p("key", .type(.string))], .fixed(.bool)),
    summary: "Whether a property bag has a key (a name, or a JSONPath such as '$.a.b' for a nested key).", kernel: { args in
        guard case .string(let key) = args[1] else { return .null(.bool) }
        guard let bag = dynamicBag(args[0]) else { return .bool(false) }
        guard key.hasPrefix("$") else { return .bool(bag[key] != nil) }
        guard let steps = parseJSONPath(key), !steps.isEmpty else { return .null(.bool) }
        var current = bag
        for (i, s) in steps.enumerated() {
            guard case .key(let name) = s else { return .null(.bool) }
            guard let v = current[name] else { return .bool(false) }
            if i == steps.count - 1 { return .bool(true) }
            guard case .object(let inner) = v else { return .bool(false) }
            current = inner
        }
        return .bool(false)
    })

/// bag-zip.md: a bag of keys[i] → values[i]. Keys that are not strings are skipped; a key with no value
/// (more keys than values, or values not an array) gets null; extra values are ignored; keys not an array: null.
/// A repeated key keeps its first value (the docs are silent).
let bagZipFunction = rowFunction(
    "bag_zip", fn([p("keys", .type(.dynamic)), p("values", .type(.dynamic))], .fixed(.dynamic)),
    summary: "A property bag pairing an array of key strings with an array of values (missing values are null).", kernel: { args in
        guard let keys = dynamicArray(args[0]) else { return .dynamic(.null) }
        let values = dynamicArray(args[1]) ?? []
        var outKeys: [String] = [], outValues: [DynamicValue] = []
        var seen = Set<String>()
        for (i, k) in keys.enumerated() {
            guard case .string(let key) = k, seen.insert(key).inserted else { continue }
            outKeys.append(key)
            outValues.append(i < values.count ? values[i] : .null)
        }
        return .dynamic(.object(PropertyBag(uniqueKeys: outKeys, values: outValues)))
    })

/// zip-function.md: an array whose i-th element is the array of the inputs' i-th elements, as long as
/// the longest input (shorter ones give null). 2 to 16 arrays; an argument that is not an array gives null
/// (the docs are silent).
let zipFunction = rowFunction(
    "zip", [Overload([p("array1", .type(.dynamic))], repeating: Repeat(params: [p("array", .type(.dynamic))], min: 1, max: 15), .fixed(.dynamic))],
    summary: "Zips 2 to 16 dynamic arrays into an array of arrays, element by element (missing elements are null).", kernel: { args in
        var arrays: [[DynamicValue]] = []
        for a in args {
            guard let x = dynamicArray(a) else { return .dynamic(.null) }
            arrays.append(x)
        }
        let n = arrays.map(\.count).max() ?? 0
        return .dynamic(.array((0..<n).map { i in .array(arrays.map { i < $0.count ? $0[i] : .null }) }))
    })
