import Foundation
import KQLColumns

extension Autocluster {
    /// After the Seed-Expand algorithm the page cites; Kusto's exact search (how seeds are drawn,
    /// how a seed grows, which results it keeps) is not documented, so Quarry's results can
    /// differ from Kusto's. Quarry's, deterministic:
    /// - a pattern's score is the page's weighted geometric mean of its coverage (the share of
    ///   the input's weight it matches) and its informativeness (the share of the dimensions it
    ///   fixes): coverage^SizeWeight · informativeness^(1−SizeWeight);
    /// - seeds: the NumSeeds most frequent distinct rows (by weight; ties by first appearance),
    ///   each taken as the pattern fixing all its values;
    /// - expand: from a seed, repeatedly free the one dimension that raises the score most, until
    ///   none raises it (a local optimum);
    /// - the optima, by score descending (ties: larger Count, then seed order), are kept unless
    ///   one contains, or is contained in, a pattern already kept.
    /// Count is the matched rows' weight; Percent is 100·Count/total rounded to one decimal, as
    /// on the page. Null values and empty strings are not values a pattern fixes.
    func run(_ input: Table, context: QueryContext) throws -> Table {
        let data = PatternData(input, columns: columns)
        let total = data.totalWeight
        let d = Double(data.dimensionCount)
        guard total > 0, d > 0 else { return Table.fromRows(schema: schema, rows: []) }
        func score(_ items: [Int32], weight: Double) -> Double {
            guard !items.isEmpty else { return 0 }
            return pow(weight / total, sizeWeight) * pow(Double(items.count) / d, 1 - sizeWeight)
        }
        // Seeds: distinct full rows by weight.
        var rowWeight: [[Int32]: Double] = [:]
        var rowOrder: [[Int32]] = []
        for (r, items) in data.rowItems.enumerated() {
            let key = items.filter { $0 >= 0 }
            guard !key.isEmpty else { continue }
            if rowWeight[key] == nil { rowOrder.append(key) }
            rowWeight[key, default: 0] += data.weights[r]
        }
        let seedRows = rowOrder.enumerated().sorted { a, b in
            let x = rowWeight[a.element] ?? 0, y = rowWeight[b.element] ?? 0
            return x != y ? x > y : a.offset < b.offset
        }.prefix(self.seeds).map(\.element)
        var optima: [(k: Int, items: [Int32], w: Double, score: Double)] = []
        var seen = Set<[Int32]>()
        for (k, seed) in seedRows.enumerated() {
            try context.checkpoint()
            var current = seed
            var w = data.weight(data.rows(of: current))
            var s = score(current, weight: w)
            while current.count > 1 {
                var best: (items: [Int32], w: Double, score: Double)?
                for i in current.indices {
                    var smaller = current
                    smaller.remove(at: i)
                    let sw = data.weight(data.rows(of: smaller))
                    let sc = score(smaller, weight: sw)
                    if sc > (best?.score ?? s) { best = (smaller, sw, sc) }
                }
                guard let b = best else { break }
                (current, w, s) = (b.items, b.w, b.score)
            }
            if seen.insert(current).inserted { optima.append((k, current, w, s)) }
        }
        optima.sort { a, b in a.score != b.score ? a.score > b.score : a.w != b.w ? a.w > b.w : a.k < b.k }
        var kept: [[Int32]] = []
        var rows: [[Value]] = []
        for o in optima where !kept.contains(where: { patternsRelated($0, o.items) }) {
            kept.append(o.items)
            rows.append([.long(Int64(rows.count)), .long(Int64(o.w.rounded())), .real(roundedPercent(100 * o.w / total, digits: 1))]
                        + data.cells(o.items, columns: columns))
        }
        return Table.fromRows(schema: schema, rows: rows)
    }
}
