import KQLColumns

/// set_union / set_intersect / set_difference (set-union-function.md, set-intersect-function.md,
/// set-difference-function.md): distinct values, in the order of their first appearance; null when
/// an argument is not an array.
private func setFunction(_ name: String, summary: String, _ combine: @escaping ([[DynamicValue]]) -> [DynamicValue]) -> ScalarFunction {
    rowFunction(name, [Overload([p("set1", .type(.dynamic))], repeating: Repeat(params: [p("set", .type(.dynamic))], min: 1, max: 63), .fixed(.dynamic))],
                summary: summary, kernel: { args in
                    var arrays: [[DynamicValue]] = []
                    for v in args { guard let a = dynamicArray(v) else { return .dynamic(.null) }; arrays.append(a) }
                    return .dynamic(.array(combine(arrays)))
                })
}

/// The distinct elements of `values`, first appearances kept, those `keep` accepts.
private func distinct(_ values: [DynamicValue], where keep: (DynamicValue) -> Bool = { _ in true }) -> [DynamicValue] {
    var seen = Set<DynamicValue>()
    var out: [DynamicValue] = []
    for v in values where keep(v) && seen.insert(v).inserted { out.append(v) }
    return out
}

let setUnionFunction = setFunction("set_union", summary: "The distinct values that are in any of the arrays (2 to 64).") { arrays in
    distinct(arrays.flatMap { $0 })
}

let setIntersectFunction = setFunction("set_intersect", summary: "The distinct values that are in all the arrays (2 to 64).") { arrays in
    let others = arrays.dropFirst().map(Set.init)
    return distinct(arrays[0]) { v in others.allSatisfy { $0.contains(v) } }
}

let setDifferenceFunction = setFunction("set_difference", summary: "The distinct values of the first array that are in none of the others (2 to 64 arrays).") { arrays in
    let others = Set(arrays.dropFirst().flatMap { $0 })
    return distinct(arrays[0]) { !others.contains($0) }
}

/// set_equals (set-equals-function.md): whether the two arrays hold the same distinct values (order
/// and duplicates don't matter); null when an argument is not an array.
let setEqualsFunction = rowFunction(
    "set_equals", fn([p("set1", .type(.dynamic)), p("set2", .type(.dynamic))], .fixed(.bool)),
    summary: "Whether the two arrays hold the same distinct values, ignoring order and duplicates.", kernel: { args in
        guard let a = dynamicArray(args[0]), let b = dynamicArray(args[1]) else { return .null(.bool) }
        return .bool(Set(a) == Set(b))
    })

/// jaccard_index (jaccard-index-function.md): |set1 ∩ set2| / |set1 ∪ set2| of the distinct values.
/// Kusto's binder types the result dynamic (a real inside); two empty sets (0 / 0) and a non-array
/// argument give null.
let jaccardIndexFunction = rowFunction(
    "jaccard_index", fn([p("set1", .type(.dynamic)), p("set2", .type(.dynamic))], .fixed(.dynamic)),
    summary: "The Jaccard index |set1 ∩ set2| / |set1 ∪ set2| of two arrays' distinct values (a real, typed dynamic as in Kusto).",
    kernel: { args in
        guard let a = dynamicArray(args[0]), let b = dynamicArray(args[1]) else { return .dynamic(.null) }
        let x = Set(a), y = Set(b)
        let union = x.union(y).count
        guard union > 0 else { return .dynamic(.null) }
        return .dynamic(.real(Double(x.intersection(y).count) / Double(union)))
    })
