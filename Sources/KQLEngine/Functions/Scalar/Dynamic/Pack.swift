import KQLColumns

let packArrayFunction = rowFunction(
    "pack_array", [Overload([], repeating: Repeat(params: [p("value", .scalar)], min: 1, max: 1024), .fixed(.dynamic))],
    summary: "Packs its arguments into a dynamic array.", kernel: { args in .dynamic(.array(args.map(toDynamic))) })

let bagPackFunction = rowFunction(
    "bag_pack", aliases: ["pack", "pack_dictionary"],
    [Overload([], repeating: Repeat(params: [p("key", .type(.string)), p("value", .scalar)], min: 1, max: 512), .fixed(.dynamic))],
    summary: "Builds a dynamic property bag from alternating keys and values.", kernel: { args in
        var bag = PropertyBag()
        for i in stride(from: 0, to: args.count, by: 2) { bag[kqlString(args[i])] = toDynamic(args[i + 1]) }
        return .dynamic(.object(bag))
    })

let bagKeysFunction = rowFunction(
    "bag_keys", fn([p("object", .type(.dynamic))], .fixed(.dynamic)),
    summary: "The root keys of a dynamic property bag as an array; null when the value is not a bag.", kernel: { args in
        guard case .dynamic(.object(let b)) = parseJSONValue(args[0]) else { return .dynamic(.null) }
        return .dynamic(.array(b.keys.map(DynamicValue.string)))
    })
