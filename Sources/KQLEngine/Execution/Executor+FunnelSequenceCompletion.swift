import KQLColumns

extension FunnelSequenceCompletion {
    /// Per bin of [Start, End), per period P (in the order given), per step k of Sequence: the
    /// distinct count of IDs that reached step k — that have, among their events in the bin in
    /// time order (equal times in input order), an event of the first state followed by events of
    /// states 2…k in that order (other events may come between), the last at most P after the
    /// first (the page: the period is measured from the first step). So step 1's count is the
    /// IDs with the first state, the same for every period, and the counts never grow along the
    /// funnel, as on the page. Every bin of the range gives its rows, zero counts included. A
    /// null ID, time or state is skipped.
    func run(_ input: Table, context: QueryContext) throws -> Table {
        let byBin = funnelRuns(input, id: idColumn, time: timeColumn, state: stateColumn, axis: axis, merge: false)
        var out: [[Value]] = []
        for b in 0..<axis.binCount {
            try context.checkpoint()
            let entries = byBin[b] ?? []
            for period in periods {
                var reached = [Int64](repeating: 0, count: sequence.count)
                for (_, events) in entries {
                    var best = 0
                    for (i, e) in events.enumerated() where e.state == sequence[0] {
                        // Earliest match of each later step: the furthest this start can reach.
                        var k = 1
                        var j = i + 1
                        while k < sequence.count, j < events.count, FunnelAxis.gap(events[j].first, e.first) <= period.length {
                            if events[j].state == sequence[k] { k += 1 }
                            j += 1
                        }
                        best = max(best, k)
                        if best == sequence.count { break }
                    }
                    for k in 0..<best { reached[k] += 1 }
                }
                for (k, s) in sequence.enumerated() {
                    out.append([axis.value(ofBin: b), .string(s), period.value, .long(reached[k])])
                }
            }
        }
        return Table.fromRows(schema: schema, rows: out)
    }
}
