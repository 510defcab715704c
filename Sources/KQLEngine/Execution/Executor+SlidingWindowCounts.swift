import KQLColumns

extension SlidingWindowCounts {
    /// Per combination of the dimensions (in order of first appearance), one row per bin from
    /// Start to End: `Count` is the number of rows, `Dcount` the number of distinct non-null ids,
    /// whose time falls in the `lookbackBins` bins ending with that bin. Rows before Start or after
    /// End's bin, or with a null time, are not counted (Quarry's reading of "the analysis period").
    func run(_ input: Table, context: QueryContext) throws -> Table {
        var groupOf: [[Value]: Int] = [:]
        var keys: [[Value]] = []
        var perBin: [[Int: [Value]]] = []   // group → bin → the ids of its rows
        for b in input.batches {
            for r in 0..<b.count {
                if r % 4096 == 0 { try context.checkpoint() }
                let t: Double
                switch b.columns[1].value(at: r) {
                case .datetime(let x): t = Double(x)
                case let v: guard let x = numericDouble(v) else { continue }; t = x
                }
                let k = ((t - start) / bin).rounded(.down)
                guard k >= 0, k < Double(bins) else { continue }
                let key = (2..<b.columns.count).map { b.columns[$0].value(at: r) }
                let g: Int
                if let existing = groupOf[key] { g = existing } else { g = keys.count; groupOf[key] = g; keys.append(key); perBin.append([:]) }
                perBin[g][Int(k), default: []].append(b.columns[0].value(at: r))
            }
        }
        let dims = schema.fields.count - 3
        var rows: [[Value]] = []
        for (g, key) in keys.enumerated() {
            for k in 0..<bins {
                if k % 1024 == 0 { try context.checkpoint() }
                var count = 0
                var ids = Set<Value>()
                for j in max(0, k - lookbackBins + 1)...k {
                    guard let values = perBin[g][j] else { continue }
                    count += values.count
                    for v in values where !v.isNull { ids.insert(v) }
                }
                let at = start + Double(k) * bin
                let time: Value = timeType == .datetime ? .datetime(Int64(at)) : (timeType == .real ? .real(at) : (timeType == .int ? .int(Int32(clamping: Int64(at))) : .long(Int64(at))))
                rows.append([time] + key.prefix(dims) + [.long(Int64(count)), .long(Int64(ids.count))])
            }
        }
        return Table.fromRows(schema: schema, rows: rows)
    }
}
