import KQLColumns

extension ActivityCountsMetrics {
    /// Per combination of the dimensions (in order of first appearance), one row per window from
    /// Start to End: `count` rows, `dcount` distinct non-null ids, `new_dcount` those ids not seen
    /// in an earlier window (from Start), `aggregated_dcount` distinct ids from the first window to
    /// this one. Windows without rows give zeros (and carry `aggregated_dcount` on); rows outside
    /// Start … End's window, or with a null time, are not counted.
    func run(_ input: Table, context: QueryContext) throws -> Table {
        let groups = try ActivityGroups(input, bins, context: context)
        var rows: [[Value]] = []
        for (g, key) in groups.keys.enumerated() {
            var seen = Set<Value>()
            for k in 0..<bins.count {
                if k % 1024 == 0 { try context.checkpoint() }
                let values = groups.perBin[g][k] ?? []
                var ids = Set<Value>()
                for v in values where !v.isNull { ids.insert(v) }
                let fresh = ids.subtracting(seen).count
                seen.formUnion(ids)
                rows.append([bins.value(k)] + key + [.long(Int64(values.count)), .long(Int64(ids.count)), .long(Int64(fresh)), .long(Int64(seen.count))])
            }
        }
        return Table.fromRows(schema: schema, rows: rows)
    }
}
