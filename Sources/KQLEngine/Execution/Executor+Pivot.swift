import KQLColumns

extension Executor {
    /// Rotates the summarized rows: rows in order of first appearance of their keys.
    func runPivot(_ n: LogicalPlan.Pivot) throws -> Table {
        try holdingInput(n.input, for: "pivot") { t in
            var rowOf: [[Value]: Int] = [:]
            var keys: [[Value]] = []
            var cells: [[String: Value]] = []
            for b in t.batches {
                for r in 0..<b.count {
                    let key = (0..<n.keyCount).map { b.columns[$0].value(at: r) }
                    let row: Int
                    if let i = rowOf[key] { row = i } else {
                        row = keys.count; rowOf[key] = row; keys.append(key); cells.append([:])
                    }
                    cells[row][kqlString(b.columns[n.keyCount].value(at: r))] = b.columns[n.keyCount + 1].value(at: r)
                }
            }
            let cols: [KQLColumns.Column] = zip(n.columns, n.schema.fields).map { c, f in
                var builder = ColumnBuilder(type: f.type, capacity: keys.count)
                for row in 0..<keys.count {
                    switch c {
                    case .key(let k): builder.append(keys[row][k])
                    case .pivot(let name): builder.append(cells[row][name] ?? n.empty)
                    }
                }
                return builder.finish()
            }
            return Table(schema: n.schema, batches: keys.isEmpty ? [] : [Batch(columns: cols, count: keys.count)])
        }
    }
}
