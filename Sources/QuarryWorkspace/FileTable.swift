import Foundation
import KQLColumns
import KQLEngine
import QuarryIO

/// A table bound to files (a `--table` path, or the entries of a `--data` folder bound to one
/// name), opened only when a query uses it: nothing is read until the binder asks for its
/// schema, and rows only when it is scanned.
///
/// The schema comes from a bounded probe (`TableReader.schema`). Columns the catalog does not
/// type are extra columns of the table: their types are inferred from all of their values by
/// one read of just those columns (a value in another column is never converted by it), and
/// reported once, when the query first scans the table (a table the query names but never
/// reads — in a comment, a branch the optimizer removed — says nothing). Scans then read only the requested columns, as a stream (`TableReader.stream`:
/// plain CSV and JSON Lines files hand on batches as they are parsed, so `take` stops the
/// reading; gzip files and JSON arrays are read whole). With --skip-bad-rows the table is
/// read whole once, so which rows are skipped never depends on the columns a query uses.
///
/// Read notes (skipped rows, warnings, inferred columns) go to `log`, one line each.
/// `signature` is what the files were when the table was bound: `Workspace` keeps the table
/// (its probed schema and inferred types) while `isCurrent` holds.
public final class FileTable: TableProvider, @unchecked Sendable {
    public let name: String
    public let paths: [String]
    public let options: ReadOptions
    public let signature: FileSignature
    let log: @Sendable (String) -> Void
    private let lock = NSLock()
    private var state: Result<TableSource, Error>? = nil
    /// What opening the table read (inferred types, skipped rows), noted at the first scan.
    private var pendingReport: ReadReport? = nil

    /// When set, the first scan reads the whole table into memory and later scans are served
    /// from it, if it fits what is left of the budget (else scans read the files as usual).
    let rowBudget: RowBudget?
    private let rowsLock = NSLock()
    private var rows: (table: Table, bytes: Int)? = nil
    private var rowsTried = false
    /// Set when opening read every row already (no catalog-typed column, --skip-bad-rows, a pipe);
    /// `openReadUncounted` until a scan has counted that read as its read from the files.
    private var openedWhole = false
    private var openReadUncounted = false
    private var tally = ScanTally()

    public init(name: String, paths: [String], options: ReadOptions, rowBudget: RowBudget? = nil,
                log: @escaping @Sendable (String) -> Void) {
        self.name = name; self.paths = paths; self.options = options; self.rowBudget = rowBudget; self.log = log
        self.signature = FileSignature(paths: paths)
    }

    deinit {
        if let rows { rowBudget?.release(rows.bytes) }
    }

    /// Whether the table's rows are held in memory (a scan has read them under a `RowBudget`).
    public var holdsRows: Bool { rowsLock.withLock { rows != nil } }

    /// How this table's scans were served so far: from its files, or from rows in memory.
    public var scans: ScanTally { rowsLock.withLock { tally } }

    /// Whether the files are as they were when this table was bound (same files, sizes, mtimes).
    public var isCurrent: Bool { FileSignature(paths: paths) == signature }

    /// The schema, reading the probe on first use. A table that cannot be opened shows no
    /// columns here; its scan (or `open()`) reports why.
    public var schema: Schema { (try? open().schema) ?? Schema([]) }

    public func scan(_ request: ScanRequest) throws -> BatchStream {
        let source = try open()
        lock.lock()
        let report = pendingReport
        pendingReport = nil
        lock.unlock()
        if let report { for line in report.notes(table: name) { log(line) } }
        if let table = try keptRows(source) {
            return BatchStream.of(try Self.selecting(table, request.columns, source.schema))
        }
        let fromMemory = servedFromOpening()
        rowsLock.withLock { if fromMemory { tally.fromMemory += 1 } else { tally.fromFiles += 1 } }
        return try source.scan(request)
    }

    /// The rows held in memory, read on the first scan when a budget allows it.
    private func keptRows(_ source: TableSource) throws -> Table? {
        guard let budget = rowBudget else { return nil }
        rowsLock.lock()
        defer { rowsLock.unlock() }
        if let rows {
            tally.fromMemory += 1
            return rows.table
        }
        if rowsTried { return nil }
        rowsTried = true
        // A table larger than the whole budget is never read whole (its files would fit no better).
        let fileBytes = signature.totalBytes
        guard fileBytes <= budget.limit else { return nil }
        let table = try source.load()
        let bytes = table.batches.reduce(0) { $0 + $1.approximateBytes }
        guard budget.reserve(bytes) else { return nil }
        rows = (table, bytes)
        if servedFromOpening() { tally.fromMemory += 1 } else { tally.fromFiles += 1 }
        return table
    }

    /// Whether a scan's rows are those opening read whole, read by an earlier scan's query: the
    /// first scan after such an opening counts as the read from the files (its query opened it).
    private func servedFromOpening() -> Bool {
        lock.withLock {
            defer { openReadUncounted = false }
            return openedWhole && !openReadUncounted
        }
    }

    /// Opens the table once (thread-safe); later calls return the same source or error.
    @discardableResult
    public func open() throws -> TableSource {
        lock.lock()
        defer { lock.unlock() }
        if let state { return try state.get() }
        let r = Result { try makeSource() }
        state = r
        return try r.get()
    }

    private func read(columns: [String]?, predicates: [ScanPredicate] = []) throws -> (Table, ReadReport) {
        try TableReader.read(paths: paths, tableName: name, options: options, columns: columns, predicates: predicates)
    }

