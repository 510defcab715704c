import KQLColumns

/// make_bag: merges the property-bag values of the group; other values are skipped; the first value of a key wins.
final class BagAccumulator: Accumulator {
    let limit: Int
    var keys: [String] = []
    var values: [DynamicValue] = []
    var seen = Set<String>()
    init(limit: Int) { self.limit = limit }
    func add(_ args: [Value]) {
        guard case .dynamic(.object(let b)) = parseJSONValue(args[0]) else { return }
        for (k, v) in zip(b.keys, b.values) where keys.count < limit && seen.insert(k).inserted {
            keys.append(k); values.append(v)
        }
    }
    func result() -> Value { .dynamic(.object(PropertyBag(uniqueKeys: keys, values: values))) }
    func merge(_ other: Accumulator) {
        guard let o = other as? BagAccumulator else { return }
        for (k, v) in zip(o.keys, o.values) where keys.count < limit && seen.insert(k).inserted { keys.append(k); values.append(v) }
    }
}

let makeBagAggregate = AggregateFunction(
    name: "make_bag", aliases: ["make_dictionary"], overloads: fn([p("expr", .type(.dynamic)), opt("maxSize", .integer)], .fixed(.dynamic)),
    summary: "One property bag merging the group's bag values (non-bags are skipped; for a repeated key Quarry keeps the first value).",
    defaultName: { "bag_" + ($0.first.flatMap { $0 } ?? "") },
    bind: { site in
        var limit = 1_048_576
        if site.types.count == 2 {
            guard let c = site.constants[1], let n = integerValue(c), n > 0 else { throw site.error("make_bag(): maxSize must be a positive constant", arg: 1) }
            limit = Int(n)
        }
        let l = limit
        return BoundAggregateKind(resultType: .dynamic, makeAccumulator: { BagAccumulator(limit: l) })
    })

final class ListWithNullsAccumulator: Accumulator {
    var items: [DynamicValue] = []
    func add(_ args: [Value]) { items.append(toDynamic(args[0])) }
    func result() -> Value { .dynamic(.array(items)) }
    func merge(_ other: Accumulator) { if let o = other as? ListWithNullsAccumulator { items += o.items } }
}

let makeListWithNullsAggregate = AggregateFunction(
    name: "make_list_with_nulls", overloads: fn([p("expr", .scalar)], .fixed(.dynamic)),
    summary: "Array of all the values of expr in the group, nulls included, in input order.",
    defaultName: { "list_" + ($0.first.flatMap { $0 } ?? "") },
    bind: { _ in BoundAggregateKind(resultType: .dynamic, makeAccumulator: { ListWithNullsAccumulator() }) })
