import KQLColumns

/// Projection, predicates and cheap schemas.
///
/// - Projection: CSV fields not requested are delimited (quotes honoured) but never decoded or
///   typed; JSON files are read whole and projected afterwards.
/// - Predicates (CSV): tested on the raw, unescaped field before any column value of the row is
///   built. Supported: string `==`/`!=` on string columns; all comparisons on int/long/real
///   columns with a numeric value, and on datetime columns with a datetime value. Others are
///   ignored (the engine applies every predicate anyway). A field that does not parse as its
///   type never drops a row. Predicates are used only when every column of the table is typed
///   by the catalog: a dropped row would otherwise not vote in type inference.
/// - Bad input: structural errors (broken quotes, wrong field count) are always detected, in
///   every CSV row. Values are type-checked in the rows and columns the read returns: a bad value
///   in a column that is not requested, or in a row a predicate drops (its values are never
///   decoded), cannot change the answer and is not seen. With `skipBadRows`, dropped rows are
///   type-checked too, so the count of skipped rows equals a full read's.
extension TableReader {
    /// Bytes of each file that `schema` reads.
    static let schemaProbeBytes = 1 << 20

    /// The schema `read` would produce, from the beginning of the file(s) only: the CSV header or
    /// the first records, typed by the catalog.
    ///
    /// Exact for catalogued columns and for column order. Columns the catalog does not type
    /// (generic CSV, unknown JSON keys) take the type inferred from the first MiB of each file
    /// (cut at a line end; bad rows there are ignored); a later value that contradicts it makes
    /// `read` infer a wider type (e.g. string instead of long). The whole input is read instead
    /// (exact, but not cheap) when a file's first MiB holds no complete line (a single-line JSON
    /// document), when the probe skipped more than the one record the cut may break
    /// (pretty-printed JSON), or when it found no column.
    public static func schema(path: String, tableName: String?, options: ReadOptions) throws -> Schema {
        try schema(paths: [path], tableName: tableName, options: options)
    }

    /// The same over several paths holding one table.
    public static func schema(paths: [String], tableName: String?, options: ReadOptions) throws -> Schema {
        var o = options
        o.skipBadRows = true
        o.workers = 1
        // The probe's last record may be cut (one skipped row per file); more skipped rows or no
        // columns mean the beginning is not a run of whole records (pretty-printed JSON): read all.
        if let (probe, r) = try? readTable(paths: paths, tableName: tableName, options: o, scan: .all, probeBytes: schemaProbeBytes),
           !probe.schema.fields.isEmpty, r.skippedRows.values.allSatisfy({ $0 <= 1 }) {
            return probe.schema
        }
        // Bad values do not change a schema (catalog types are fixed; `FileTable` infers the
        // others exactly): skip them here, so a bad value in a column no query reads is not an error.
        o.workers = options.workers
        return try readTable(paths: paths, tableName: tableName, options: o, scan: .all, probeBytes: nil).0.schema
    }

    /// Calls `body` with the whole file, or with its first `probeBytes` cut after a line end.
    static func withExtent<R>(_ bytes: UnsafeBufferPointer<UInt8>, probeBytes: Int?,
                              _ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        guard let probeBytes, probeBytes < bytes.count else { return try body(bytes) }
        var cut = probeBytes
        while cut > 0, bytes[cut - 1] != 0x0A { cut -= 1 }
        // No line end in the prefix: the probe cannot stand for the file, and a 1 GB line must
        // not be parsed to sniff a schema; the caller reads the file properly instead.
        if cut == 0 {
            throw ReadError(file: "", line: 0, column: 0, message: "no line end in the first \(probeBytes) bytes")
        }
        return try body(UnsafeBufferPointer(rebasing: bytes[0..<cut]))
    }

    /// The table's columns in the order `columns` names them (nil = unchanged).
    static func project(_ table: Table, _ columns: [String]?, path: String) throws -> Table {
        guard let columns else { return table }
        var picks: [Int] = []
        var slot: [String: Int] = [:]   // not schema.index(of:), linear: 200,000 columns happen
        for (j, f) in table.schema.fields.enumerated() where slot[f.name] == nil { slot[f.name] = j }
        for c in columns {
            guard let j = slot[c] else {
                throw ReadError(file: path, line: 0, column: 0, message: "no column named \(c)")
            }
            picks.append(j)
        }
        if picks == Array(table.schema.fields.indices) { return table }
        let schema = Schema(picks.map { table.schema.fields[$0] })
        let batches = table.batches.map { b in Batch(columns: picks.map { b.columns[$0] }, count: b.count) }
        return Table(schema: schema, batches: batches)
    }
}
