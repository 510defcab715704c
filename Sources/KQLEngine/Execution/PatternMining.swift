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

    /// Whether some item outside `items` is present in every row of `rows` (then a larger
    /// pattern covers the same rows, and this one is not closed).
    func hasSameRowsExtension(_ items: [Int32], rows: [Int32]) -> Bool {
        guard let r0 = rows.first else { return false }
        let used = Set(items.map { itemDimension[Int($0)] })
        for d in 0..<dimensionCount where !used.contains(d) {
            let id = rowItems[Int(r0)][d]
            if id >= 0, rows.allSatisfy({ rowItems[Int($0)][d] == id }) { return true }
        }
        return false
    }

    /// Every closed itemset of at most `maxSize` items whose rows `frequent` accepts, by a
    /// depth-first search (Eclat: each set grows by items of later dimensions, its rows the
    /// intersection of theirs), found in a fixed order.
    func closedItemsets(maxSize: Int, span: Span, plugin: String, context: QueryContext,
                        frequent: @escaping ([Int32]) -> Bool) throws -> [(items: [Int32], rows: [Int32])] {
        var out: [(items: [Int32], rows: [Int32])] = []
        var examined = 0
        var byDimension: [[Int32]] = Array(repeating: [], count: dimensionCount)
        for (id, d) in itemDimension.enumerated() where frequent(itemRows[id]) { byDimension[d].append(Int32(id)) }
        var current: [Int32] = []
        func grow(_ rows: [Int32], fromDimension: Int) throws {
            guard current.count < maxSize else { return }
            for d in fromDimension..<dimensionCount {
                for item in byDimension[d] {
                    let r = current.isEmpty ? itemRows[Int(item)] : intersect(rows, itemRows[Int(item)])
                    guard !r.isEmpty, frequent(r) else { continue }
                    examined += 1
                    if examined % 4096 == 0 { try context.checkpoint() }
                    guard examined <= PatternData.maxPatterns else {
                        throw pluginLimit(plugin, "more than \(PatternData.maxPatterns) candidate patterns", span: span)
                    }
                    current.append(item)
                    if current.count == maxSize || !hasSameRowsExtension(current, rows: r) { out.append((current, r)) }
                    try grow(r, fromDimension: d + 1)
                    current.removeLast()
                }
            }
        }
        try grow([], fromDimension: 0)
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
