import KQLColumns

extension Executor {
    /// Hash join: the right side is hashed on its key tuple, the left side probes it.
    /// Rows whose key holds a null or a real NaN never match (null equals nothing; NaN equals nothing
    /// either, and sorts with the nulls: sort-operator.md; the join docs are silent).
    func join(_ left: Table, _ right: Table, _ spec: JoinSpec) throws -> Table {
        let lb = left.singleBatch(), rb = right.singleBatch()
        func key(_ b: Batch, _ cols: [Int], _ r: Int) -> [Value]? {
            var k: [Value] = []
            k.reserveCapacity(cols.count)
            for c in cols {
                var v = b.columns[c].value(at: r)
                if orderRank(v) != 0 { return nil }
                if case .int(let x) = v { v = .long(Int64(x)) }
                k.append(v)
            }
            return k
        }
        var kind = spec.kind
        var leftRows = Array(0..<lb.count)
        if kind == .innerunique {
            // One left row per key (Kusto keeps an arbitrary one; Quarry the first), then inner.
            var seen = Set<[Value]>()
            leftRows = leftRows.filter { r in key(lb, spec.leftKeys, r).map { seen.insert($0).inserted } ?? false }
            kind = .inner
        }
        var index: [[Value]: [Int]] = [:]
        for r in 0..<rb.count { if let k = key(rb, spec.rightKeys, r) { index[k, default: []].append(r) } }

        // The output's size is known before it is built: reserve it (a key shared by 100,000 rows
        // on each side makes 10^10 rows — a clean error, not an allocation that aborts).
        if kind != .leftsemi && kind != .leftanti && kind != .rightsemi && kind != .rightanti {
            var pairs = kind == .rightouter || kind == .fullouter ? rb.count : 0
            for l in leftRows {
                let m = key(lb, spec.leftKeys, l).flatMap { index[$0]?.count } ?? 0
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
            let matches = key(lb, spec.leftKeys, l).flatMap { index[$0] } ?? []
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
        for (j, c) in lb.columns.enumerated() { cols.append(gatherOptional(c, li, type: left.schema.fields[j].type)) }
        for j in spec.rightOutput ?? Array(rb.columns.indices) { cols.append(gatherOptional(rb.columns[j], ri, type: right.schema.fields[j].type)) }
        return Table(schema: spec.schema, batches: n == 0 ? [] : [Batch(columns: cols, count: n)])
    }

    /// Rows at `indices`; nil picks a null (an outer join's missing side).
    private func gatherOptional(_ c: Column, _ indices: [Int?], type: KQLType) -> Column {
        if !indices.contains(where: { $0 == nil }) { return c.gather(indices.map { $0! }) }
        var b = ColumnBuilder(type: type, capacity: indices.count)
        for i in indices { if let i { b.append(c.value(at: i)) } else { b.appendNull() } }
        return b.finish()
    }

    /// One input group of a union, as the union's columns (a label column first for `withsource`).
    func unionBatches(_ group: [Batch], input k: Int, schema: Schema, inputColumns: [[Int?]], sourceLabels: [String]?) -> [Batch] {
        let offset = sourceLabels == nil ? 0 : 1
        return group.filter { $0.count > 0 }.map { b in
            var cols: [Column] = []
            if let labels = sourceLabels { cols.append(Column.repeating(.string(labels[k]), count: b.count, type: .string)) }
            for (i, src) in inputColumns[k].enumerated() {
                let type = schema.fields[i + offset].type
                if let src { cols.append(b.columns[src]) } else { cols.append(Column.repeating(.empty(type), count: b.count, type: type)) }
            }
            return Batch(columns: cols, count: b.count)
        }
    }
}
