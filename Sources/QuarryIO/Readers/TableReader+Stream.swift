import Foundation
import KQLColumns

/// Streaming reads: batches handed on as the file is parsed, not after it.
///
/// `TableReader.stream` reads plain CSV files (and JSON Lines files, see `JSONLinesRounds`)
/// round by round: each `next()` parses one round of pieces — in parallel, one piece per worker
/// — and returns its batches, with the requested columns typed as the caller's schema says. The
/// first rounds are small (`ReadOptions.firstPieceBytes`, doubling up to `pieceBytes`), so the
/// first rows come after a few hundred KiB, and a consumer that stops pulling (`take`) stops the
/// reading: the rest of the file is never parsed (nor, being mapped, read). Parsed ranges are
/// released from the mapping after each round, so resident memory is bounded by a round.
///
/// Errors and skip counts are those of a whole-file read of the same columns (the same parser,
/// the same cuts, errors located against the whole file), except that rows of the rounds before
/// a bad row have already been returned when it is reached.
///
/// Not streamed (`stream` returns nil; the caller reads the table whole): gzip files (inflated
/// whole in memory), JSON that is not one object per line (arrays, envelopes, pretty-printed
/// records), JSON Lines whose records route to several tables or add columns after the first
/// 64 KiB, FIFOs and other streams.
public final class TableStream {
    /// The requested columns, with the types the caller declared.
    public let schema: Schema
    /// Files opened, rows returned and skipped so far (complete once `next()` has returned nil).
    public private(set) var report = ReadReport()
    /// Bytes of the input parsed so far (a stopped stream has not parsed the rest).
    public private(set) var bytesParsed = 0

    private let options: ReadOptions
    private let scan: ScanSpec
    private var files: [(path: String, mapped: MappedFile, json: JSONLinesRounds?)]
    private var builder: TableBuilder
    private var csv: CSVRounds? = nil
    private var json: JSONLinesRounds? = nil
    private var currentBase = 0

    init(schema: Schema, options: ReadOptions, scan: ScanSpec, hint: String,
         files: [(path: String, mapped: MappedFile, json: JSONLinesRounds?)]) {
        self.schema = schema
        self.options = options
        self.scan = scan
        self.files = files
        builder = TableBuilder(name: hint, batchSize: options.batchSize)
    }

    /// The next group of batches (possibly empty when a round kept no row), or nil at the end.
    public func next() throws -> [Batch]? {
        while true {
            if var r = csv {
                csv = nil   // one owner of the rounds' buffers while they are parsed
                if let round = try r.next() {
                    bytesParsed = currentBase + r.roundStart
                    report.rows += round.rows
                    if round.skipped > 0 { report.skippedRows[r.file, default: 0] += round.skipped }
                    csv = r
                    return try convert(round.batches, builder: builder)
                }
                bytesParsed = currentBase + r.bytes.count
                continue
            }
            if var r = json {
                json = nil
                if let round = try r.next() {
                    bytesParsed = currentBase + r.roundStart
                    report.rows += round.rows
                    json = r
                    var out: [Batch] = []
                    for g in round.groups { out += try convert(g.batches, builder: g.builder) }
                    return out
                }
                bytesParsed = currentBase + r.bytes.count
                for (name, n) in r.ignored.sorted(by: { $0.key < $1.key }) {
                    report.warnings.append("ignored \(n) rows of table \(name) (read \(r.table))")
                }
                continue
            }
            guard !files.isEmpty else { return nil }
            let f = files.removeFirst()
            currentBase = bytesParsed
            report.files.append(f.path)
            if let j = f.json {
                json = j
            } else {
                csv = try CSVReader.open(bytes: f.mapped.bytes, file: f.path, into: &builder, options: options,
                                         report: &report, scan: scan, mapped: f.mapped,
                                         firstPieceBytes: options.firstPieceBytes)
                if csv == nil { bytesParsed = currentBase + f.mapped.count }
            }
        }
    }

