import KQLColumns
import KQLSyntax

extension Executor {
    /// Per group, one accumulator per (aggregate, bin); bins without rows take the default.
    /// A series that is an expression over the aggregates (`sum(a) / count()`) is evaluated per
    /// bin with rows, on that bin's aggregate values (and the group's keys); bins without rows
    /// take the default without evaluating it.
    /// Rows whose axis value is null or outside [from, to) fall in no bin. A missing `from` or `to`
    /// is the first or last bin (as `bin()` bins) that any row falls in.
    ///
    /// The input is consumed as a stream (only the groups and their filled bins are kept). Memory
    /// is reserved from the query's budget before it is taken: the filled bins' accumulators as
    /// they appear, and every group's series (groups × bins × aggregates) before one is built,
    /// so a query asking for more series than the budget holds fails at once, naming make-series.
    func makeSeries(_ input: BatchStream, _ spec: LogicalPlan.MakeSeries) throws -> Table {
        let index = GroupKeyIndex(types: spec.keys.map { $0.expr.type })
        struct Cell: Hashable, Comparable {
            var group: Int, bin: Int64
            static func < (a: Cell, b: Cell) -> Bool { (a.group, a.bin) < (b.group, b.bin) }
        }
        var cells: [Cell: [Accumulator]] = [:]
        var held = 0
        defer { context.release(held) }
        func hold(_ bytes: Int, _ what: @autoclosure () -> String) throws {
            guard bytes > held else { return }
            try context.reserve(bytes - held, for: what())
            held = bytes
        }
        // Bins are counted from `origin`: `from`, or zero (bin()'s alignment) when from comes from the data.
        let origin: Value = spec.from ?? {
            switch spec.axis.type {
            case .datetime: return .datetime(0)
            case .real: return .real(0)
            default: return .long(0)
            }
        }()
        // The bins a row may fall in, from origin: [0, bins) with both bounds; a bound from the data is open.
        let lowest: Int64? = spec.from == nil ? nil : 0
        let highest: Int64? = spec.bins.map { Int64($0) } ?? spec.to.flatMap { to in
            switch (to, origin, spec.step) {
            case (.datetime(let b), .datetime(let a), .timespan(let st)):
                guard let d = checkedSub(b, a) else { return nil }
                return floorDiv(d, st) + (d % st == 0 ? 0 : 1)
            default:
                guard let b = numericDouble(to), let a = numericDouble(origin), let st = numericDouble(spec.step) else { return nil }
                let n = ((b - a) / st).rounded(.up)
                return n.isFinite && abs(n) < 1e15 ? Int64(n) : nil
            }
        }
        func bin(_ v: Value) -> Int64? {
            let i: Int64
            switch (v, origin, spec.step) {
            case (.datetime(let x), .datetime(let a), .timespan(let s)):
                guard let d = checkedSub(x, a) else { return nil }
                i = floorDiv(d, s)
            default:
                guard let x = numericDouble(v), let a = numericDouble(origin), let s = numericDouble(spec.step) else { return nil }
                let d = ((x - a) / s).rounded(.down)
                guard d.isFinite, abs(d) < 1e15 else { return nil }   // never converts a huge double
                i = Int64(d)
            }
            if let lowest, i < lowest { return nil }
            if let highest, i >= highest { return nil }
            return i
        }
        while let group = try input.next() {
          for b in group where b.count > 0 {
            let keyColumns = spec.keys.map { evaluate($0.expr, b).materialize(count: b.count, type: $0.expr.type) }
            let groups = index.groupIds(keyColumns, rows: b.count)
            let axis = evaluate(spec.axis, b)
            let args = spec.aggregates.map { a in a.args.map { evaluate($0, b) } }
            for r in 0..<b.count {
                guard let i = bin(axis.value(at: r)) else { continue }
                let key = Cell(group: Int(groups[r]), bin: i)
                let accs = cells[key] ?? spec.aggregates.map { $0.kind.makeAccumulator() }
                for (j, a) in accs.enumerated() { a.add(args[j].map { $0.value(at: r) }) }
                cells[key] = accs
            }
          }
            try hold(Self.makeSeriesStateBytes(groups: index.groupCount, keys: spec.keys.count, filledBins: cells.count, aggregates: spec.aggregates.count),
                     "make-series (\(index.groupCount) groups, \(cells.count) filled bins)")
        }
        // An empty input gives no rows, or with kind=nonempty (and no keys) one row of defaults.
        if spec.keys.isEmpty && spec.nonEmpty { _ = index.groupIds([], rows: 0) }
        // The range: the bounds given, else those of the filled bins.
        let first = lowest ?? cells.keys.lazy.map(\.bin).min() ?? 0
        let end = highest ?? cells.keys.lazy.map(\.bin).max().map { $0 + 1 } ?? first
        let span = end > first ? end - first : 0
        guard span <= Int64(LogicalPlan.MakeSeries.maxBins) else {
            throw Diagnostic(code: .invalidOperatorArgument, "make-series: the data spans \(span) bins of the step; at most \(LogicalPlan.MakeSeries.maxBins) are built (give from and to, or a larger step)", span: spec.span)
        }
        let bins = Int(span)
        let n = index.groupCount
        let filled = cells.keys.sorted()   // (group, bin) in order: each group's filled bins in a run
        // Groups without a filled bin share one all-default series (copy-on-write): only groups
        // with data take series of their own. Every series is reserved before the first is built.
        var groupsWithData = 0, lastGroup = -1
        for key in filled where key.group != lastGroup { groupsWithData += 1; lastGroup = key.group }
        // The expression series' values, one per filled bin (in `filled` order), are held until built.
        let expressions = spec.series.indices.filter { spec.seriesAggregate($0) == nil }
        let series = Self.makeSeriesOutputBytes(groups: groupsWithData + 1, bins: bins, aggregates: spec.series.count, filledBins: cells.count)
        let state = Self.makeSeriesStateBytes(groups: n, keys: spec.keys.count, filledBins: cells.count, aggregates: spec.aggregates.count)
        let (total, overflow) = state.addingReportingOverflow(series)
        let (evaluated, overflow2) = filled.count.multipliedReportingOverflow(by: expressions.count * MemoryLayout<DynamicValue>.stride)
        let (all, overflow3) = total.addingReportingOverflow(evaluated)
        try hold(overflow || overflow2 || overflow3 ? Int.max : all,
                 "make-series (\(n) groups × \(bins) bins × \(spec.series.count) aggregates)")
        var columns = spec.keys.isEmpty ? [] : index.keyColumns()
        let computed = try makeSeriesExpressions(spec, expressions, groups: expressions.isEmpty ? [] : filled.map(\.group), keyColumns: columns) { i, k in
            cells[filled[i]].map { $0[k].result() }
        }
        for (j, s) in spec.series.enumerated() {
            var builder = ColumnBuilder(type: .dynamic, capacity: n)
            let fill = toDynamic(spec.defaults[j])   // one value shared by every empty bin
            let empty = [DynamicValue](repeating: fill, count: bins)
            let aggregate = spec.seriesAggregate(j), values = computed[j]
            var next = 0
            for g in 0..<n {
                if g % 1024 == 0 { try context.checkpoint() }
                var series = empty
                while next < filled.count, filled[next].group == g {
                    if let k = aggregate {
                        if let accs = cells[filled[next]] {
                            series[Int(filled[next].bin - first)] = toDynamic(coerce(accs[k].result(), to: s.expr.type))
                        }
                    } else if let values {
                        series[Int(filled[next].bin - first)] = values[next]
                    }
                    next += 1
                }
                builder.appendDynamic(.array(series))
            }
            columns.append(builder.finish())
        }
        // The axis starts at origin + first × step.
        let start: Value
        switch (origin, spec.step) {
        case (.datetime(let a), .timespan(let s)): start = datetimeOrNull(checkedMul(first, s).flatMap { checkedAdd(a, $0) })
        case (.real(let a), _): start = .real(a + Double(first) * (numericDouble(spec.step) ?? 1))
        case (_, .real(let s)): start = .real((numericDouble(origin) ?? 0) + Double(first) * s)
        default: start = integerValue(origin).flatMap { a in integerValue(spec.step).flatMap { checkedMul(first, $0) }.flatMap { checkedAdd(a, $0) } }.map(Value.long) ?? .null(.long)
        }
        let axisValues: [DynamicValue] = (0..<bins).map { i in
            switch (start, spec.step) {
            case (.datetime(let a), .timespan(let s)): return toDynamic(datetimeOrNull(checkedMul(Int64(i), s).flatMap { checkedAdd(a, $0) }))
            default:
                let a = numericDouble(start) ?? 0, s = numericDouble(spec.step) ?? 1
                if case .real = start { return .real(a + Double(i) * s) }
                if case .real = spec.step { return .real(a + Double(i) * s) }
                guard let la = integerValue(start), let ls = integerValue(spec.step),
                      let v = checkedMul(Int64(i), ls).flatMap({ checkedAdd(la, $0) }) else { return .null }   // past Int64: null
                return .long(v)
            }
        }
        columns.append(Column.repeating(.dynamic(.array(axisValues)), count: n, type: .dynamic))
        return Table(schema: spec.schema, batches: n == 0 ? [] : [Batch(columns: columns, count: n)])
    }

