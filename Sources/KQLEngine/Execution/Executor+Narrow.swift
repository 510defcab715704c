import KQLColumns

extension Executor {
    /// `narrow()`, batch by batch: rows numbered across the whole input, cells in column order.
    func narrowStream(_ n: LogicalPlan.Narrow) throws -> BatchStream {
        let source = try stream(n.input)
        let names = n.input.schema.names
        var next: Int64 = 0
        return BatchStream {
            guard let group = try source.next() else { return nil }
            var out: [Batch] = []
            for b in group where b.count > 0 {
                var rows = ColumnBuilder(type: .long, capacity: b.count * names.count)
                var columns = ColumnBuilder(type: .string, capacity: b.count * names.count)
                var values = ColumnBuilder(type: .string, capacity: b.count * names.count)
                for r in 0..<b.count {
                    for (c, name) in names.enumerated() {
                        rows.appendLong(next)
                        columns.appendString(name)
                        values.appendString(narrowString(b.columns[c].value(at: r)))
                    }
                    next += 1
                }
                if !names.isEmpty {
                    out.append(Batch(columns: [rows.finish(), columns.finish(), values.finish()], count: b.count * names.count))
                }
            }
            return out
        }
    }
}

/// A cell as narrow() prints it: bools as `True`/`False`, datetimes as `yyyy-MM-dd HH:mm:ss.fffffff`
/// (the doc's example), the rest as tostring() does.
func narrowString(_ v: Value) -> String {
    switch v {
    case .bool(let b): return b ? "True" : "False"
    case .datetime(let t):
        var s = DateTime.format(t)
        if s.hasSuffix("Z") { s.removeLast() }
        return s.replacingOccurrences(of: "T", with: " ")
    default: return kqlString(v)
    }
}
