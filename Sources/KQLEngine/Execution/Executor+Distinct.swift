import KQLColumns

extension Executor {
    /// `distinct`: the group-by key index over the chosen columns; a row is kept when it opens a
    /// new group (ids are given in first-seen order); all NaNs are one value, all nulls another.
    func runDistinct(_ n: LogicalPlan.Distinct) throws -> Table {
        let cols = n.columns
        let schema = n.schema
        return try holdingInput(n.input, for: "distinct") { t in
            let index = GroupKeyIndex(types: cols.map { t.schema.fields[$0].type })
            var out: [Batch] = []
            for b in t.batches where b.count > 0 {
                let before = index.groupCount
                let ids = index.groupIds(cols.map { b.columns[$0] }, rows: b.count)
                var next = Int32(before), keep: [Int] = []
                for (r, g) in ids.enumerated() where g == next { keep.append(r); next += 1 }
                if !keep.isEmpty { out.append(Batch(columns: cols.map { b.columns[$0].gather(keep) }, count: keep.count)) }
            }
            return Table(schema: schema, batches: out)
        }
    }
}
