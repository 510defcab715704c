import KQLColumns

extension Executor {
    /// `mv-apply`, input group by input group: each row is expanded into its sub-table (as
    /// mv-expand does it), the subquery runs over it, and each result row gets the row's other
    /// columns. A row whose expansion is empty (an empty array or bag) gives no sub-table and so no
    /// rows, even for a subquery that would make a row from nothing (`summarize count()`): the doc
    /// describes mv-apply as mv-expand (which drops such a row) followed by the subquery per
    /// sub-table; it is silent on this case, and this reading is ours.
    func mvApplyStream(_ n: LogicalPlan.MvApply) throws -> BatchStream {
        let source = try stream(n.input)
        return BatchStream {
            guard let group = try source.next() else { return nil }
            var out: [Batch] = []
            for b in group where b.count > 0 {
                if let batch = try self.mvApply(b, n) { out.append(batch) }
            }
            return out
        }
    }

    /// The output rows of one input batch, as one batch (nil when none).
    private func mvApply(_ b: Batch, _ n: LogicalPlan.MvApply) throws -> Batch? {
        var outerRows: [Int] = []
        var subParts: [[Column]] = []
        for r in 0..<b.count {
            try context.checkpoint()
            let row = Batch(columns: b.columns.map { $0.gather([r]) }, count: 1)
            var subBatches: [Batch] = []
            let expanded = mvExpandStream(.of([row]), n.expand)
            while let g = try expanded.next() { subBatches += g.filter { $0.count > 0 } }
            if subBatches.isEmpty { continue }
            let result = try run(n.subquery.replacingApplyInput(Table(schema: n.expand.schema, batches: subBatches)))
            for rb in result.batches where rb.count > 0 {
                outerRows += Array(repeating: r, count: rb.count)
                subParts.append(rb.columns)
            }
        }
        if outerRows.isEmpty { return nil }
        let subSchema = n.subquery.schema
        let columns: [Column] = n.outputs.map { source in
            switch source {
            case .outer(let i): return b.columns[i].gather(outerRows)
            case .sub(let j): return Column.concat(subParts.map { $0[j] }, type: subSchema.fields[j].type)
            }
        }
        return Batch(columns: columns, count: outerRows.count)
    }
}
