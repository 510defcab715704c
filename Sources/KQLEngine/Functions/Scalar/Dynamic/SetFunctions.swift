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
