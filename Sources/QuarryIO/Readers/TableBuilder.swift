import KQLColumns

/// Collects the rows of one table from one or more files into batches of typed columns.
///
/// Columns are added as files reveal them (CSV header, JSON keys); each is typed from the
/// catalog form when the table is catalogued, otherwise its cells are kept raw and the type is
/// inferred once every file has been read (`finish`).
struct TableBuilder {
    let name: String
    private(set) var form: CatalogForm?
    private var formDecided = false
    let batchSize: Int
    var names: [String] = []
    var index: [String: Int] = [:]
    var sinks: [ColumnSink] = []
    /// Column names as UTF-8, for matching JSON keys without making Strings.
    var keyBytes: [[UInt8]] = []
    /// The slot of each key position in the previous JSON row (keys usually repeat in order).
    var lastKeyOrder: [Int] = []
    var batches: [(count: Int, columns: [BatchColumn])] = []
    /// Whether any file of the table was CSV: then columns keep header order, not catalog order.
    var sawCSV = false
    /// With a projection: the columns the read returns; others get skipping sinks.
    var wanted: Set<String>? = nil
    /// Rows in the current (unfinished) batch.
    private(set) var rowsInBatch = 0
    /// Rows appended in total.
    private(set) var totalRows = 0

    init(name: String, batchSize: Int) {
        self.name = name
        self.batchSize = max(1, batchSize)
    }

    /// Picks the catalog form from the first file's columns (once per table).
    mutating func decideForm<C: Collection>(columns: C) where C.Element == String {
        guard !formDecided else { return }
        formDecided = true
        form = SchemaCatalog.form(table: name, columns: columns)
    }

    /// The slot of a column, adding it (typed from the catalog, or pending) if new.
    mutating func column(named n: String, pending: SinkKind) -> Int {
        if let i = index[n] { return i }
        let kind: SinkKind = form.flatMap { SchemaCatalog.type(of: n, in: $0) }.map { .typed($0) } ?? pending
        var sink = ColumnSink(kind: kind, capacity: reserveRows)
        if let wanted, !wanted.contains(n) { sink.skip = true }
        for _ in 0..<rowsInBatch { sink.appendNull() }
        index[n] = sinks.count
        names.append(n)
        keyBytes.append(Array(n.utf8))
        sinks.append(sink)
        return sinks.count - 1
    }

    /// Rows each column reserves room for: a whole batch for ordinary tables, fewer when there
    /// are thousands of columns (100,000 columns × 65,536 rows reserved would exhaust memory
    /// and address-space mappings before a single row is read); columns still grow as needed.
    var reserveRows: Int {
        sinks.count <= 256 ? batchSize : max(16, min(batchSize, (1 << 22) / sinks.count))
    }

    /// Appends null to every column the current row did not fill, then ends the row.
    mutating func endRow(fillingMissing: Bool) {
        if fillingMissing {
            for j in sinks.indices where sinks[j].count == rowsInBatch { sinks[j].appendNull() }
        }
        rowsInBatch += 1
        totalRows += 1
        if rowsInBatch >= batchSize { flush() }
    }

    /// Drops the columns from slot `n` on (added by a row that was rolled back).
    mutating func removeColumns(from n: Int) {
        for name in names[n...] { index[name] = nil }
        names.removeLast(names.count - n)
        keyBytes.removeLast(keyBytes.count - n)
        sinks.removeLast(sinks.count - n)
        lastKeyOrder.removeAll()
    }

    /// Forgets whatever the current row appended so far.
    mutating func rollbackRow() {
        for j in sinks.indices { sinks[j].truncate(to: rowsInBatch) }
    }

    mutating func flush() {
        guard rowsInBatch > 0 else { return }
        var cols: [BatchColumn] = []
        cols.reserveCapacity(sinks.count)
        let reserve = reserveRows
        for j in sinks.indices { cols.append(sinks[j].finishBatch(capacity: reserve)) }
        batches.append((rowsInBatch, cols))
        rowsInBatch = 0
    }

    /// A builder with the same name, form and columns (same slots and kinds) but no rows and its
    /// own buffers: one per parallel piece of a file.
    func emptyCopy() -> TableBuilder {
        var c = TableBuilder(name: name, batchSize: batchSize)
        c.form = form
        c.formDecided = formDecided
        c.names = names
        c.index = index
        c.keyBytes = keyBytes
        c.sinks = sinks.map { s in
            var f = ColumnSink(kind: s.kind, capacity: reserveRows)
            f.skip = s.skip
            return f
        }
        c.wanted = wanted
        c.sawCSV = sawCSV
        return c
    }

    /// Appends finished batches (with this builder's columns) after the rows so far.
    mutating func adopt(_ more: [(count: Int, columns: [BatchColumn])]) {
        flush()
        for b in more { batches.append(b); totalRows += b.count }
    }

    /// Builds the table: infers pending column types, fills absent columns with nulls, and
    /// (with `orderByCatalog`, used for JSON sources) orders columns by the catalog form; columns
    /// the form does not list keep their first-seen order after the listed ones. Otherwise columns
    /// keep first-seen order (CSV header order).
    mutating func finish(orderByCatalog: Bool, inferred: inout [String: KQLType]) -> Table {
        flush()
        var fields: [Field] = []
        var order = Array(sinks.indices)
        if orderByCatalog, let form {
            order.sort { a, b in
                let pa = form.position(of: names[a]) ?? Int.max, pb = form.position(of: names[b]) ?? Int.max
                return pa != pb ? pa < pb : a < b
            }
        }
        var types: [KQLType] = []
        for j in sinks.indices {
            switch sinks[j].kind {
            case .typed(let t): types.append(t == .decimal ? .real : t)
            case .pendingText, .pendingJSON:
                var inf = TypeInference()
                for b in batches where j < b.columns.count {
                    switch b.columns[j] {
                    case .text(let s, let nulls): inf.observe(text: s, nulls: nulls)
                    case .json(let vs): for v in vs { inf.observe(json: v) }
                    case .typed, .absent: break
                    }
                }
                let t = inf.result
                types.append(t)
                inferred[names[j]] = t
            }
        }
        for j in order { fields.append(Field(names[j], types[j])) }
        var out: [Batch] = []
        out.reserveCapacity(batches.count)
        for b in batches {
            var cols: [Column] = []
            cols.reserveCapacity(order.count)
            for j in order {
                let t = types[j]
                switch j < b.columns.count ? b.columns[j] : .absent {
                case .typed(let c): cols.append(c)
                case .absent: cols.append(Column.repeating(Value.empty(t), count: b.count, type: t))
                case .text(let s, let nulls): cols.append(TypeInference.convert(text: s, nulls: nulls, to: t))
                case .json(let vs): cols.append(TypeInference.convert(json: vs, to: t))
                }
            }
            out.append(Batch(columns: cols, count: b.count))
        }
        batches = []
        return Table(schema: Schema(fields), batches: out)
    }
}