    /// The requested columns of each batch, in the requested order, with the declared types.
    /// Columns a file lacks are null (as in a whole read); raw text of columns the catalog does
    /// not type is converted to the declared type (which the caller inferred from every value).
    private func convert(_ batches: [(count: Int, columns: [BatchColumn])], builder: TableBuilder) throws -> [Batch] {
        var out: [Batch] = []
        out.reserveCapacity(batches.count)
        for b in batches {
            var cols: [Column] = []
            cols.reserveCapacity(schema.fields.count)
            for field in schema.fields {
                let t = field.type
                let slot = builder.index[field.name]
                switch slot.flatMap({ $0 < b.columns.count ? b.columns[$0] : nil }) ?? .absent {
                case .typed(let c):
                    guard c.type == t else {
                        throw ReadError(file: report.files.last ?? "", line: 0, column: 0,
                                        message: "column \(field.name) reads as \(c.type.rawValue), not \(t.rawValue) as its schema says")
                    }
                    cols.append(c)
                case .absent: cols.append(Column.repeating(Value.empty(t), count: b.count, type: t))
                case .text(let s, let nulls): cols.append(TypeInference.convert(text: s, nulls: nulls, to: t))
                case .json(let vs): cols.append(TypeInference.convert(json: vs, to: t))
                }
            }
            out.append(Batch(columns: cols, count: b.count))
        }
        return out
    }
}

extension TableReader {
    /// A stream of the table's rows, or nil when its files cannot be streamed (see `TableStream`);
    /// the caller then reads them whole (`read`).
    ///
    /// `schema` is the table's schema as the caller knows it (from `schema(paths:…)`, with the
    /// types of columns the catalog does not type inferred from a whole read of those columns):
    /// batches carry `columns` (nil = all of `schema`) with those types. Predicates as in `read`.
    /// Nothing but the files' first bytes is read here.
    public static func stream(paths: [String], tableName: String?, options: ReadOptions, schema: Schema,
                              columns: [String]?, predicates: [ScanPredicate]) throws -> TableStream? {
        var report = ReadReport()
        var list: [String] = []
        for p in paths { list += try listFiles(p, report: &report) }
        guard report.warnings.isEmpty else { return nil }   // skipped entries: warned about by a whole read
        let path = paths.first ?? "."
        let requested = tableName ?? options.tableName
        let hint = requested.map { SchemaCatalog.canonicalName($0) ?? $0 }
            ?? SchemaCatalog.table(fromPathComponent: (path as NSString).lastPathComponent)
            ?? defaultName(path)
        let names = columns ?? schema.names
        let scan = ScanSpec(columns: names, predicates: predicates)
        var files: [(path: String, mapped: MappedFile, json: JSONLinesRounds?)] = []
        var sawCSV = false
        for f in list {
            guard nonRegularKind(f) == nil else { return nil }
            let mapped = try MappedFile(path: f)
            let bytes = mapped.bytes
            guard !Gzip.isGzip(bytes) else { return nil }
            switch detectFormat(UnsafeBufferPointer(rebasing: bytes[0..<min(bytes.count, 1 << 16)])) {
            case .csv:
                sawCSV = true
                files.append((f, mapped, nil))
            case .json:
                guard let j = JSONLinesRounds(mapped: mapped, file: f, table: hint, options: options, scan: scan) else { return nil }
                files.append((f, mapped, j))
            }
        }
        // CSV and JSON files mixed in one table: read whole (rare; the whole read merges their forms).
        if sawCSV, files.contains(where: { $0.json != nil }) { return nil }
        var fields: [Field] = []
        for n in names {
            guard let i = schema.index(of: n) else {
                throw ReadError(file: path, line: 0, column: 0, message: "no column named \(n)")
            }
            fields.append(schema.fields[i])
        }
        return TableStream(schema: Schema(fields), options: options, scan: scan,
                           hint: hint, files: files)
    }
}
