import KQLColumns

extension Executor {
    /// `parse` / `parse-where`, group by group as the input streams.
    func parseStream(_ n: LogicalPlan.Parse) throws -> BatchStream {
        let source = try stream(n.input)
        let inSchema = n.input.schema
        return BatchStream {
            guard let group = try source.next() else { return nil }
            return parse(Table(schema: inSchema, batches: group), n).batches
        }
    }

    /// Matches the pattern's regex per row; captures convert to the column types. A row that
    /// does not match (or whose capture does not convert) gets nulls, or is dropped by parse-where.
    func parse(_ t: Table, _ spec: LogicalPlan.Parse) -> Table {
        var out: [Batch] = []
        for b in t.batches where b.count > 0 {
            let src = evaluate(spec.source, b)
            var builders = spec.columns.map { ColumnBuilder(type: $0.type, capacity: b.count) }
            var kept: [Int] = []
            for r in 0..<b.count {
                let text = Array(kqlString(src.value(at: r)).utf8)
                var values: [Value]? = nil
                text.withUnsafeBufferPointer { buf in
                    guard let m = spec.regex.firstMatch(buf) else { return }
                    var vs: [Value] = []
                    for c in spec.columns {
                        // Typed columns ignore surrounding whitespace: the doc's flags=s example reads
                        // "08:40:01\n" (a lazy group up to a newline) as a datetime.
                        let range = m[c.group].map { c.type == .string ? $0 : trimmedASCIIWhitespace($0, buf) }
                        let piece = range.map { String(decoding: buf[$0], as: UTF8.self) } ?? ""
                        let v = c.type == .string ? .string(piece) : convertExtracted(piece, to: c.type)
                        // Strict modes fail the row; relaxed mode leaves the column null.
                        if v.isNull && c.type != .string && !spec.relaxed { return }
                        vs.append(v)
                    }
                    values = vs
                }
                if let values {
                    kept.append(r)
                    for (j, v) in values.enumerated() { builders[j].append(v) }
                } else if !spec.dropUnmatched {
                    kept.append(r)
                    for j in builders.indices { builders[j].appendNull() }
                }
            }
            if kept.isEmpty { continue }
            var cols = kept.count == b.count ? b.columns : b.columns.map { $0.gather(kept) }
            while cols.count < spec.schema.fields.count { cols.append(Column.repeating(.null(.long), count: kept.count, type: .long)) }
            for (j, c) in spec.columns.enumerated() { cols[c.output] = builders[j].finish() }
            out.append(Batch(columns: cols, count: kept.count))
        }
        return Table(schema: spec.schema, batches: out)
    }
}

/// `r` without leading and trailing spaces, tabs, CRs and LFs.
func trimmedASCIIWhitespace(_ r: Range<Int>, _ buf: UnsafeBufferPointer<UInt8>) -> Range<Int> {
    func space(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
    var lo = r.lowerBound, hi = r.upperBound
    while lo < hi, space(buf[lo]) { lo += 1 }
    while hi > lo, space(buf[hi - 1]) { hi -= 1 }
    return lo..<hi
}
