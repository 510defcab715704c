import KQLColumns
import KQLSyntax

/// One ID's states in one bin, in time order (equal times in input order), consecutive equal
/// states merged into one run spanning their first and last times.
struct FunnelRun {
    var state: String
    var first: Int64
    var last: Int64
}

/// The input's events per (bin, ID), as runs: shared by the funnel plugins.
func funnelRuns(_ input: Table, id: Int, time: Int, state: Int, axis: FunnelAxis, merge: Bool)
    -> [Int: [(id: Value, runs: [FunnelRun])]] {
    var events: [Int: [Value: [(t: Int64, row: Int, state: String)]]] = [:]
    var idOrder: [Int: [Value]] = [:]
    for (r, row) in input.rows().enumerated() {
        guard let p = axis.position(row[time]), let b = axis.bin(p), !row[id].isNull, !row[state].isNull else { continue }
        let key = row[id]
        if events[b]?[key] == nil { idOrder[b, default: []].append(key) }
        events[b, default: [:]][key, default: []].append((p, r, kqlString(row[state])))
    }
    var out: [Int: [(id: Value, runs: [FunnelRun])]] = [:]
    for (b, ids) in idOrder {
        out[b] = ids.map { key -> (id: Value, runs: [FunnelRun]) in
            let sorted = (events[b]?[key] ?? []).sorted { $0.t != $1.t ? $0.t < $1.t : $0.row < $1.row }
            var runs: [FunnelRun] = []
            for e in sorted {
                if merge, let last = runs.last, last.state == e.state { runs[runs.count - 1].last = e.t } else { runs.append(FunnelRun(state: e.state, first: e.t, last: e.t)) }
            }
            return (key, runs)
        }
    }
    return out
}

extension FunnelSequence {
    /// Table #1 of the page (tables #2 and #3 group the same occurrences by prev alone or by
    /// next alone), per bin of [Start, End): each ID's events in the bin, in time order,
    /// with consecutive events of the same state merged (the page's single-`Tornado` example lists
    /// no `Tornado` before or after the sequence, which it would if repeats were separate steps).
    /// An occurrence is a run of consecutive states equal to Sequence, each at most
    /// MaxSequenceStepWindow after the one before; `prev` is the state just before it and `next`
    /// the one just after, when within MaxSequenceStepWindow of it (else empty). A row per
    /// (bin, prev, next) with the distinct count of IDs and up to 128 of them (in order of first
    /// appearance). Rows: by bin, then dcount descending (the page's order), ties by first appearance.
    /// A null ID, time or state is skipped. (Kusto's page does not spell the rule out; this one is
    /// what its example's tables show.)
    func run(_ input: Table, context: QueryContext) throws -> Table {
        let runsByBin = funnelRuns(input, id: idColumn, time: timeColumn, state: stateColumn, axis: axis, merge: true)
        var out: [[Value]] = []
        for b in runsByBin.keys.sorted() {
            try context.checkpoint()
            var order: [[String]] = []
            var ids: [[String]: [Value]] = [:]
            var seen: [[String]: Set<Value>] = [:]
            for (key, runs) in runsByBin[b] ?? [] {
                let m = sequence.count
                guard runs.count >= m else { continue }
                for i in 0...(runs.count - m) {
                    var ok = true
                    for k in 0..<m where runs[i + k].state != sequence[k] || (k > 0 && FunnelAxis.gap(runs[i + k].first, runs[i + k - 1].last) > stepWindow) {
                        ok = false
                        break
                    }
                    guard ok else { continue }
                    let prev = i > 0 && FunnelAxis.gap(runs[i].first, runs[i - 1].last) <= stepWindow ? runs[i - 1].state : ""
                    let j = i + m
                    let next = j < runs.count && FunnelAxis.gap(runs[j].first, runs[j - 1].last) <= stepWindow ? runs[j].state : ""
                    let pair = [table.groupsPrev ? prev : "", table.groupsNext ? next : ""]
                    if seen[pair] == nil { order.append(pair); seen[pair] = [] }
                    if seen[pair]?.insert(key).inserted == true { ids[pair, default: []].append(key) }
                }
            }
            let ranked = order.enumerated().sorted { a, c in
                let x = ids[a.element]?.count ?? 0, y = ids[c.element]?.count ?? 0
                return x != y ? x > y : a.offset < c.offset
            }
            for (_, pair) in ranked {
                let list = ids[pair] ?? []
                let samples = DynamicValue.array(list.prefix(FunnelSequence.maxSamples).map { toDynamic($0) })
                var row = [axis.value(ofBin: b)]
                if table.groupsPrev { row.append(.string(pair[0])) }
                if table.groupsNext { row.append(.string(pair[1])) }
                out.append(row + [.long(Int64(list.count)), .dynamic(samples)])
            }
        }
        return Table.fromRows(schema: schema, rows: out)
    }
}
