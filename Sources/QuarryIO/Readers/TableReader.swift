import Foundation
import KQLColumns
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file formats the readers recognise (by content, not extension).
public enum FileFormat: String, Sendable {
    /// CSV with a header row (Defender portal export, Log Analytics export, generic).
    case csv
    /// JSON rows: JSON Lines, Streaming API bodies/records, Log Analytics export lines, arrays.
    case json
}

/// Reads exported Defender / Sentinel telemetry files into typed tables.
public enum TableReader {
    /// Reads a file or a directory of files (all one table) into a Table, detecting the format.
    ///
    /// The table name is `tableName`, else `options.tableName`, else what the content says
    /// (streaming `category`, Log Analytics `Type`), else the file or folder name. When the files
    /// turn out to hold several tables, the one named `tableName` is returned (the others are
    /// reported as warnings); without a name that is an error.
    public static func read(path: String, tableName: String?, options: ReadOptions) throws -> (Table, ReadReport) {
        try read(path: path, tableName: tableName, options: options, columns: nil, predicates: [])
    }

    /// Reads only `columns` (in that order; nil = all), and may skip rows for which a predicate is
    /// not true (see `ScanPredicate`). Bad input is reported as by a full read, with one
    /// difference: values of columns not requested are not converted, so a bad value there is
    /// not an error (broken quotes and wrong field counts always are). Rows a predicate drops are
    /// still type-checked in the requested columns. A requested column no file has is an error.
    /// See `TableReader+Scan.swift` for the details.
    public static func read(path: String, tableName: String?, options: ReadOptions, columns: [String]?,
                            predicates: [ScanPredicate]) throws -> (Table, ReadReport) {
        try readTable(path: path, tableName: tableName, options: options,
                      scan: ScanSpec(columns: columns, predicates: predicates), probeBytes: nil)
    }

    /// The same over several paths (files or folders) holding one table, e.g. the entries of a
    /// `--data` folder bound to one name; the first path names the table when nothing else does.
    public static func read(paths: [String], tableName: String?, options: ReadOptions, columns: [String]?,
                            predicates: [ScanPredicate]) throws -> (Table, ReadReport) {
        try readTable(paths: paths, tableName: tableName, options: options,
                      scan: ScanSpec(columns: columns, predicates: predicates), probeBytes: nil)
    }

    static func readTable(path: String, tableName: String?, options: ReadOptions, scan: ScanSpec,
                          probeBytes: Int?) throws -> (Table, ReadReport) {
        try readTable(paths: [path], tableName: tableName, options: options, scan: scan, probeBytes: probeBytes)
    }

    static func readTable(paths: [String], tableName: String?, options: ReadOptions, scan: ScanSpec,
                          probeBytes: Int?) throws -> (Table, ReadReport) {
        var report = ReadReport()
        let path = paths.first ?? "."
        var files: [String] = []
        for p in paths { files += try listFiles(p, report: &report) }
        let requested = tableName ?? options.tableName
        let hint = requested.map { SchemaCatalog.canonicalName($0) ?? $0 }
            ?? SchemaCatalog.table(fromPathComponent: (path as NSString).lastPathComponent)
            ?? defaultName(path)
        var builders: [String: TableBuilder] = [:]
        for f in files {
            try readFile(f, hint: hint, options: options, builders: &builders, report: &report, scan: scan, probeBytes: probeBytes)
        }
        if builders.isEmpty { builders[hint] = TableBuilder(name: hint, batchSize: options.batchSize) }
        let chosen: String
        if builders.count == 1 {
            chosen = builders.keys.first!
        } else if let h = requested.map({ SchemaCatalog.canonicalName($0) ?? $0 }), builders[h] != nil {
            chosen = h
        } else {
            let list = builders.map { "\($0.key) (\($0.value.totalRows) rows)" }.sorted().joined(separator: ", ")
            throw ReadError(file: path, line: 0, column: 0,
                            message: "the files hold several tables: \(list); name one or use readDirectory")
        }
        for (name, b) in builders where name != chosen {
            report.warnings.append("ignored \(b.totalRows) rows of table \(name) (read \(chosen))")
        }
        var b = builders.removeValue(forKey: chosen)!
        var inferred: [String: KQLType] = [:]
        let table = try project(b.finish(orderByCatalog: !b.sawCSV, inferred: &inferred), scan.columns, path: path)
        report.inferredColumns = inferred
        if let f = b.form { report.forms[chosen] = f.kind }
        report.rows = table.rowCount
        return (table, report)
    }

