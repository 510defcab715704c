import Foundation
import KQLColumns

/// The tables of a `--data` folder, bound by name without reading them: an entry named after a
/// catalogued table (`DeviceNetworkEvents.csv`, `insights-logs-advancedhunting-…/`) is bound
/// under that table unread; another entry is bound under its own name (file stem or folder name)
/// when the first records of its files hold only that table. Entries whose first records route
/// to other tables (Streaming API `category`, Log Analytics `Type`) are listed in `routed`:
/// only a full read can say which tables they hold.
public struct DirectoryBinding: Sendable {
    /// Table name → the entries (paths of files or folders) holding it, in name order.
    public var tables: [String: [String]] = [:]
    /// Entry names (inside the folder) to read with `readDirectory(_:entries:options:)`.
    public var routed: [String] = []
    public var warnings: [String] = []
}

extension TableReader {
    /// Bytes of each file read to tell which tables an entry not named after one holds.
    static let routingProbeBytes = 64 << 10

    /// Binds the tables of `dir` (see `DirectoryBinding`); reads at most a short prefix of the
    /// files of entries that are not named after a catalogued table, and only of those for which
    /// `probe(hint, boundByName)` is true (an entry not probed is bound under its own name,
    /// unread): a query that names no table such a file could hold need not open it.
    /// `boundByName` is the set of tables entries named after a catalogued table bind. Documentation and licence files are
    /// skipped with one warning (`ExportName.isNotTelemetry`).
    public static func bindDirectory(_ dir: String, options: ReadOptions,
                                     probe: (_ hint: String, _ boundByName: Set<String>) -> Bool = { _, _ in true }) throws -> DirectoryBinding {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw ReadError(file: dir, line: 0, column: 0, message: "not a directory")
        }
        var out = DirectoryBinding()
        var documents: [String] = []
        let entries = try fm.contentsOfDirectory(atPath: dir).sorted().filter { !$0.hasPrefix(".") }
        let boundByName = Set(entries.compactMap { SchemaCatalog.table(fromPathComponent: $0) })
        for e in entries {
            let full = (dir as NSString).appendingPathComponent(e)
            if let kind = nonRegularKind(full) {
                out.warnings.append("skipped \(kind) \(full) (not a regular file; name it with --table to read it as a stream)")
                continue
            }
            if ExportName.isNotTelemetry(e), !isDirectory(full) { documents.append(e); continue }
            if let forced = options.tableName {
                out.tables[SchemaCatalog.canonicalName(forced) ?? forced, default: []].append(full)
            } else if let t = SchemaCatalog.table(fromPathComponent: e) {
                out.tables[t, default: []].append(full)
            } else {
                let hint = defaultName(full)
                if try !probe(hint, boundByName) || probedTables(full, hint: hint, options: options).subtracting([hint]).isEmpty {
                    out.tables[hint, default: []].append(full)
                } else {
                    out.routed.append(e)
                }
            }
        }
        if let note = ExportName.skippedNote(documents) { out.warnings.append(note) }
        return out
    }

    /// The tables the first records of the files under `path` go to.
    static func probedTables(_ path: String, hint: String, options: ReadOptions) throws -> Set<String> {
        var o = options
        o.skipBadRows = true
        o.workers = 1
        var report = ReadReport()
        var names = Set<String>()
        for f in try listFiles(path, report: &report) {
            var builders: [String: TableBuilder] = [:]
            // A file that does not even parse is bound by name; reading it will say what is wrong.
            try? readFile(f, hint: hint, options: o, builders: &builders, report: &report, probeBytes: routingProbeBytes)
            names.formUnion(builders.keys)
        }
        return names
    }
}