    private func makeSource() throws -> TableSource {
        // A pipe or other stream can be read once only: read it whole now.
        if options.skipBadRows || paths.contains(where: { !Self.isRegularOrDirectory($0) }) {
            let (t, report) = try read(columns: nil)
            pendingReport = report
            openedWhole = true
            openReadUncounted = true
            return TableSource(t)
        }
        var schema = try TableReader.schema(paths: paths, tableName: name, options: options)
        let form = SchemaCatalog.form(table: name, columns: schema.names)
        let extra = schema.names.filter { n in form.flatMap { SchemaCatalog.type(of: n, in: $0) } == nil }
        if !extra.isEmpty {
            // Exact types for the extra columns, from every value of theirs (the probe saw a prefix).
            let (t, report) = try read(columns: extra)
            pendingReport = report
            // Nothing typed by the catalog: this read is the table (no value can fail to convert).
            if extra.count == schema.fields.count {
                openedWhole = true
            openReadUncounted = true
                return TableSource(t)
            }
            var inferred: [String: KQLType] = [:]
            for f in t.schema.fields { inferred[f.name] = f.type }
            schema = Schema(schema.fields.map { f in inferred[f.name].map { Field(f.name, $0) } ?? f })
        }
        let extraSet = Set(extra)
        // The closures capture values, not `self` (the source is kept in `self.state`).
        let (paths, name, options, declared, log) = (self.paths, self.name, self.options, schema, self.log)
        let read = { @Sendable (columns: [String]?, predicates: [ScanPredicate]) throws -> (Table, ReadReport) in
            try TableReader.read(paths: paths, tableName: name, options: options, columns: columns, predicates: predicates)
        }
        let note = { @Sendable (report: ReadReport) in for line in report.notes() { log(line) } }
        return TableSource(schema: schema, load: {
            var (t, report) = try read(nil, [])
            report.inferredColumns = [:]   // noted once, above
            note(report)
            return t
        }, loadColumns: { columns, predicates in
            // Rows a predicate drops would not vote in inference: none with an extra column.
            let pushed = columns.contains(where: extraSet.contains) ? [] : predicates
            var (t, report) = try read(columns, pushed)
            report.inferredColumns = [:]
            note(report)
            return t
        }, stream: { request in
            // Plain CSV and JSON Lines files stream (batches as they are parsed; `take` stops the
            // reading); anything else (gzip, JSON arrays, …) is read whole.
            let pushed = request.columns.contains(where: extraSet.contains) ? [] : request.predicates
            guard let s = try TableReader.stream(paths: paths, tableName: name, options: options, schema: declared,
                                                 columns: request.columns, predicates: pushed) else {
                let all = request.columns == declared.names && request.predicates.isEmpty
                var (t, report) = try read(all ? nil : request.columns, all ? [] : pushed)
                report.inferredColumns = [:]
                note(report)
                return BatchStream.of(try Self.selecting(t, request.columns, declared))
            }
            let pending = StreamReportNote(s, log: log)
            let progress = ScanProgress.shared
            let total = progress.isRunning ? ScanProgress.totalBytes(paths) : 0
            return BatchStream {
                guard let group = try s.next() else { pending.flush(); return nil }
                progress.update(s, bytes: s.bytesParsed, total: total, rows: s.report.rows)
                return group
            }
        })
    }

    /// The batches of `t` with `columns` in that order, checked against the declared types.
    static func selecting(_ t: Table, _ columns: [String], _ declared: Schema) throws -> [Batch] {
        var idx: [Int] = []
        for n in columns {
            guard let i = t.schema.index(of: n), declared.index(of: n).map({ declared.fields[$0].type == t.schema.fields[i].type }) ?? true else {
                throw ReadError(file: "", line: 0, column: 0, message: "table data does not match its declared schema at column '\(n)'")
            }
            idx.append(i)
        }
        if idx == Array(t.schema.fields.indices) { return t.batches }
        return t.batches.map { b in Batch(columns: idx.map { b.columns[$0] }, count: b.count) }
    }

    static func isRegularOrDirectory(_ path: String) -> Bool {
        var st = stat()
        guard stat(path, &st) == 0 else { return true }   // missing: the read says so
        let kind = st.st_mode & S_IFMT
        return kind == S_IFREG || kind == S_IFDIR
    }
}

/// Notes a stream's read report (skipped rows, warnings) once: when the stream ends, or when it
/// is dropped early (a `take` that stopped pulling), with what was read until then.
final class StreamReportNote: @unchecked Sendable {
    private let stream: TableStream
    private let log: @Sendable (String) -> Void
    private var done = false
    init(_ stream: TableStream, log: @escaping @Sendable (String) -> Void) { self.stream = stream; self.log = log }
    func flush() {
        guard !done else { return }
        done = true
        var r = stream.report
        r.inferredColumns = [:]   // noted once, when the table was opened
        for line in r.notes() { log(line) }
    }
    deinit { flush() }
}

/// How a table's scans were served: by reading its files, or from rows already in memory (kept
/// under a `RowBudget`, or read whole when the table was opened). A scan that does not fit the
/// budget reads its files again and counts there.
public struct ScanTally: Sendable, Equatable {
    public var fromFiles = 0
    public var fromMemory = 0
    public init(fromFiles: Int = 0, fromMemory: Int = 0) { self.fromFiles = fromFiles; self.fromMemory = fromMemory }
}

/// Bytes of table rows a workspace may hold in memory, shared by its tables.
public final class RowBudget: @unchecked Sendable {
    public let limit: Int
    private let lock = NSLock()
    private var used = 0
    public init(limit: Int) { self.limit = limit }
    public var usedBytes: Int { lock.withLock { used } }
    func reserve(_ n: Int) -> Bool {
        lock.withLock {
            guard used + n <= limit else { return false }
            used += n
            return true
        }
    }
    func release(_ n: Int) { lock.withLock { used -= n } }
}
