import KQLColumns

extension Executor {
    /// `count`: counts the input's rows as they stream by; one row when first pulled.
    func countStream(_ n: LogicalPlan.Count) throws -> BatchStream {
        let source = try stream(n.input)
        let schema = n.schema
        return .deferred {
            var rows = 0
            while let group = try source.next() { rows += group.reduce(0) { $0 + $1.count } }
            return Table.fromRows(schema: schema, rows: [[.long(Int64(rows))]]).batches
        }
    }
}
