import KQLColumns
import KQLSyntax

extension Executor {
    /// `partition`: the input is held (reserved from the query's budget), its rows are grouped by
    /// the key (the group-by key index: all nulls are one partition, as are all NaNs), and the
    /// subquery runs on each partition's rows in the order the key values first appear; the
    /// output is the results one after the other (Kusto's union, whose row order is unspecified).
    /// The legacy strategy (the default) fails past 64 key values, as the doc says.
    /// The subquery's subqueries (`toscalar()`, `in (...)`) and shared plans are resolved per
    /// partition, over its rows: those that read the partition's rows (the `{ }` form's key
    /// value, the doc's "Partition reference" `as Partition | ... toscalar(Partition | ...)`)
    /// are run again for each partition; the others once per query (cached by id).
    func runPartition(_ n: LogicalPlan.Partition) throws -> Table {
        let dependent = n.subquery.partitionDependentIds
        return try holdingInput(n.input, for: "partition") { t in
            let index = GroupKeyIndex(types: [t.schema.fields[n.key].type])
            // rows[g][b]: the rows of batch b in partition g.
            var rows: [[Int: [Int]]] = []
            for (bi, b) in t.batches.enumerated() where b.count > 0 {
                let ids = index.groupIds([b.columns[n.key]], rows: b.count)
                for (r, g) in ids.enumerated() {
                    let gi = Int(g)
                    if gi == rows.count {
                        if n.strategy == .legacy && rows.count == LogicalPlan.Partition.legacyLimit {
                            throw Diagnostic(code: .tooManyPartitions, "partition: the legacy strategy (the default) takes at most \(LogicalPlan.Partition.legacyLimit) values of the key; use hint.strategy=native or hint.strategy=shuffle", span: n.keySpan)
                        }
                        rows.append([:])
                    }
                    rows[gi][bi, default: []].append(r)
                }
            }
            var out: [Batch] = []
            for part in rows {
                try context.checkpoint()
                let batches: [Batch] = part.keys.sorted().compactMap { bi in
                    guard let rs = part[bi] else { return nil }
                    let b = t.batches[bi]
                    return Batch(columns: b.columns.map { $0.gather(rs) }, count: rs.count)
                }
                let bytes = batches.reduce(0) { $0 + $1.approximateBytes }
                try context.reserve(bytes, for: "partition (one partition's rows)")
                defer { context.release(bytes) }
                for id in dependent.subqueries { context.subqueryColumns[id] = nil }
                for id in dependent.shared {
                    if let r = context.sharedResults.removeValue(forKey: id) { context.release(r.approximateBytes) }
                }
                let result = try run(try resolvingSubqueries(n.subquery.replacingApplyInput(Table(schema: t.schema, batches: batches))))
                out += result.batches.filter { $0.count > 0 }
            }
            return Table(schema: n.schema, batches: out)
        }
    }
}
