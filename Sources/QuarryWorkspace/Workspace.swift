import Foundation
import KQLColumns
import KQLEngine
import QuarryIO

/// A `--table NAME=PATH` binding: `lines` reads the file as a headerless list of lines (the
/// string column `Line`), otherwise its content says what it is.
public struct TableFileSpec: Sendable, Equatable {
    public var name: String
    public var path: String
    public var lines: Bool
    public init(name: String, path: String, lines: Bool) { self.name = name; self.path = path; self.lines = lines }
}

/// A watchlist file bound for `_GetWatchlist(alias)`: `table` is the name the engine reads
/// (`Watchlists.tableName`).
public struct WatchlistFileSpec: Sendable, Equatable {
    public var alias: String
    public var table: String
    public var path: String
    public init(alias: String, table: String, path: String) { self.alias = alias; self.table = table; self.path = path }
}

/// Where a workspace's tables come from: data folders (every table found in them), single
/// tables, and watchlists.
public struct WorkspaceSpec: Sendable, Equatable {
    public var dataDirectories: [String]
    public var tables: [TableFileSpec]
    public var watchlists: [WatchlistFileSpec]
    public init(dataDirectories: [String] = [], tables: [TableFileSpec] = [], watchlists: [WatchlistFileSpec] = []) {
        self.dataDirectories = dataDirectories; self.tables = tables; self.watchlists = watchlists
    }
}

/// The tables of a set of files and folders, bound lazily (see `FileTable`) and shared by the CLI
/// and the server. A workspace keeps what it has read — each `FileTable` (its probed schema and
/// inferred types), the tables of folder entries that route records by content, and line lists —
/// and hands the same object to later calls while its files keep their size and modification
/// time (`FileSignature`); a file that changed is bound anew. Thread-safe: a server calls
/// `tables(queryText:)` from concurrent requests.
public final class Workspace: @unchecked Sendable {
    public let spec: WorkspaceSpec
    public let options: ReadOptions
    let log: @Sendable (String) -> Void
    private let lock = NSLock()
    private var fileTables: [String: FileTable] = [:]
    private var routed: [String: (FileSignature, [String: Table])] = [:]
    private var lineLists: [String: (FileSignature, Table)] = [:]

    /// Rows kept in memory by this workspace's tables (nil: none; a scan reads the files).
    public let rowBudget: RowBudget?

    /// `log` receives read notes and binding warnings, one line each (`warning: …`). With
    /// `keepRowsBytes` (a server), a table's rows are read whole on its first scan and kept while
    /// its files are unchanged, within that many bytes for all tables of the workspace.
    public init(_ spec: WorkspaceSpec, options: ReadOptions = ReadOptions(), keepRowsBytes: Int? = nil,
                log: @escaping @Sendable (String) -> Void) {
        self.spec = spec; self.options = options; self.log = log
        rowBudget = keepRowsBytes.map { RowBudget(limit: $0) }
    }

    /// A workspace whose tables keep their rows within a budget shared with other workspaces
    /// (the shell's `.load` adds workspaces under one `--keep-rows` limit); nil keeps none.
    public init(_ spec: WorkspaceSpec, options: ReadOptions = ReadOptions(), rowBudget: RowBudget?,
                log: @escaping @Sendable (String) -> Void) {
        self.spec = spec; self.options = options; self.log = log
        self.rowBudget = rowBudget
    }

