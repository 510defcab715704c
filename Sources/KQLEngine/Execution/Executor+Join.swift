import KQLColumns

extension Executor {
    /// Hash join on the group-by key index (`GroupKeyIndex`, the one hash-key scheme of
    /// summarize, distinct and join): the right side's keys are indexed, the left side probes.
    /// Rows whose key holds a null or a real NaN never match (null equals nothing; NaN equals nothing
    /// either, and sorts with the nulls: sort-operator.md; the join docs are silent).
    func join(_ left: Table, _ right: Table, _ spec: LogicalPlan.Join) throws -> Table {
        let lb = left.singleBatch(), rb = right.singleBatch()
        // Key types: equal on both sides, or int with long (the binder allows no other mix), which
        // index as long.
        let keyTypes = zip(spec.leftKeys, spec.rightKeys).map { l, r in
            left.schema.fields[l].type == right.schema.fields[r].type ? left.schema.fields[l].type : KQLType.long
        }
        let index = GroupKeyIndex(types: keyTypes)
        let rightKeys = spec.rightKeys.map { rb.columns[$0] }, leftKeys = spec.leftKeys.map { lb.columns[$0] }
        // The deadline and cancellation are checked between the phases and every ~64K rows of
        // the loops below (`Pacer`), so `servertimeout` and a client that leaves stop a large join promptly.
        var pace = Pacer(context)
        let rightGroup = index.groupIds(rightKeys, rows: rb.count)
        let rightOff = Self.unmatchableKeys(rightKeys, rows: rb.count)
        try context.checkpoint()
        var leftGroup = index.lookup(leftKeys, rows: lb.count)
        try context.checkpoint()
        for (r, off) in Self.unmatchableKeys(leftKeys, rows: lb.count).enumerated() where off { leftGroup[r] = -1 }
        // The right rows of each group, in order (a CSR list: rows of group g at start[g]..<start[g+1]).
        let groups = index.groupCount
        var start = [Int](repeating: 0, count: groups + 1)
        for (r, g) in rightGroup.enumerated() where !rightOff[r] { start[Int(g) + 1] += 1 }
        for g in 0..<groups { start[g + 1] += start[g] }
        var fill = start, members = [Int](repeating: 0, count: start[groups])
        for (r, g) in rightGroup.enumerated() where !rightOff[r] { members[fill[Int(g)]] = r; fill[Int(g)] += 1 }
        func matches(_ l: Int) -> ArraySlice<Int> {
            let g = Int(leftGroup[l])
            return g < 0 ? [] : members[start[g]..<start[g + 1]]
        }
        var kind = spec.kind
        var leftRows = Array(0..<lb.count)
        if kind == .innerunique {
            // One left row per key (Kusto keeps an arbitrary one; Quarry the first), then inner;
            // a left key absent from the right side matches nothing either way.
            var seen = [Bool](repeating: false, count: groups)
            leftRows = leftRows.filter { r in
                let g = Int(leftGroup[r])
                guard g >= 0, !seen[g] else { return false }
                seen[g] = true
                return true
            }
            kind = .inner
        }

        // The output's size is known before it is built: reserve it (a key shared by 100,000 rows
        // on each side makes 10^10 rows — a clean error, not an allocation that aborts).
        if kind != .leftsemi && kind != .leftanti && kind != .rightsemi && kind != .rightanti {
            var pairs = kind == .rightouter || kind == .fullouter ? rb.count : 0
            for l in leftRows {
                let m = matches(l).count
                try pace.step()
                pairs = pairs.addingReportingOverflow(max(m, kind == .inner ? 0 : 1)).partialValue
                if pairs > Int.max / 1024 { break }
            }
            let rowBytes = 18 + (lb.count > 0 ? left.approximateBytes / lb.count : 0) + (rb.count > 0 ? right.approximateBytes / rb.count : 0)
            let (bytes, overflow) = pairs.multipliedReportingOverflow(by: rowBytes)
            try context.reserve(overflow ? Int.max : bytes, for: "join (\(pairs) output rows)")
            context.release(overflow ? Int.max : bytes)
        }
        var li: [Int?] = [], ri: [Int?] = []
        var rightMatched = [Bool](repeating: false, count: rb.count)
        for l in leftRows {
            let matches = matches(l)
            try pace.step(1 + matches.count)
            switch kind {
            case .leftsemi: if !matches.isEmpty { li.append(l) }
            case .leftanti: if matches.isEmpty { li.append(l) }
            case .rightsemi, .rightanti: for m in matches { rightMatched[m] = true }
            case .inner, .innerunique:
                for m in matches { li.append(l); ri.append(m) }
            case .leftouter, .fullouter, .rightouter:
                if matches.isEmpty {
                    if kind != .rightouter { li.append(l); ri.append(nil) }
                } else {
                    for m in matches { li.append(l); ri.append(m); rightMatched[m] = true }
                }
            }
        }
        if kind == .rightouter || kind == .fullouter {
            for m in 0..<rb.count where !rightMatched[m] { li.append(nil); ri.append(m) }
        }
        if kind == .rightsemi || kind == .rightanti {
            let rows = (0..<rb.count).filter { rightMatched[$0] == (kind == .rightsemi) }
            return Table(schema: spec.schema, batches: rows.isEmpty ? [] : [Batch(columns: rb.columns.map { $0.gather(rows) }, count: rows.count)])
        }
        if kind == .leftsemi || kind == .leftanti {
            let rows = li.compactMap { $0 }
            return Table(schema: spec.schema, batches: rows.isEmpty ? [] : [Batch(columns: lb.columns.map { $0.gather(rows) }, count: rows.count)])
        }
        let n = li.count
        var cols: [Column] = []
        for (j, c) in lb.columns.enumerated() {
            try context.checkpoint()
            cols.append(gatherOptional(c, li, type: left.schema.fields[j].type))
        }
        for j in spec.rightOutput ?? Array(rb.columns.indices) {
            try context.checkpoint()
            cols.append(gatherOptional(rb.columns[j], ri, type: right.schema.fields[j].type))
        }
        return Table(schema: spec.schema, batches: n == 0 ? [] : [Batch(columns: cols, count: n)])
    }

    /// Per row: whether its key holds a null or a real NaN (such a key matches nothing).
    static func unmatchableKeys(_ keys: [Column], rows: Int) -> [Bool] {
        var off = [Bool](repeating: false, count: rows)
        for c in keys {
            if let v = c.validity { for r in 0..<rows where !v.isValid(r) { off[r] = true } }
            switch c.storage {
            case .bool, .int, .long, .decimal, .string, .dictionary, .datetime, .timespan, .guid: break
            case .real(let a): for r in 0..<rows where a[r].isNaN { off[r] = true }
            case .dynamic: for r in 0..<rows where !off[r] && orderRank(c.value(at: r)) != 0 { off[r] = true }
            }
        }
        return off
    }

    /// Rows at `indices`; nil picks a null (an outer join's missing side).
    private func gatherOptional(_ c: Column, _ indices: [Int?], type: KQLType) -> Column {
        if !indices.contains(where: { $0 == nil }) { return c.gather(indices.map { $0! }) }
        var b = ColumnBuilder(type: type, capacity: indices.count)
        for i in indices { if let i { b.append(c.value(at: i)) } else { b.appendNull() } }
        return b.finish()
    }
}
