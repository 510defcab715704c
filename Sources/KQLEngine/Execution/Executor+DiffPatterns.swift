import KQLColumns

extension DiffPatterns {
    /// Kusto's page describes the result, not the search: Quarry's search is exact and
    /// deterministic. Candidates are the closed patterns (a value in each of one to MaxDimensions
    /// dimensions; see `Basket.run`) whose share of set A or of set B is at least Threshold, and
    /// whose shares differ by at least Threshold (PercentDiffAB ≥ 100·Threshold: the page's
    /// "minimal pattern ratio difference"). Taken by PercentDiffAB descending (ties: more
    /// dimensions, then larger CountA + CountB, then search order), a candidate is kept unless it
    /// contains, or is contained in, one already kept — related patterns describe the same
    /// difference, and the page's example has none. Percentages are rounded to two decimals and
    /// PercentDiffAB is their difference (the page's numbers, at 4,574 and 1,310 rows, are so).
    /// Counts are the rows' weights. Rows in neither set are ignored.
    func run(_ input: Table, context: QueryContext) throws -> Table {
        let data = PatternData(input, columns: columns) { row in
            guard !row[split].isNull else { return nil }
            let s = kqlString(row[split])
            return s == valueA ? 0 : s == valueB ? 1 : nil
        }
        let inA = data.groups.map { $0 == 0 }
        var totalA = 0.0, totalB = 0.0
        for (r, a) in inA.enumerated() { if a { totalA += data.weights[r] } else { totalB += data.weights[r] } }
        guard totalA > 0 || totalB > 0 else { return Table.fromRows(schema: schema, rows: []) }
        func setWeights(_ rows: [Int32]) -> (a: Double, b: Double) {
            var a = 0.0, b = 0.0
            for r in rows { if inA[Int(r)] { a += data.weights[Int(r)] } else { b += data.weights[Int(r)] } }
            return (a, b)
        }
        func shares(_ w: (a: Double, b: Double)) -> (a: Double, b: Double) {
            (totalA > 0 ? w.a / totalA : 0, totalB > 0 ? w.b / totalB : 0)
        }
        let sets = try data.closedItemsets(maxSize: maxDimensions, span: nameSpan, plugin: name, context: context) { rows in
            let s = shares(setWeights(rows))
            return max(s.a, s.b) >= threshold
        }
        var candidates: [(k: Int, items: [Int32], a: Double, b: Double, pa: Double, pb: Double, diff: Double)] = []
        for (k, set) in sets.enumerated() {
            let w = setWeights(set.rows)
            let s = shares(w)
            let pa = roundedPercent(100 * s.a, digits: 2), pb = roundedPercent(100 * s.b, digits: 2)
            guard abs(s.a - s.b) >= threshold else { continue }
            candidates.append((k, set.items, w.a, w.b, pa, pb, roundedPercent(abs(pa - pb), digits: 2)))
        }
        candidates.sort { x, y in
            if x.diff != y.diff { return x.diff > y.diff }
            if x.items.count != y.items.count { return x.items.count > y.items.count }
            if x.a + x.b != y.a + y.b { return x.a + x.b > y.a + y.b }
            return x.k < y.k
        }
        var kept: [[Int32]] = []
        var rows: [[Value]] = []
        for c in candidates where !kept.contains(where: { patternsRelated($0, c.items) }) {
            kept.append(c.items)
            rows.append([.long(Int64(rows.count)), .long(Int64(c.a.rounded())), .long(Int64(c.b.rounded())),
                         .real(c.pa), .real(c.pb), .real(c.diff)] + data.cells(c.items, columns: columns))
        }
        return Table.fromRows(schema: schema, rows: rows)
    }
}
