import KQLColumns

extension SlidingWindowCounts {
    /// Per combination of the dimensions (in order of first appearance), one row per bin from
    /// Start to End: `Count` is the number of rows, `Dcount` the number of distinct non-null ids,
    /// whose time falls in the `lookbackBins` bins ending with that bin. Rows before Start or after
    /// End's bin, or with a null time, are not counted (Quarry's reading of "the analysis period").
    func run(_ input: Table, context: QueryContext) throws -> Table {
        let groups = try ActivityGroups(input, bins, context: context)
        var rows: [[Value]] = []
        for (g, key) in groups.keys.enumerated() {
            for k in 0..<bins.count {
                if k % 1024 == 0 { try context.checkpoint() }
                var count = 0
                var ids = Set<Value>()
                for j in max(0, k - lookbackBins + 1)...k {
                    guard let values = groups.perBin[g][j] else { continue }
                    count += values.count
                    for v in values where !v.isNull { ids.insert(v) }
                }
                rows.append([bins.value(k)] + key + [.long(Int64(count)), .long(Int64(ids.count))])
            }
        }
        return Table.fromRows(schema: schema, rows: rows)
    }
}
