import KQLColumns

extension Executor {
    /// `top-nested`: each level's summarize runs whole; level 0's groups are ranked by their
    /// aggregate and cut to N, then each kept row is extended with the top groups of level 1 that
    /// share its values, and so on. Rows come out level by level in rank order.
    func runTopNested(_ n: LogicalPlan.TopNested) throws -> Table {
        var rows: [[Value]] = [[]]   // the kept rows so far: value, aggregate, value, aggregate, ...
        for (k, plan) in n.levels.enumerated() {
            // Each level's groups are held under the memory budget while they are ranked.
            rows = try holdingInput(plan, for: "top-nested") { table in try nextLevel(n, k, table, rows) }
        }
        return Table.fromRows(schema: n.schema, rows: rows)
    }

    /// The rows kept through level k: each row kept so far, extended with its top groups at level k.
    private func nextLevel(_ n: LogicalPlan.TopNested, _ k: Int, _ table: Table, _ rows: [[Value]]) throws -> [[Value]] {
        // This level's groups by the values of the levels above (their prefix).
        var groups: [[Value]: [(key: Value, agg: Value)]] = [:]
        for r in table.rows() where r.count == k + 2 {
            groups[r[0..<k].map(distinctKey), default: []].append((r[k], r[k + 1]))
        }
        let asc = n.ascending[k]
        let isLast = k == n.levels.count - 1
        var next: [[Value]] = []
        for row in rows {
            let prefix = stride(from: 0, to: row.count, by: 2).map { distinctKey(row[$0]) }
            guard var candidates = groups[prefix] else { continue }
            // Nulls (and NaN) after values, as `top` puts them by default; ties keep group order.
            let order = candidates.indices.sorted { x, y in
                let a = candidates[x].agg, c = candidates[y].agg
                let ra = orderRank(a), rc = orderRank(c)
                if ra != rc { return ra < rc }
                if ra == 0, let r = compareValues(a, c), r != 0 { return asc ? r < 0 : r > 0 }
                return x < y
            }
            candidates = order.map { candidates[$0] }
            let keep = min(candidates.count, n.counts[k] ?? candidates.count)
            for c in candidates[0..<keep] { next.append(row + [c.key, c.agg]) }
            if isLast, let others = n.others, let combine = n.combine {
                let type = n.schema.fields[2 * k + 1].type
                next.append(row + [others, combineOthers(candidates[keep...].map(\.agg), combine, type)])
            }
            try context.checkpoint()
        }
        return next
    }

    private func combineOthers(_ values: [Value], _ combine: LogicalPlan.TopNested.Combine, _ type: KQLType) -> Value {
        let present = values.filter { orderRank($0) != 2 }
        switch combine {
        case .sum:
            switch type {
            case .long, .int:
                // Overflow gives null, as Quarry's long arithmetic does.
                var s: Int64 = 0
                for v in present {
                    let (r, overflow) = s.addingReportingOverflow(integerValue(v) ?? 0)
                    if overflow { return .null(type) }
                    s = r
                }
                if type == .int { return Int32(exactly: s).map { .int($0) } ?? .null(type) }
                return .long(s)
            default:
                var s = 0.0
                for v in present { s += numericDouble(v) ?? 0 }
                return .real(s)
            }
        case .min, .max:
            var best: Value?
            for v in present {
                guard let b = best else { best = v; continue }
                if let r = compareValues(v, b), combine == .min ? r < 0 : r > 0 { best = v }
            }
            return best ?? .null(type)
        }
    }
}