    /// The values of the series that are expressions (by series index), one per filled bin in
    /// `filled` order: each evaluated over rows of (the bin's group keys, its aggregates' values),
    /// a chunk of filled bins at a time. Aggregates no expression reads are left null.
    private func makeSeriesExpressions(_ spec: LogicalPlan.MakeSeries, _ expressions: [Int], groups: [Int], keyColumns: [Column],
                                       result: (_ bin: Int, _ aggregate: Int) -> Value?) throws -> [Int: [DynamicValue]] {
        guard !expressions.isEmpty else { return [:] }
        var read = Set<Int>()
        for j in expressions { read.formUnion(spec.series[j].expr.columnsUsed) }
        var out = [Int: [DynamicValue]]()
        for j in expressions { var values: [DynamicValue] = []; values.reserveCapacity(groups.count); out[j] = values }
        let chunk = 4096
        var start = 0
        while start < groups.count {
            try context.checkpoint()
            let end = min(start + chunk, groups.count), count = end - start
            var columns = keyColumns.enumerated().map { k, c in
                read.contains(k) ? c.gather(Array(groups[start..<end])) : Column.repeating(.null(c.type), count: count, type: c.type)
            }
            for (k, a) in spec.aggregates.enumerated() {
                let type = a.outputFields[0].type
                guard read.contains(spec.keys.count + k) else { columns.append(Column.repeating(.null(type), count: count, type: type)); continue }
                var b = ColumnBuilder(type: type, capacity: count)
                for i in start..<end { b.append(result(i, k).map { coerce($0, to: type) } ?? .null(type)) }
                columns.append(b.finish())
            }
            let batch = Batch(columns: columns, count: count)
            for j in expressions {
                let e = spec.series[j].expr
                let d = evaluate(e, batch)
                for r in 0..<count { out[j, default: []].append(toDynamic(coerce(d.value(at: r), to: e.type))) }
            }
            start = end
        }
        return out
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
