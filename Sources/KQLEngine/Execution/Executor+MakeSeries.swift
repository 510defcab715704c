import KQLColumns

extension Executor {
    /// Per group, one accumulator per (aggregate, bin); bins without rows take the default.
    /// Rows whose axis value is null or outside [from, to) fall in no bin.
    func makeSeries(_ t: Table, _ spec: MakeSeriesSpec) -> Table {
        let index = GroupKeyIndex(types: spec.keys.map { $0.expr.type })
        var cells: [Int: [Accumulator]] = [:]   // group * bins + bin
        let bins = spec.bins
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
        for b in t.batches where b.count > 0 {
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
        let n = index.groupCount
        var columns = spec.keys.isEmpty ? [] : index.keyColumns()
        for (j, a) in spec.aggregates.enumerated() {
            var builder = ColumnBuilder(type: .dynamic, capacity: n)
            for g in 0..<n {
                let series: [DynamicValue] = (0..<bins).map { i in
                    toDynamic(cells[g * bins + i].map { coerce($0[j].result(), to: a.outputFields[0].type) } ?? spec.defaults[j])
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
}
