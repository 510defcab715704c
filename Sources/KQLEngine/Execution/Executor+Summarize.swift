import KQLColumns

/// `summarize`: hash aggregation over a stream of batch groups, in bounded memory (the groups'
/// states, not the input, are kept).
///
/// With keys and a first group of at least 50,000 rows, rows are split by a hash of their key
/// tuple into one partition per core; each partition keeps its own key index and accumulators
/// across the whole stream (so each holds a disjoint set of groups), is fed on its own core, and
/// the partitions' results are concatenated at the end (Kusto leaves the order of groups
/// unspecified). Otherwise one serial state takes every row, and groups come out in order of
/// first appearance.
extension Executor {
    func summarize(_ input: BatchStream, keys: [(name: String, expr: BoundExpr)], aggs: [BoundAggregate], schema: Schema) throws -> Table {
        var partitions: [SummarizePartition] = []
        let types = keys.map { $0.expr.type }
        var held = 0
        defer { context.release(held) }
        while let group = try input.next() {
            try context.checkpoint()
            if partitions.isEmpty {
                let rows = group.reduce(0) { $0 + $1.count }
                let parallel = !keys.isEmpty && context.threads >= 2 && rows >= 50_000
                partitions = (0..<(parallel ? context.threads : 1)).map { _ in SummarizePartition(keys: keys, aggs: aggs) }
            }
            if partitions.count == 1 {
                partitions[0].add(group)
            } else {
                let parts = partitions.count
                // Split every batch by key hash (top bits, independent of the hash table's low bits).
                // Each piece carries its rows' key columns, evaluated once here.
                let split: [[(Batch, [Column])]] = parallelMap(group, width: context.threads) { b in
                    let keyColumns = keys.map { evaluate($0.expr, b).materialize(count: b.count, type: $0.expr.type) }
                    let h = GroupKeyIndex.rowHashes(keyColumns, types: types, rows: b.count)
                    var rows = [[Int]](repeating: [], count: parts)
                    for r in 0..<b.count { rows[Int((h[r] >> 32) % UInt64(parts))].append(r) }
                    return rows.map { idx in
                        (Batch(columns: b.columns.map { $0.gather(idx) }, count: idx.count), keyColumns.map { $0.gather(idx) })
                    }
                }
                _ = parallelMap(Array(0..<parts), width: context.threads) { p in partitions[p].add(split.map { piece -> (Batch, [Column]?) in (piece[p].0, piece[p].1) }) }
            }
            // The groups' states grow with the number of distinct keys.
            let now = partitions.reduce(0) { $0 + $1.groupCount } * (16 * (keys.count + aggs.count) + 32)
            if now > held {
                try context.reserve(now - held, for: "summarize (\(partitions.reduce(0) { $0 + $1.groupCount }) groups)")
                held = now
            }
        }
        if partitions.isEmpty { partitions = [SummarizePartition(keys: keys, aggs: aggs)] }
        return Table(schema: schema, batches: partitions.compactMap { $0.finish() })
    }
}

/// One partition's aggregation state: a key index and one accumulator per aggregate.
final class SummarizePartition {
    let keys: [(name: String, expr: BoundExpr)]
    let aggs: [BoundAggregate]
    let index: GroupKeyIndex
    let accumulators: [GroupedAccumulator]

    init(keys: [(name: String, expr: BoundExpr)], aggs: [BoundAggregate]) {
        self.keys = keys
        self.aggs = aggs
        index = GroupKeyIndex(types: keys.map { $0.expr.type })
        accumulators = aggs.map(groupedAccumulator)
        if keys.isEmpty { _ = index.groupIds([], rows: 0) }   // one group even for no rows
    }

    var groupCount: Int { index.groupCount }

    func add(_ batches: [Batch]) {
        add(batches.map { ($0, nil) })
    }

    /// Adds batches, each with its key columns when already evaluated (nil: evaluated here).
    func add(_ batches: [(Batch, [Column]?)]) {
        for (b, evaluated) in batches where b.count > 0 {
            let keyColumns = evaluated ?? keys.map { evaluate($0.expr, b).materialize(count: b.count, type: $0.expr.type) }
            let groups = index.groupIds(keyColumns, rows: b.count)
            for (j, a) in aggs.enumerated() {
                let args = (a.args + a.carried).map { evaluate($0, b) }
                accumulators[j].add(groups: groups, args: args, rows: b.count, groupCount: index.groupCount)
            }
        }
    }

    /// The partition's groups as one batch (nil when it has none).
    func finish() -> Batch? {
        let n = index.groupCount
        guard n > 0 else { return nil }
        var columns = keys.isEmpty ? [] : index.keyColumns()
        for (j, a) in aggs.enumerated() { columns += accumulators[j].finish(groupCount: n, fields: a.outputFields) }
        return Batch(columns: columns, count: n)
    }
}
