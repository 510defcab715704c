import KQLColumns

extension Executor {
    /// `project`, `extend`, …: each group of batches computed side by side on all cores.
    func projectStream(_ n: LogicalPlan.Project) throws -> BatchStream {
        let source = try stream(n.input)
        let schema = n.schema
        let cols = n.columns
        // Batches are independent, except for row-order functions, which run on the one
        // batch a serialized input has.
        return BatchStream {
            guard let group = try source.next() else { return nil }
            return parallelMap(group, width: context.threads) { b in
                Batch(columns: cols.enumerated().map { j, c in evaluate(c.expr, b).materialize(count: b.count, type: schema.fields[j].type) }, count: b.count)
            }
        }
    }
}