    /// Binds every table without reading it: data-folder entries by file or folder name (entries
    /// that route records by content are read now), `--table` paths by the given name, watchlists
    /// by their engine table name. Tables named in `queryText` are opened now, so that a file the
    /// query needs fails before the query starts; the others are never opened unless scanned.
    /// Without `queryText` (schema listings) every folder entry is probed.
    public func tables(queryText: String? = nil) throws -> [String: any TableProvider] {
        var sources: [String: any TableProvider] = [:]
        var lazy: [FileTable] = []
        var watch: [(alias: String, table: FileTable)] = []
        do {
            lock.lock()
            defer { lock.unlock() }
            for dir in spec.dataDirectories {
                // Without the query every entry is probed; with it, only entries that could hold a
                // table the query names and no file is named after (`print 1` opens nothing).
                let binding = try TableReader.bindDirectory(dir, options: options, probe: { hint, boundByName in
                    guard let q = queryText else { return true }
                    return Self.mayUseUnnamedTables(q, hint: hint, boundByName: boundByName)
                })
                for w in binding.warnings { log("warning: \(w)") }
                if !binding.routed.isEmpty {
                    for (name, t) in try routedTables(dir, entries: binding.routed) { sources[name] = TableSource(t) }
                }
                for (name, paths) in binding.tables.sorted(by: { $0.key < $1.key }) {
                    let t = fileTable(name, paths)
                    sources[name] = t
                    lazy.append(t)
                }
            }
            for spec in spec.tables {
                if spec.lines {
                    sources[spec.name] = TableSource(try lineList(spec.path))
                    continue
                }
                let t = fileTable(spec.name, [spec.path])
                sources[spec.name] = t
                lazy.append(t)
            }
            for w in spec.watchlists {
                let t = fileTable(w.table, [w.path])
                sources[w.table] = t
                watch.append((w.alias, t))
            }
            // A table's other spellings in the catalog (GraphAPIAuditEvents for GraphApiAuditEvents,
            // ARG's lowercase resources): Kusto names are case-sensitive, so hunts' spellings are bound too.
            let aliased = sources.flatMap { name, t in SchemaCatalog.aliases(of: name).map { ($0, t) } }
            for (alias, t) in aliased where sources[alias] == nil { sources[alias] = t }
        }
        if let queryText {
            // A bad file fails before the query starts.
            for (alias, t) in watch where sources[t.name] as AnyObject === t && Self.mentions(queryText, alias) { try t.open() }
            for t in lazy where sources[t.name] as AnyObject === t && Self.mentions(queryText, t.name) { try t.open() }
        }
        return sources
    }

    /// The cached table bound to `paths` under `name`, or a new one when there is none or its files changed.
    private func fileTable(_ name: String, _ paths: [String]) -> FileTable {
        let key = ([name] + paths).joined(separator: "\u{0}")
        if let t = fileTables[key], t.isCurrent { return t }
        let t = FileTable(name: name, paths: paths, options: options, rowBudget: rowBudget, log: log)
        fileTables[key] = t
        return t
    }

    private func routedTables(_ dir: String, entries: [String]) throws -> [String: Table] {
        let key = ([dir] + entries).joined(separator: "\u{0}")
        let signature = FileSignature(paths: entries.map { (dir as NSString).appendingPathComponent($0) })
        if let (s, tables) = routed[key], s == signature { return tables }
        let (tables, report) = try TableReader.readDirectory(dir, entries: entries, options: options)
        for line in report.notes() { log(line) }
        routed[key] = (signature, tables)
        return tables
    }

    private func lineList(_ path: String) throws -> Table {
        let signature = FileSignature(paths: [path])
        if let (s, t) = lineLists[path], s == signature { return t }
        let t = try Self.readLineList([path], maxBytes: options.maxInflatedBytes)
        lineLists[path] = (signature, t)
        return t
    }

    /// A headerless list: every non-empty line one row of the string column `Line` (Kusto's
    /// `txt` format, as `externaldata` reads it).
    public static func readLineList(_ paths: [String], maxBytes: Int) throws -> Table {
        var settings = ExternalDataSettings()
        for p in paths { settings.mappings[p] = p }
        settings.maxBytes = maxBytes
        do {
            return try ExternalDataLoader(settings: settings).table(urls: paths, format: .txt, schema: Schema([Field("Line", .string)]),
                                                                    ignoreFirstRecord: false)
        } catch let e as ExternalDataError {
            throw ReadError(file: e.url, line: 0, column: 0, message: e.message)
        }
    }

    /// Whether a query might read a table held by a folder entry that is not named after one:
    /// it names the entry, a catalogued table no entry is named after, or it reads tables it
    /// does not name (`*` in `union`/`search`/`find`, or `table(...)`).
    public static func mayUseUnnamedTables(_ q: String, hint: String, boundByName: Set<String>) -> Bool {
        if mentions(q, hint) || q.contains("*") || mentions(q, "search") || mentions(q, "find") || mentions(q, "table") { return true }
        return SchemaCatalog.tableNames.contains { !boundByName.contains($0) && mentions(q, $0) }
    }

    /// Whether `name` occurs in `text` as a whole word (anywhere: in a string too, as in
    /// `table("X")`), a cheap over-approximation of the tables a query uses.
    public static func mentions(_ text: String, _ name: String) -> Bool {
        var search = text.startIndex..<text.endIndex
        func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        while let r = text.range(of: name, options: [.caseInsensitive], range: search) {
            let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
            let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
            if !(before.map(isWord) ?? false) && !(after.map(isWord) ?? false) { return true }
            search = r.upperBound..<text.endIndex
        }
        return false
    }
}
