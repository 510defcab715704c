import KQLColumns

extension RowsNear {
    /// Marks, for each row whose condition is true (null is not), the rows from `before` rows
    /// earlier to `after` rows later; returns the marked rows in input order without the
    /// condition column. One pass: the last marked index only moves forward.
    func run(_ input: Table, context: QueryContext) throws -> Table {
        let batch = input.singleBatch()
        let n = batch.count
        guard n > 0, let condition = batch.columns.last else { return Table(schema: schema, batches: []) }
        var keep: [Int] = []
        var next = 0   // the first row not yet kept
        for r in 0..<n {
            if r % 65_536 == 0 { try context.checkpoint() }
            guard case .bool(true) = condition.value(at: r) else { continue }
            let from = max(next, r - before), to = min(n - 1, r + after)
            if from <= to { keep.append(contentsOf: from...to); next = to + 1 }
        }
        let columns = batch.columns.dropLast().map { $0.gather(keep) }
        return Table(schema: schema, batches: keep.isEmpty ? [] : [Batch(columns: Array(columns), count: keep.count)])
    }
}
