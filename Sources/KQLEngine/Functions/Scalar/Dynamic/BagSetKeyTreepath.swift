import Foundation
import KQLColumns

/// `bag` with `value` at the key path, creating the bags along the way; a non-bag value on the path
/// is replaced by a bag (the docs do not say; Quarry's choice).
private func setting(_ path: ArraySlice<String>, to value: DynamicValue, in bag: PropertyBag) -> PropertyBag {
    guard let first = path.first else { return bag }
    var b = bag
    if path.count == 1 { b[first] = value; return b }
    var inner = PropertyBag()
    if case .object(let existing)? = b[first] { inner = existing }
    b[first] = .object(setting(path.dropFirst(), to: value, in: inner))
    return b
}

/// bag_set_key (bag-set-key-function.md): the bag with the key (a root-level name, or a JSONPath of
/// keys such as '$.a.b') set to the value; null when the first argument is not a bag or the path
/// indexes an array or is the root.
let bagSetKeyFunction = rowFunction(
    "bag_set_key", fn([p("bag", .type(.dynamic)), p("key", .type(.string)), p("value", .scalar)], .fixed(.dynamic)),
    summary: "The property bag with the key (a name, or a JSONPath of keys like '$.a.b') set to the value; nested bags are created as needed.",
    kernel: { args in
        guard let bag = dynamicBag(args[0]) else { return .dynamic(.null) }
        let key = kqlString(args[1])
        var names: [String] = []
        if key.hasPrefix("$") {
            guard let steps = parseJSONPath(key), !steps.isEmpty else { return .dynamic(.null) }
            for s in steps {
                guard case .key(let n) = s else { return .dynamic(.null) }   // array indexing isn't supported
                names.append(n)
            }
        } else {
            names = [key]
        }
        return .dynamic(.object(setting(names[...], to: toDynamic(args[2]), in: bag)))
    })

/// Deepest nesting treepath follows (a deeper value adds no paths), so recursion stays bounded.
private let treepathMaxDepth = 100

/// Appends the paths under `value` (reached by `prefix`) to `out`, each once, in first-seen order.
/// An array contributes `prefix[0]` (one index stands for every element) and the paths inside its
/// elements, merged.
private func collectPaths(_ value: DynamicValue, prefix: String, depth: Int, into out: inout [String], seen: inout Set<String>) {
    guard depth < treepathMaxDepth else { return }
    switch value {
    case .object(let bag):
        for (k, v) in zip(bag.keys, bag.values) {
            let escaped = k.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
            let path = prefix + "['" + escaped + "']"
            if seen.insert(path).inserted { out.append(path) }
            collectPaths(v, prefix: path, depth: depth + 1, into: &out, seen: &seen)
        }
    case .array(let elements):
        guard !elements.isEmpty else { return }
        let path = prefix + "[0]"
        if seen.insert(path).inserted { out.append(path) }
        for e in elements { collectPaths(e, prefix: path, depth: depth + 1, into: &out, seen: &seen) }
    default:
        return
    }
}

/// treepath (treepath-function.md): every path expression in a property bag, as the docs' examples
/// show them (`['a']`, `['list'][0]`, `['list'][0]['x']`); an empty array adds no `[0]` path, and a
/// value that is not a bag or an array gives null.
let treepathFunction = rowFunction(
    "treepath", fn([p("object", .type(.dynamic))], .fixed(.dynamic)),
    summary: "The path expressions of every key in a property bag (array elements as [0]), in first-seen order.",
    kernel: { args in
        let v = toDynamic(parseJSONValue(args[0]))
        switch v {
        case .object, .array:
            var out: [String] = []
            var seen = Set<String>()
            collectPaths(v, prefix: "", depth: 0, into: &out, seen: &seen)
            return .dynamic(.array(out.map { .string($0) }))
        default:
            return .dynamic(.null)
        }
    })
