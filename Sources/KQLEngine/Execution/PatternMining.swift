import KQLColumns
import KQLSyntax

/// The rows of a pattern plugin's input (basket, autocluster, diffpatterns), encoded for mining:
/// an item is one dimension's value; each item keeps the sorted list of rows that have it.
/// Null values and empty strings are not items (an empty string would read as the wildcard).
struct PatternData {
    /// Per item: its dimension's position in `columns.dimensions`, its value, and its rows.
    var itemDimension: [Int] = []
    var itemValue: [Value] = []
    var itemRows: [[Int32]] = []
    /// Per row: its item in each dimension, -1 for none.
    var rowItems: [[Int32]] = []
    var weights: [Double] = []
    /// Per row: the group `group` gave it (diffpatterns' set: 0 for A, 1 for B).
    var groups: [Int] = []
    var dimensionCount: Int

    /// The most patterns a plugin may examine (a cap on time and memory).
    static let maxPatterns = 200_000

    /// Encodes the rows `group` puts in a group (all, in group 0, when nil); a row whose weight
    /// is not a positive number is left out.
    init(_ table: Table, columns: PatternColumns, group: (([Value]) -> Int?)? = nil) {
        dimensionCount = columns.dimensions.count
        var ids: [[Value: Int32]] = Array(repeating: [:], count: dimensionCount)
        for row in table.rows() {
            var g = 0
            if let group { guard let k = group(row) else { continue }; g = k }
            var w = 1.0
            if let wc = columns.weight {
                guard let x = numericDouble(row[wc]), x.isFinite, x > 0 else { continue }
                w = x
            }
            let r = Int32(rowItems.count)
            var items = [Int32](repeating: -1, count: dimensionCount)
            for (d, c) in columns.dimensions.enumerated() {
                let v = row[c]
                if v.isNull { continue }
                if case .string(let s) = v, s.isEmpty { continue }
                let id: Int32
                if let existing = ids[d][v] { id = existing } else {
                    id = Int32(itemValue.count)
                    ids[d][v] = id
                    itemDimension.append(d)
                    itemValue.append(v)
                    itemRows.append([])
                }
                itemRows[Int(id)].append(r)
                items[d] = id
            }
            rowItems.append(items)
            weights.append(w)
            groups.append(g)
        }
    }

    var rowCount: Int { rowItems.count }

    func weight(_ rows: [Int32]) -> Double { rows.reduce(0) { $0 + weights[Int($1)] } }

    var totalWeight: Double { weights.reduce(0, +) }

    /// The rows having every item of `items` (sorted-list intersection).
    func rows(of items: [Int32]) -> [Int32] {
        guard let first = items.first else { return (0..<Int32(rowCount)).map { $0 } }
        var acc = itemRows[Int(first)]
        for i in items.dropFirst() { acc = intersect(acc, itemRows[Int(i)]) }
        return acc
    }

    /// Per dimension, the item every row of `rows` has there (-1 where they differ or have none):
    /// the closure, the largest pattern matching exactly these rows.
    func closure(_ rows: [Int32]) -> [Int32] {
        guard let r0 = rows.first else { return [Int32](repeating: -1, count: dimensionCount) }
        var c = rowItems[Int(r0)]
        for r in rows.dropFirst() {
            let items = rowItems[Int(r)]
            for d in 0..<dimensionCount where c[d] >= 0 && items[d] != c[d] { c[d] = -1 }
        }
        return c
    }

    /// Every closed pattern (one that no larger pattern matches on exactly the same rows) whose
    /// rows `frequent` accepts, built from at most `maxSize` chosen values — the values of
    /// columns that always come with them (correlated) follow by closure and do not count (the
    /// plugins' "uncorrelated dimensions"). LCM's prefix-preserving closure extension: each
    /// closed pattern is found once, in a fixed order, without listing its non-closed subsets.
    func closedItemsets(maxSize: Int, span: Span, plugin: String, context: QueryContext,
                        frequent: @escaping ([Int32]) -> Bool) throws -> [(items: [Int32], rows: [Int32])] {
        var out: [(items: [Int32], rows: [Int32])] = []
        var examined = 0
        var byDimension: [[Int32]] = Array(repeating: [], count: dimensionCount)
        for (id, d) in itemDimension.enumerated() where frequent(itemRows[id]) { byDimension[d].append(Int32(id)) }
        func items(_ c: [Int32]) -> [Int32] { c.filter { $0 >= 0 } }
        func grow(_ c: [Int32], _ rows: [Int32], core: Int, depth: Int) throws {
            guard depth < maxSize else { return }
            for d in (core + 1)..<dimensionCount where c[d] < 0 {
                for item in byDimension[d] {
                    let r = intersect(rows, itemRows[Int(item)])
                    guard !r.isEmpty, frequent(r) else { continue }
                    examined += 1
                    if examined % 1024 == 0 { try context.checkpoint() }
                    guard examined <= PatternData.maxPatterns else {
                        throw pluginLimit(plugin, "more than \(PatternData.maxPatterns) candidate patterns", span: span)
                    }
                    let next = closure(r)
                    // Prefix-preserving: the closure adds nothing before dimension d (else this
                    // pattern is reached from another parent).
                    guard (0..<d).allSatisfy({ next[$0] == c[$0] }) else { continue }
                    out.append((items(next), r))
                    try grow(next, r, core: d, depth: depth + 1)
                }
            }
        }
        let all = (0..<Int32(rowCount)).map { $0 }
        guard !all.isEmpty else { return [] }
        let root = closure(all)
        if !items(root).isEmpty, frequent(all) { out.append((items(root), all)) }
        if dimensionCount > 0 { try grow(root, all, core: -1, depth: 0) }
        return out
    }

    /// A pattern as output cells: the shown columns, each the pattern's value or the wildcard.
    func cells(_ items: [Int32], columns: PatternColumns) -> [Value] {
        var byColumn: [Int: Value] = [:]
        for i in items { byColumn[columns.dimensions[itemDimension[Int(i)]]] = itemValue[Int(i)] }
        return columns.shown.map { byColumn[$0] ?? columns.wildcards[$0] }
    }
}

/// Whether one pattern's items contain the other's.
func patternsRelated(_ a: [Int32], _ b: [Int32]) -> Bool {
    let sa = Set(a), sb = Set(b)
    return sa.isSubset(of: sb) || sb.isSubset(of: sa)
}

/// Two sorted row lists' common rows.
func intersect(_ a: [Int32], _ b: [Int32]) -> [Int32] {
    var out: [Int32] = []
    out.reserveCapacity(min(a.count, b.count))
    var i = 0, j = 0
    while i < a.count && j < b.count {
        if a[i] == b[j] { out.append(a[i]); i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
    }
    return out
}

/// `x` rounded to `digits` decimals, half away from zero.
func roundedPercent(_ x: Double, digits: Int) -> Double {
    let scale = digits == 1 ? 10.0 : 100.0
    return (x * scale).rounded() / scale
}
