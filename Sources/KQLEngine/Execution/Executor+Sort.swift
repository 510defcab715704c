import KQLColumns

extension Executor {
    /// `sort by`: a stable sort of the whole input (also `top` over a large share of its rows).
    func sortTable(_ t: Table, keys: [BoundSortKey], limit: Int?) -> Table {
        let b = t.singleBatch()
        if b.count == 0 { return t }
        let keyData = keys.map { evaluate($0.expr, b) }
        var keyValues: [[Value]] = keyData.map { d in (0..<b.count).map { d.value(at: $0) } }
        var idx = Array(0..<b.count)
        idx.sort { x, y in
            for (k, key) in keys.enumerated() {
                let a = keyValues[k][x], c = keyValues[k][y]
                let ra = orderRank(a), rc = orderRank(c)
                if ra != rc { return key.nullsFirst ? ra > rc : ra < rc }
                if ra != 0 { continue }
                guard let r = compareValues(a, c), r != 0 else { continue }
                return key.ascending ? r < 0 : r > 0
            }
            return x < y   // stable
        }
        keyValues = []
        if let limit, idx.count > limit { idx = Array(idx.prefix(limit)) }
        return Table(schema: t.schema, batches: [Batch(columns: b.columns.map { $0.gather(idx) }, count: idx.count)])
    }
}
