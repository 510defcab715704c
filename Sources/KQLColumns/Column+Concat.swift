extension Column {
    /// Appends the rows of several columns of one type into one column.
    public static func concat(_ parts: [Column], type: KQLType) -> Column {
        if parts.count == 1 { return parts[0] }
        var b = ColumnBuilder(type: type, capacity: parts.reduce(0) { $0 + $1.count })
        for p in parts {
            if case .string(let s) = p.plain.storage, type == .string {
                for i in 0..<s.count { s.withBytes(i) { b.appendString(bytes: $0) } }
                continue
            }
            for i in 0..<p.count { b.append(p.value(at: i)) }
        }
        return b.finish()
    }
}

extension Table {
    /// All rows in one batch (for operators that need the whole input: sort, top).
    public func singleBatch() -> Batch {
        if batches.count == 1 { return batches[0] }
        let cols = schema.fields.indices.map { j in Column.concat(batches.map { $0.columns[j] }, type: schema.fields[j].type) }
        return Batch(columns: cols, count: rowCount)
    }
}
