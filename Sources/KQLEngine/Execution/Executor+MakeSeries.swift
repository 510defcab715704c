import KQLColumns

extension Executor {
    /// Per group, one accumulator per (aggregate, bin); bins without rows take the default.
    /// Rows whose axis value is null or outside [from, to) fall in no bin.
    ///
    /// The input is consumed as a stream (only the groups and their filled bins are kept). Memory
    /// is reserved from the query's budget before it is taken: the filled bins' accumulators as
    /// they appear, and every group's series (groups × bins × aggregates) before one is built,
    /// so a query asking for more series than the budget holds fails at once, naming make-series.
    func makeSeries(_ input: BatchStream, _ spec: LogicalPlan.MakeSeries) throws -> Table {
        let index = GroupKeyIndex(types: spec.keys.map { $0.expr.type })
        var cells: [Int: [Accumulator]] = [:]   // group * bins + bin
        let bins = spec.bins
        var held = 0
        defer { context.release(held) }
        func hold(_ bytes: Int, _ what: @autoclosure () -> String) throws {
            guard bytes > held else { return }
            try context.reserve(bytes - held, for: what())
            held = bytes
        }
        func bin(_ v: Value) -> Int? {
            let i: Int
            switch (v, spec.from, spec.step) {
            case (.datetime(let x), .datetime(let a), .timespan(let s)):
                guard x >= a else { return nil }
                i = Int((x - a) / s)
            default:
                guard let x = numericDouble(v), let a = numericDouble(spec.from), let s = numericDouble(spec.step), x >= a else { return nil }
                let d = ((x - a) / s).rounded(.down)
                guard d < Double(bins) else { return nil }   // also NaN; never converts a huge double
                i = Int(d)
            }
            return i < bins ? i : nil
        }
        if spec.keys.isEmpty { _ = index.groupIds([], rows: 0) }
        while let group = try input.next() {
          for b in group where b.count > 0 {
            let keyColumns = spec.keys.map { evaluate($0.expr, b).materialize(count: b.count, type: $0.expr.type) }
            let groups = index.groupIds(keyColumns, rows: b.count)
            let axis = evaluate(spec.axis, b)
            let args = spec.aggregates.map { a in a.args.map { evaluate($0, b) } }
            for r in 0..<b.count {
                guard let i = bin(axis.value(at: r)) else { continue }
                let key = Int(groups[r]) * bins + i
                let accs = cells[key] ?? spec.aggregates.map { $0.kind.makeAccumulator() }
                for (j, a) in accs.enumerated() { a.add(args[j].map { $0.value(at: r) }) }
                cells[key] = accs
            }
          }
            try hold(Self.makeSeriesStateBytes(groups: index.groupCount, keys: spec.keys.count, filledBins: cells.count, aggregates: spec.aggregates.count),
                     "make-series (\(index.groupCount) groups, \(cells.count) filled bins)")
        }
        let n = index.groupCount
        let filled = cells.keys.sorted()   // (group, bin) in order: each group's filled bins in a run
        // Groups without a filled bin share one all-default series (copy-on-write): only groups
        // with data take series of their own. Every series is reserved before the first is built.
        var groupsWithData = 0, lastGroup = -1
        for key in filled where bins > 0 && key / bins != lastGroup { groupsWithData += 1; lastGroup = key / bins }
        let series = Self.makeSeriesOutputBytes(groups: groupsWithData + 1, bins: bins, aggregates: spec.aggregates.count, filledBins: cells.count)
        let state = Self.makeSeriesStateBytes(groups: n, keys: spec.keys.count, filledBins: cells.count, aggregates: spec.aggregates.count)
        let (total, overflow) = state.addingReportingOverflow(series)
        try hold(overflow ? Int.max : total,
                 "make-series (\(n) groups × \(bins) bins × \(spec.aggregates.count) aggregates)")
        var columns = spec.keys.isEmpty ? [] : index.keyColumns()
        for (j, a) in spec.aggregates.enumerated() {
            var builder = ColumnBuilder(type: .dynamic, capacity: n)
            let fill = toDynamic(spec.defaults[j])   // one value shared by every empty bin
            let empty = [DynamicValue](repeating: fill, count: bins)
            var next = 0
            for g in 0..<n {
                if g % 1024 == 0 { try context.checkpoint() }
                var series = empty
                while bins > 0, next < filled.count, filled[next] / bins == g {
                    if let accs = cells[filled[next]] {
                        series[filled[next] % bins] = toDynamic(coerce(accs[j].result(), to: a.outputFields[0].type))
                    }
                    next += 1
                }
                builder.appendDynamic(.array(series))
            }
            columns.append(builder.finish())
        }
        let axisValues: [DynamicValue] = (0..<bins).map { i in
            switch (spec.from, spec.step) {
            case (.datetime(let a), .timespan(let s)): return toDynamic(datetimeOrNull(checkedMul(Int64(i), s).flatMap { checkedAdd(a, $0) }))
            default:
                let a = numericDouble(spec.from) ?? 0, s = numericDouble(spec.step) ?? 1
                if case .real = spec.from { return .real(a + Double(i) * s) }
                if case .real = spec.step { return .real(a + Double(i) * s) }
                guard let la = integerValue(spec.from), let ls = integerValue(spec.step),
                      let v = checkedMul(Int64(i), ls).flatMap({ checkedAdd(la, $0) }) else { return .null }   // past Int64: null
                return .long(v)
            }
        }
        columns.append(Column.repeating(.dynamic(.array(axisValues)), count: n, type: .dynamic))
        return Table(schema: spec.schema, batches: n == 0 ? [] : [Batch(columns: columns, count: n)])
    }

    /// Bytes of make-series' running state: the key index (per group) and the filled bins'
    /// accumulators (a dictionary entry and one object per aggregate).
    static func makeSeriesStateBytes(groups: Int, keys: Int, filledBins: Int, aggregates: Int) -> Int {
        let (g, o1) = groups.multipliedReportingOverflow(by: 16 * keys + 32)
        let (c, o2) = filledBins.multipliedReportingOverflow(by: 48 + 48 * aggregates)
        let (sum, o3) = g.addingReportingOverflow(c)
        return o1 || o2 || o3 ? Int.max : sum
    }

    /// Bytes of the output series: a slot per (group, bin, aggregate), plus a value of its own for
    /// each filled bin (empty bins share the default).
    static func makeSeriesOutputBytes(groups: Int, bins: Int, aggregates: Int, filledBins: Int) -> Int {
        let slot = MemoryLayout<DynamicValue>.stride
        let (cells, o1) = groups.multipliedReportingOverflow(by: bins)
        let (perAgg, o2) = cells.multipliedReportingOverflow(by: slot)
        let (slots, o3) = perAgg.multipliedReportingOverflow(by: max(1, aggregates))
        let (boxes, o4) = filledBins.multipliedReportingOverflow(by: 32 * max(1, aggregates))
        let (sum, o5) = slots.addingReportingOverflow(boxes)
        return o1 || o2 || o3 || o4 || o5 ? Int.max : sum
    }
}
