import KQLColumns

/// make_list / make_set (and their `_if` forms). A dynamic array value contributes its elements,
/// not itself (one level): make_set's doc example builds the set of the elements of an array
/// column, and the geo doc examples wrap polygon coordinates in `pack_array` before `make_list`
/// to keep them whole, which only makes sense when make_list flattens. Null elements of such an
/// array are skipped like null values. make_list_with_nulls keeps values whole (no evidence
/// either way; it is positional). See README "Semantics decided where Kusto's docs are silent".
final class CollectAccumulator: Accumulator {
    let distinct: Bool
    let limit: Int
    var items: [DynamicValue] = []
    var seen = Set<DynamicValue>()
    var sawNaN = false
    init(distinct: Bool, limit: Int) { self.distinct = distinct; self.limit = limit }
    func add(_ args: [Value]) {
        let v = args[0]
        if v.isNull || items.count >= limit { return }
        if case .dynamic(.array(let elements)) = v {
            for e in elements where e != .null { append(e, dynamicToValue(e)) }
            return
        }
        append(toDynamic(v), v)
    }
    private func append(_ d: DynamicValue, _ v: Value) {
        if items.count >= limit { return }
        if distinct {
            if orderRank(v) == 1 { guard !sawNaN else { return }; sawNaN = true }   // NaN != NaN: keep one NaN
            else { guard seen.insert(d).inserted else { return } }
        }
        items.append(d)
    }
    func result() -> Value { .dynamic(.array(items)) }
    func merge(_ other: Accumulator) {
        guard let o = other as? CollectAccumulator else { return }
        for d in o.items { append(d, dynamicToValue(d)) }
    }
}

private func collector(_ name: String, distinct: Bool, aliases: [String], prefix: String) -> AggregateFunction {
    AggregateFunction(
        name: name, aliases: aliases, overloads: fn([p("expr", .scalar), opt("maxSize", .integer)], .fixed(.dynamic)),
        summary: distinct ? "Array of the distinct non-null values in the group." : "Array of the non-null values in the group, in input order.",
        defaultName: { "\(prefix)_" + ($0.first.flatMap { $0 } ?? "") },
        bind: { site in
            var limit = 1_048_576
            if site.types.count == 2 {
                guard let c = site.constants[1], let n = integerValue(c), n > 0 else { throw site.error("\(name)(): maxSize must be a positive constant", arg: 1) }
                limit = Int(n)
            }
            let l = limit
            return BoundAggregateKind(resultType: .dynamic, makeAccumulator: { CollectAccumulator(distinct: distinct, limit: l) })
        })
}

let makeSetAggregate = collector("make_set", distinct: true, aliases: ["makeset"], prefix: "set")
let makeListAggregate = collector("make_list", distinct: false, aliases: ["makelist"], prefix: "list")
