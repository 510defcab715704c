import KQLColumns

let packArrayFunction = rowFunction(
    "pack_array", signatures: ["pack_array(value1 [, valueN...]) -> dynamic"],
    summary: "Packs its arguments into a dynamic array.", arity: 1...1024,
    result: { _ in .dynamic }, kernel: { args in .dynamic(.array(args.map(toDynamic))) })

let bagPackFunction = rowFunction(
    "bag_pack", aliases: ["pack", "pack_dictionary"], signatures: ["bag_pack(key1: string, value1, key2: string, value2, ...) -> dynamic"],
    summary: "Builds a dynamic property bag from alternating keys and values.", arity: 2...1024,
    result: { site in
        guard site.types.count % 2 == 0 else { throw site.error("bag_pack(): expects an even number of arguments (key/value pairs), got \(site.types.count)") }
        for i in stride(from: 0, to: site.types.count, by: 2) { try site.require(i, [.string], "bag_pack") }
        return .dynamic
    }, kernel: { args in
        var bag = PropertyBag()
        for i in stride(from: 0, to: args.count, by: 2) { bag[kqlString(args[i])] = toDynamic(args[i + 1]) }
        return .dynamic(.object(bag))
    })

let bagKeysFunction = rowFunction(
    "bag_keys", signatures: ["bag_keys(object: dynamic) -> dynamic"],
    summary: "The root keys of a dynamic property bag as an array; null when the value is not a bag.", arity: 1...1,
    result: { site in try site.requireDynamic(0, "bag_keys"); return .dynamic },
    kernel: { args in
        guard case .dynamic(.object(let b)) = parseJSONValue(args[0]) else { return .dynamic(.null) }
        return .dynamic(.array(b.keys.map(DynamicValue.string)))
    })
