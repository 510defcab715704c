import KQLColumns

/// The schema of the values seen so far at one place in the documents: the scalar type names, an
/// object's keys (each with its own schema) and an array's element schema, in first-seen order.
final class SchemaNode {
    /// Alternatives in first-seen order: "s:<type>", "object", "array".
    var order: [String] = []
    var keys: [String] = []
    var fields: [String: SchemaNode] = [:]
    var elements: SchemaNode? = nil

    private func note(_ alternative: String) { if !order.contains(alternative) { order.append(alternative) } }

    /// Adds one value; `depth` bounds the recursion on deeply nested input.
    func add(_ v: DynamicValue, depth: Int = 0) {
        guard depth < 100 else { return }
        switch v {
        case .null: return
        case .bool: note("s:bool")
        case .long: note("s:long")
        case .real: note("s:double")
        case .string: note("s:string")
        case .datetime: note("s:datetime")
        case .timespan: note("s:timespan")
        case .guid: note("s:guid")
        case .object(let bag):
            note("object")
            for (k, x) in zip(bag.keys, bag.values) {
                let node: SchemaNode
                if let n = fields[k] { node = n } else { node = SchemaNode(); fields[k] = node; keys.append(k) }
                node.add(x, depth: depth + 1)
            }
        case .array(let items):
            note("array")
            let node = elements ?? SchemaNode()
            elements = node
            for x in items { node.add(x, depth: depth + 1) }
        }
    }

    func merge(_ o: SchemaNode) {
        for a in o.order { note(a) }
        for k in o.keys {
            guard let theirs = o.fields[k] else { continue }
            if let mine = fields[k] { mine.merge(theirs) } else { fields[k] = theirs; keys.append(k) }
        }
        if let e = o.elements { if let mine = elements { mine.merge(e) } else { elements = e } }
    }

    /// One alternative prints as itself, several as an array of them; nothing seen prints as null.
    var rendered: DynamicValue {
        let alternatives: [DynamicValue] = order.map { a in
            switch a {
            case "object": return .object(PropertyBag(uniqueKeys: keys, values: keys.map { fields[$0]?.rendered ?? .null }))
            case "array": return .object(PropertyBag(uniqueKeys: ["`indexer`"], values: [elements?.rendered ?? .null]))
            default: return .string(String(a.dropFirst(2)))
            }
        }
        if alternatives.isEmpty { return .null }
        return alternatives.count == 1 ? alternatives[0] : .array(alternatives)
    }
}

final class BuildSchemaAccumulator: Accumulator {
    let root = SchemaNode()
    func add(_ args: [Value]) { root.add(toDynamic(args[0])) }
    func result() -> Value { .dynamic(root.rendered) }
    func merge(_ other: Accumulator) { if let o = other as? BuildSchemaAccumulator { root.merge(o.root) } }
}

/// buildschema (buildschema-aggregation-function.md): the smallest schema admitting every value: a
/// scalar's type name (long, double, string, bool, datetime, timespan, guid), a bag's keys with their
/// schemas, an array as {"`indexer`": element schema}; a place holding several kinds lists them in
/// first-seen order. Nulls add nothing; an empty array's elements are null (the docs are silent).
let buildschemaAggregate = AggregateFunction(
    name: "buildschema", overloads: fn([p("expr", .type(.dynamic))], .fixed(.dynamic)),
    summary: "The minimal schema that admits every value of a dynamic expression (types per key; arrays as `indexer`).",
    defaultName: { "schema_" + ($0.first.flatMap { $0 } ?? "") },
    bind: { _ in BoundAggregateKind(resultType: .dynamic, makeAccumulator: { BuildSchemaAccumulator() }) })