    /// Binds every table in a directory: files or folders named after tables
    /// (`DeviceNetworkEvents.csv`, `DeviceNetworkEvents/…`,
    /// `insights-logs-advancedhunting-devicenetworkevents/…`, `am-DeviceNetworkEvents/…`), and
    /// streaming records routed by `category`. Entries not named after a catalogued table are
    /// bound under their own name (file stem or folder name).
    public static func readDirectory(_ dir: String, options: ReadOptions) throws -> ([String: Table], ReadReport) {
        try readDirectory(dir, entries: nil, options: options)
    }

    /// `readDirectory` over only the named entries of `dir` (nil = all).
    public static func readDirectory(_ dir: String, entries only: [String]?, options: ReadOptions) throws -> ([String: Table], ReadReport) {
        var report = ReadReport()
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw ReadError(file: dir, line: 0, column: 0, message: "not a directory")
        }
        var builders: [String: TableBuilder] = [:]
        let entries = try only ?? fm.contentsOfDirectory(atPath: dir).sorted()
        var documents: [String] = []
        for e in entries where !e.hasPrefix(".") {
            let full = (dir as NSString).appendingPathComponent(e)
            if let kind = nonRegularKind(full) {
                report.warnings.append("skipped \(kind) \(full) (not a regular file; name it with --table to read it as a stream)")
                continue
            }
            if ExportName.isNotTelemetry(e), !isDirectory(full) { documents.append(e); continue }
            let hint = options.tableName.map { SchemaCatalog.canonicalName($0) ?? $0 }
                ?? SchemaCatalog.table(fromPathComponent: e) ?? defaultName(full)
            for f in try listFiles(full, report: &report) {
                try readFile(f, hint: hint, options: options, builders: &builders, report: &report)
            }
        }
        if let note = ExportName.skippedNote(documents) { report.warnings.append(note) }
        var tables: [String: Table] = [:]
        for name in builders.keys.sorted() {
            var b = builders.removeValue(forKey: name)!
            var inferred: [String: KQLType] = [:]
            let t = b.finish(orderByCatalog: !b.sawCSV, inferred: &inferred)
            for (c, ty) in inferred { report.inferredColumns["\(name).\(c)"] = ty }
            if let f = b.form { report.forms[name] = f.kind }
            tables[name] = t
            report.rows += t.rowCount
        }
        return (tables, report)
    }

    /// Detects a file's format from its first non-blank byte: `{` or `[` is JSON, anything else CSV.
    public static func detectFormat(_ bytes: UnsafeBufferPointer<UInt8>) -> FileFormat {
        var i = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        guard i < bytes.count else { return .csv }
        return bytes[i] == UInt8(ascii: "{") || bytes[i] == UInt8(ascii: "[") ? .json : .csv
    }

    // MARK: - Internals

    /// The data files under `path` (itself if a file), sorted, skipping hidden files and
    /// documentation/archive files (with a warning).
    static func listFiles(_ path: String, report: inout ReadReport) throws -> [String] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
            throw ReadError(file: path, line: 0, column: 0, message: "no such file or directory")
        }
        guard isDir.boolValue else { return [path] }
        var out: [String] = []
        guard let walker = fm.enumerator(atPath: path) else { return [] }
        while let rel = walker.nextObject() as? String {
            let name = (rel as NSString).lastPathComponent
            let full = (path as NSString).appendingPathComponent(rel)
            var d: ObjCBool = false
            guard fm.fileExists(atPath: full, isDirectory: &d) else { continue }
            if name.hasPrefix(".") { if d.boolValue { walker.skipDescendants() }; continue }
            if d.boolValue { continue }
            if let kind = nonRegularKind(full) {
                report.warnings.append("skipped \(kind) \(full) (not a regular file; name it with --table to read it as a stream)")
                continue
            }
            if ExportName.isNotTelemetry(name) {
                report.warnings.append("skipped non-data file \(full)")
                continue
            }
            out.append(full)
        }
        return out.sorted()
    }

    /// What a path is when it is neither a regular file nor a directory ("FIFO", "socket",
    /// "device"), else nil. Opening a FIFO blocks until a writer comes, so folders skip them.
    static func nonRegularKind(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFREG, S_IFDIR: return nil
        case S_IFIFO: return "FIFO"
        case S_IFSOCK: return "socket"
        case S_IFCHR, S_IFBLK: return "device"
        default: return "special file"
        }
    }

    static func defaultName(_ path: String) -> String {
        let name = ExportName.stem((path as NSString).lastPathComponent)
        return name.isEmpty ? "Table" : name
    }

    static func readFile(_ file: String, hint: String, options: ReadOptions,
                         builders: inout [String: TableBuilder], report: inout ReadReport,
                         scan: ScanSpec = .all, probeBytes: Int? = nil) throws {
        // Memory-mapped; gzip (magic 1f 8b) inflated first, whatever the file's name.
        let mapped = try MappedFile(path: file)
        report.files.append(file)
        var skipped = 0
        var inflated: Data? = nil
        if Gzip.isGzip(mapped.bytes) {
            do { inflated = try Gzip.decompress(mapped.bytes, limit: options.maxInflatedBytes) } catch {
                if error.tooLarge {
                    throw ReadError(file: file, line: 0, column: 0, message: "gzip file not read: \(error.message); --max-memory raises the limit")
                }
                let what = error.truncated ? "truncated gzip file" : "corrupt gzip file"
                throw ReadError(file: file, line: 0, column: 0, message: "\(what): \(error.description)")
            }
        }
        let pieces = probeBytes == nil && inflated == nil ? mapped : nil
        try withFileBytes(mapped, inflated) { all in
          // The whole file is checked for UTF-8 up front, except when a CSV read is projected:
          // then only the string fields the query reads are checked, as they are appended
          // (ColumnSink.appendText), so that a pushed-down read touches no more than it parses.
          try withExtent(all, probeBytes: probeBytes) { bytes in
            let format = detectFormat(bytes)
            // JSON read in pieces checks UTF-8 itself (see readJSONLinesInPieces).
            let jsonInPieces = format == .json && probeBytes == nil && builders.isEmpty
            if !(scan.columns != nil && format == .csv) && !jsonInPieces { try TextEncoding.requireUTF8(bytes, file: file, mapped: pieces) }
            switch format {
            case .csv:
                var b = builders.removeValue(forKey: hint) ?? TableBuilder(name: hint, batchSize: options.batchSize)
                defer { builders[hint] = b }
                let r = try CSVReader.read(bytes: bytes, file: file, into: &b, options: options, report: &report,
                                           scan: scan, mapped: pieces)
                skipped = r.skipped
            case .json:
                if jsonInPieces {
                    if let (bs, sk) = try readJSONLinesInPieces(bytes, file: file, hint: hint, options: options, scan: scan, mapped: pieces) {
                        builders = bs
                        skipped = sk
                        break
                    }
                    try TextEncoding.requireUTF8(bytes, file: file, mapped: pieces)
                }
                var reader = JSONRecordReader(bytes: bytes, file: file, hint: hint, options: options, builders: builders)
                reader.wanted = scan.wanted
                builders = [:]
                do {
                    builders = try reader.run()
                } catch {
                    builders = reader.builders
                    throw error
                }
                skipped = reader.skipped
            }
          }
        }
        if skipped > 0 { report.skippedRows[file, default: 0] += skipped }
    }

    /// The file's bytes: the inflated copy of a gzip file, else the mapping.
    static func withFileBytes(_ mapped: MappedFile, _ inflated: Data?, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        if let inflated {
            try inflated.withUnsafeBytes { raw in try body(raw.bindMemory(to: UInt8.self)) }
        } else {
            try body(mapped.bytes)
        }
    }
}
