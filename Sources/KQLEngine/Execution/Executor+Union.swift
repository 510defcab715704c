import KQLColumns

extension Executor {
    /// `union`: each input's stream in turn, its batches rearranged to the union's columns.
    func unionStream(_ n: LogicalPlan.Union) -> BatchStream {
        var k = 0
        var current: BatchStream?
        return BatchStream {
            while k < n.inputs.count {
                if current == nil { current = try stream(n.inputs[k]) }
                if let group = try current?.next() {
                    return unionBatches(group, input: k, schema: n.schema, inputColumns: n.inputColumns, sourceLabels: n.sourceLabels)
                }
                current = nil
                k += 1
            }
            return nil
        }
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
