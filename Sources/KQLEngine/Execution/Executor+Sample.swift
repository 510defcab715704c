import KQLColumns

extension Executor {
    /// `sample N`: a uniform random choice of min(N, input rows) rows (reservoir sampling over the
    /// whole input), output in input order. Kusto only promises random rows, not an even spread;
    /// a uniform choice is one such.
    func runSample(_ n: LogicalPlan.Sample) throws -> Table {
        try holdingInput(n.input, for: "sample") { t in
            let total = t.rowCount
            if total <= n.rows { return t }
            var rng = SystemRandomNumberGenerator()
            var picked = Array(0..<n.rows)
            if n.rows > 0 {
                for i in n.rows..<total {
                    let j = Int.random(in: 0...i, using: &rng)
                    if j < n.rows { picked[j] = i }
                }
            }
            picked.sort()
            let b = t.singleBatch()
            return Table(schema: t.schema, batches: [Batch(columns: b.columns.map { $0.gather(picked) }, count: picked.count)])
        }
    }
}
