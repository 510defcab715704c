import KQLColumns

extension Executor {
    /// Output rows per batch mv-expand emits: one input row may expand to any number of rows, so
    /// the expansion is produced in pieces as it is pulled (a `count` or `take` after it holds one
    /// piece at a time, never the whole expansion).
    static let mvExpandBatchRows = 65_536

    /// One output row per position of the longest expanded array of each input row (shorter ones
    /// give null there); a non-array value counts as a one-element array; a null gives one row (null)
    /// and an empty array or bag none (mv-expand-operator.md). Bags expand to one `{key: value}` bag
    /// (or `[key, value]`) per property. Rows come out in input order, in batches of at most
    /// `batchRows` rows, produced as they are pulled.
    func mvExpandStream(_ source: BatchStream, _ spec: LogicalPlan.MvExpand, batchRows: Int = Executor.mvExpandBatchRows) -> BatchStream {
        let cursor = MvExpandCursor(source: source, spec: spec, batchRows: max(1, batchRows))
        return BatchStream { try cursor.nextGroup() }
    }
}

/// A dynamic element cast to the `to typeof(T)` type: a cast, not a conversion — an element
/// of another type becomes null (mv-expand-operator.md); integers widen to real.
func convertDynamic(_ d: DynamicValue, to type: KQLType) -> Value {
    switch (type, d) {
    case (.string, .string(let s)): return .string(s)
    case (.long, .long(let x)): return .long(x)
    case (.int, .long(let x)): return Int32(exactly: x).map(Value.int) ?? .null(.int)
    case (.real, .real(let x)): return .real(x)
    case (.real, .long(let x)): return .real(Double(x))
    case (.bool, .bool(let b)): return .bool(b)
    case (.datetime, .datetime(let t)): return .datetime(t)
    case (.timespan, .timespan(let t)): return .timespan(t)
    case (.guid, .guid(let g)): return .guid(g)
    case (.dynamic, _): return .dynamic(d)
    default: return .empty(type)
    }
}

/// mv-expand's position in its input: the batch being expanded (its expanded expressions evaluated
/// once), the row, and how many of that row's elements were already emitted.
final class MvExpandCursor {
    let source: BatchStream
    let spec: LogicalPlan.MvExpand
    let batchRows: Int
    private var pending: [Batch] = []
    private var batch: Batch?
    private var data: [Datum] = []
    private var row = 0
    /// The current row's element lists and their expanded length (nil: not yet computed).
    private var lists: [[DynamicValue]] = []
    private var rowLength: Int?
    private var position = 0
    private var exhausted = false

    init(source: BatchStream, spec: LogicalPlan.MvExpand, batchRows: Int) {
        self.source = source; self.spec = spec; self.batchRows = batchRows
    }

    /// The next group of output batches (at most `batchRows` rows in all), or nil at the end.
    func nextGroup() throws -> [Batch]? {
        var out: [Batch] = []
        var room = batchRows
        while room > 0 {
            guard let b = try currentBatch() else { break }
            if let piece = expand(b, upTo: room) {
                room -= piece.count
                out.append(piece)
            }
        }
        return out.isEmpty ? nil : out
    }

    /// The batch being expanded, moving to the next non-empty input batch when the current one is done.
    private func currentBatch() throws -> Batch? {
        if let b = batch, row < b.count { return b }
        batch = nil
        while true {
            if pending.isEmpty {
                if exhausted { return nil }
                guard let group = try source.next() else { exhausted = true; return nil }
                pending = group.filter { $0.count > 0 }.reversed()
                continue
            }
            let b = pending.removeLast()
            batch = b
            data = spec.items.map { evaluate($0.expr, b) }
            row = 0; rowLength = nil; position = 0
            return b
        }
    }

    private func elementLists(_ r: Int) -> [[DynamicValue]] {
        data.map { d in
            guard case .dynamic(let v) = d.value(at: r) else { return [.null] }   // a typed null
            switch v {
            case .array(let a): return a
            case .object(let bag):
                return zip(bag.keys, bag.values).map { k, v in
                    spec.bagAsArray ? .array([.string(k), v]) : .object(PropertyBag(uniqueKeys: [k], values: [v]))
                }
            default: return [v]   // null included: one record holding null
            }
        }
    }

    /// Up to `room` output rows from the current batch, continuing where the last piece stopped.
    private func expand(_ b: Batch, upTo room: Int) -> Batch? {
        var sourceRows: [Int] = []
        var positions: [Int] = []
        var elements: [[DynamicValue?]] = spec.items.map { _ in [] }
        while row < b.count, sourceRows.count < room {
            if rowLength == nil {
                lists = elementLists(row)
                var n = lists.map(\.count).max() ?? 0
                if let limit = spec.limit { n = min(n, max(0, limit)) }
                rowLength = n
                position = 0
            }
            let n = rowLength ?? 0
            let take = min(n - position, room - sourceRows.count)
            if take > 0 {
                for k in position..<(position + take) {
                    sourceRows.append(row)
                    positions.append(k)
                    for (j, l) in lists.enumerated() { elements[j].append(k < l.count ? l[k] : nil) }
                }
                position += take
            }
            if position >= n { row += 1; rowLength = nil; lists = [] }
        }
        if sourceRows.isEmpty { return nil }
        var cols: [Column] = b.columns.map { $0.gather(sourceRows) }
        while cols.count < spec.schema.fields.count { cols.append(Column.repeating(.null(.long), count: sourceRows.count, type: .long)) }
        for (j, item) in spec.items.enumerated() {
            var builder = ColumnBuilder(type: item.type, capacity: sourceRows.count)
            for e in elements[j] {
                guard let e else { builder.appendNull(); continue }
                builder.append(item.type == .dynamic ? .dynamic(e) : convertDynamic(e, to: item.type))
            }
            cols[item.output] = builder.finish()
        }
        if let ic = spec.itemIndexColumn { cols[ic] = Column(.long(positions.map(Int64.init))) }
        return Batch(columns: cols, count: sourceRows.count)
    }
}
