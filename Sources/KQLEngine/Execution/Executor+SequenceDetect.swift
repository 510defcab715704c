import KQLColumns
import KQLSyntax

extension SequenceDetect {
    /// Every occurrence of the steps in order, per combination of the dimensions: events are taken
    /// in time order (equal times in input order); an occurrence is a chain of events e1, e2, …
    /// where e_k satisfies step k's predicate, comes after e_(k-1) in that order, is at most
    /// MaxSequenceStepWindow after it and at most MaxSequenceSpan after e1. Every such chain is a
    /// row — one start with two later matches gives two rows, as in the page's CALIFORNIA rows.
    /// Kusto's page does not say whether a step may share its timestamp with the previous one;
    /// Quarry lets it (a later row at the same time). Rows come ordered by the steps' times, then
    /// by the dimensions' first appearance (the page's example is in that order). A null time or
    /// a null predicate matches no step.
    func run(_ input: Table, context: QueryContext) throws -> Table {
        let rows = input.rows()
        var groupOf: [[Value]: Int] = [:]
        var groups: [(key: [Value], events: [(time: Int64, row: Int)])] = []
        for (r, row) in rows.enumerated() {
            guard case .datetime(let t) = row[0] else { continue }
            let key = Array(row[(1 + steps)...])
            let g: Int
            if let existing = groupOf[key] { g = existing } else { g = groups.count; groupOf[key] = g; groups.append((key, [])) }
            groups[g].events.append((t, r))
        }
        var found: [(times: [Int64], group: Int)] = []
        for g in groups.indices {
            try context.checkpoint()
            let events = groups[g].events.sorted { $0.time != $1.time ? $0.time < $1.time : $0.row < $1.row }
            func matches(_ e: Int, _ step: Int) -> Bool {
                if case .bool(true) = rows[events[e].row][1 + step] { return true }
                return false
            }
            var chain: [Int64] = []
            func extend(from prev: Int, step: Int) throws {
                if step == steps {
                    guard found.count < SequenceDetect.maxMatches else {
                        throw pluginLimit(name, "more than \(SequenceDetect.maxMatches) sequence occurrences", span: nameSpan)
                    }
                    found.append((chain, g))
                    return
                }
                let first = chain[0], last = events[prev].time
                var j = prev + 1
                while j < events.count {
                    let t = events[j].time
                    if t - last > stepWindow || t - first > span { break }
                    if matches(j, step) {
                        chain.append(t)
                        try extend(from: j, step: step + 1)
                        chain.removeLast()
                    }
                    j += 1
                }
            }
            for i in events.indices where matches(i, 0) {
                chain = [events[i].time]
                try extend(from: i, step: 1)
            }
        }
        found.sort { a, b in
            if a.times != b.times { return a.times.lexicographicallyPrecedes(b.times) }
            return a.group < b.group
        }
        let out = found.map { m -> [Value] in
            groups[m.group].key + m.times.map { Value.datetime($0) } + [.timespan((m.times.last ?? 0) - (m.times.first ?? 0))]
        }
        return Table.fromRows(schema: schema, rows: out)
    }
}
