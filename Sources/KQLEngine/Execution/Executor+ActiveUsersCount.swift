import KQLColumns

extension ActiveUsersCount {
    /// An appearance (a row) inside Start … End's bin is active when its id appears in at least
    /// ActivePeriodsCount distinct periods (`bin(time, Period)`) within the lookback window ending at
    /// it: (time − LookbackWindow, time]. The window's start is exclusive, as the page's example
    /// needs (B on 2018-07-08 would otherwise be active with 06-30, 07-04 and 07-08, and the page
    /// gives no row for that week). Rows before Start count for the lookback. Per dimension
    /// combination (in order of first appearance) and bin, `dcount` is the number of distinct ids
    /// with an active appearance; bins without any give no row (as on the page). Null ids and
    /// times are left out.
    func run(_ input: Table, context: QueryContext) throws -> Table {
        var groupOf: [[Value]: Int] = [:]
        var keys: [[Value]] = []
        var times: [[Value: [Double]]] = []   // group → id → times
        for b in input.batches {
            for r in 0..<b.count {
                if r % 4096 == 0 { try context.checkpoint() }
                let id = b.columns[0].value(at: r)
                guard !id.isNull else { continue }
                guard let t = bins.relative(b.columns[1].value(at: r)) else { continue }
                let key = (2..<b.columns.count).map { b.columns[$0].value(at: r) }
                let g: Int
                if let existing = groupOf[key] { g = existing } else { g = keys.count; groupOf[key] = g; keys.append(key); times.append([:]) }
                times[g][id, default: []].append(t)
            }
        }
        // Times are relative to the bins' origin; periods stay aligned as bin(time, Period) aligns them.
        var originRemainder = 0.0
        if bins.origin != 0, period < 9e18 {
            let p = Int64(period)
            originRemainder = Double(((bins.origin % p) + p) % p)
        }
        func periodOf(_ t: Double) -> Double { ((t + originRemainder) / period).rounded(.down) }
        var rows: [[Value]] = []
        for (g, key) in keys.enumerated() {
            try context.checkpoint()
            var activeIds: [Int: Set<Value>] = [:]   // bin → ids
            for (id, list) in times[g] {
                let ts = list.sorted()
                var periods: [Double: Int] = [:]   // period → appearances in the window
                var lo = 0
                for (hi, t) in ts.enumerated() {
                    periods[periodOf(t), default: 0] += 1
                    while lo <= hi && ts[lo] <= t - lookback {
                        let p = periodOf(ts[lo])
                        periods[p, default: 0] -= 1
                        if periods[p] == 0 { periods[p] = nil }
                        lo += 1
                    }
                    if periods.count >= activePeriods, let k = bins.bin(relative: t) {
                        activeIds[k, default: []].insert(id)
                    }
                }
            }
            for k in activeIds.keys.sorted() {
                rows.append([bins.value(k)] + key + [.long(Int64(activeIds[k]?.count ?? 0))])
            }
        }
        return Table.fromRows(schema: schema, rows: rows)
    }
}
