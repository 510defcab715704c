import ArgumentParser
import Foundation
import KQLColumns
import KQLEngine
import KQLSyntax
import QuarryIO
import QuarryWorkspace

/// Options shared by `run` and `query`: where the tables come from, parameters, output.
struct DataOptions: ParsableArguments {
    @Option(name: .customLong("table"), help: ArgumentHelp("Bind a table to a file or a directory of files.", valueName: "NAME=PATH"))
    var tables: [String] = []

    @Option(name: .customLong("data"), help: ArgumentHelp("Bind every table found in a directory (files or folders named after tables).", valueName: "DIR"))
    var dataDirectories: [String] = []

    // Sentinel watchlists for _GetWatchlist('NAME'): NAME=PATH (search key: the first column) or NAME:KEY=PATH;
    // --watchlist-dir binds every NAME.csv in DIR.
    @Option(name: .customLong("watchlist"), help: ArgumentHelp("Bind a watchlist file for _GetWatchlist('NAME'); KEY names its search key column (default: the first).", valueName: "NAME[:KEY]=PATH"))
    var watchlists: [String] = []
    @Option(name: .customLong("watchlist-dir"), help: ArgumentHelp("Bind every NAME.csv in a directory as watchlist NAME.", valueName: "DIR"))
    var watchlistDirectories: [String] = []

    @Option(name: .customLong("set"), help: ArgumentHelp("Replace the value of the query's top-level 'let NAME', in that let's type (a date for a datetime let, 7d for a timespan, JSON for dynamic).", valueName: "NAME=VALUE"))
    var parameters: [String] = []

    @Option(name: .customLong("params"), help: ArgumentHelp("A JSON object of --set values ({\"NAME\": value, ...}); --set wins over it.", valueName: "FILE.json"))
    var parameterFile: String?

    @Option(help: ArgumentHelp("Pin now() and ago() to this instant (ISO 8601), e.g. to replay an old export.", valueName: "DATETIME"))
    var now: String?

    @Option(help: "Output format: table, vertical (one 'column: value' line per field), markdown, csv, json, jsonl or html (a self-contained page with the chart).")
    var format: String = "table"

    @Flag(help: "Skip rows that fail to parse, counting them in a warning, instead of stopping at the first one.")
    var skipBadRows = false

    @Option(name: .customLong("external"), help: ArgumentHelp("Read an externaldata URL from a local file instead of the network (repeatable).", valueName: "URL=PATH"))
    var externalMappings: [String] = []

    @Option(name: .customLong("external-map"), help: ArgumentHelp("A file of externaldata mappings: one 'URL PATH' per line, # comments.", valueName: "FILE"))
    var externalMapFiles: [String] = []

    @Option(name: .customLong("cache-dir"), help: ArgumentHelp("Where externaldata downloads are cached (default $XDG_CACHE_HOME/quarry or ~/.cache/quarry).", valueName: "DIR"))
    var cacheDir: String?

    @Flag(help: "Fetch externaldata URLs again even when they are cached.")
    var refresh = false

    @Flag(help: "Never use the network: externaldata reads only --external mappings and the cache.")
    var offline = false

    @Option(help: ArgumentHelp("Seconds an externaldata download may take.", valueName: "SECONDS"))
    var fetchTimeout: Double = 60

    @Option(help: ArgumentHelp("Bytes an externaldata download (or mapped file) may have.", valueName: "BYTES"))
    var maxFetchBytes: Int = 256 << 20

    @Option(name: .customLong("geoip"), help: ArgumentHelp("A MaxMind .mmdb database (such as GeoLite2-City.mmdb) for geo_info_from_ip_address (default: $QUARRY_GEOIP).", valueName: "PATH"))
    var geoip: String?

    /// The GeoIP database (`--geoip`, else `QUARRY_GEOIP`), opened only when the query calls
    /// geo_info_from_ip_address.
    func geoipDatabase(queryText: String) throws -> MaxMindDatabase? {
        let source = geoip != nil ? "--geoip" : "QUARRY_GEOIP"
        guard let path = geoip ?? ProcessInfo.processInfo.environment["QUARRY_GEOIP"], !path.isEmpty,
              Self.mentions(queryText, "geo_info_from_ip_address") else { return nil }
        do { return try MaxMindDatabase(path: path) } catch { throw ValidationError("\(source): \(error)") }
    }

    func outputFormat() throws -> OutputFormat {
        guard let f = OutputFormat(rawValue: format) else {
            throw ValidationError("unknown --format '\(format)'; use \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return f
    }

    func nowTicks() throws -> Int64? {
        guard let now else { return nil }
        guard let t = DateTime.parseISO(Substring(now)) else { throw ValidationError("--now: '\(now)' is not an ISO 8601 datetime") }
        return t
    }

    func parameterMap() throws -> [String: String] {
        var map: [String: String] = [:]
        if let parameterFile {
            guard let data = FileManager.default.contents(atPath: parameterFile) else { throw ValidationError("--params: cannot read '\(parameterFile)'") }
            guard case .object(let bag)? = try? JSON.parse([UInt8](data)) else {
                throw ValidationError("--params: '\(parameterFile)' is not a JSON object of NAME: value")
            }
            for (k, v) in zip(bag.keys, bag.values) {
                // A JSON string is the value's text; numbers, booleans, arrays and objects their JSON text.
                if case .string(let s) = v { map[k] = s } else {
                    var out: [UInt8] = []
                    JSON.write(v, into: &out)
                    map[k] = String(decoding: out, as: UTF8.self)
                }
            }
        }
        for p in parameters {
            guard let eq = p.firstIndex(of: "="), eq != p.startIndex else { throw ValidationError("--set expects NAME=VALUE, got '\(p)'") }
            map[String(p[..<eq])] = String(p[p.index(after: eq)...])
        }
        return map
    }

    /// Binds every table without reading it (see `FileTable`, `Workspace` in QuarryWorkspace,
    /// which the server shares): `--data` entries by file or folder name (entries that route
    /// records by content are read now), `--table` paths by the given name. Tables named in
    /// `queryText` are opened now, so that a file the query needs fails before the query starts;
    /// the others are never opened unless scanned. `maxInflatedBytes` bounds what a gzip file may
    /// inflate to.
    func loadTables(queryText: String? = nil, maxInflatedBytes: Int? = nil) throws -> [String: any TableProvider] {
        try workspace(maxInflatedBytes: maxInflatedBytes).tables(queryText: queryText)
    }

    /// The workspace of these options' `--data`, `--table` and watchlist bindings; with
    /// `rowBudget` (the shell) its tables keep their rows in memory across queries.
    func workspace(maxInflatedBytes: Int? = nil, rowBudget: RowBudget? = nil) throws -> Workspace {
        var options = ReadOptions()
        options.skipBadRows = skipBadRows
        if let maxInflatedBytes { options.maxInflatedBytes = maxInflatedBytes }
        return Workspace(try workspaceSpec(), options: options, rowBudget: rowBudget, log: { printError($0) })
    }

    /// `--data`, `--table` and the watchlist options as a `WorkspaceSpec`.
    func workspaceSpec() throws -> WorkspaceSpec {
        var spec = WorkspaceSpec(dataDirectories: dataDirectories)
        for t in tables {
            guard let eq = t.firstIndex(of: "="), eq != t.startIndex else { throw ValidationError("--table expects NAME=PATH, got '\(t)'") }
            let (path, lines) = Self.tablePath(String(t[t.index(after: eq)...]))
            spec.tables.append(TableFileSpec(name: String(t[..<eq]), path: path, lines: lines))
        }
        spec.watchlists = try watchlistFiles().map { WatchlistFileSpec(alias: $0.alias, table: $0.table, path: $0.path) }
        return spec
    }

    static func mayUseUnnamedTables(_ q: String, hint: String, boundByName: Set<String>) -> Bool {
        Workspace.mayUseUnnamedTables(q, hint: hint, boundByName: boundByName)
    }

    /// The watchlist files, by the table name `_GetWatchlist` reads (`Watchlists.tableName`).
    func watchlistFiles() throws -> [(alias: String, table: String, path: String)] {
        var out: [(alias: String, table: String, path: String)] = []
        var byAlias: [String: Int] = [:]   // a later binding of an alias replaces an earlier one
        func add(_ alias: String, _ key: String?, _ path: String) {
            let entry = (alias, Watchlists.tableName(alias: alias, searchKey: key), path)
            if let i = byAlias[alias] { out[i] = entry } else { byAlias[alias] = out.count; out.append(entry) }
        }
        for dir in watchlistDirectories {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { throw ValidationError("--watchlist-dir: cannot read '\(dir)'") }
            for n in names.sorted() where n.lowercased().hasSuffix(".csv") {
                add(String(n.dropLast(4)), nil, (dir as NSString).appendingPathComponent(n))
            }
        }
        for spec in watchlists {
            guard let eq = spec.firstIndex(of: "="), eq != spec.startIndex else { throw ValidationError("--watchlist expects NAME=PATH or NAME:KEY=PATH, got '\(spec)'") }
            let lhs = spec[..<eq], path = String(spec[spec.index(after: eq)...])
            let parts = lhs.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard !parts[0].isEmpty, parts.count == 1 || !parts[1].isEmpty else { throw ValidationError("--watchlist expects NAME=PATH or NAME:KEY=PATH, got '\(spec)'") }
            add(parts[0], parts.count == 2 ? parts[1] : nil, path)
        }
        return out
    }

    /// A `--table` path and whether it is a headerless list of lines: `PATH:txt` says so, `PATH:csv`
    /// says it is not (CSV with a header, or JSON, detected by content as for any file); without a
    /// suffix a `.txt` file is a list of lines. A one-column IOC list has no header, so reading
    /// it as CSV would silently lose its first indicator as a column name.
    static func tablePath(_ spec: String) -> (path: String, lines: Bool) {
        if spec.hasSuffix(":txt") { return (String(spec.dropLast(4)), true) }
        if spec.hasSuffix(":csv") { return (String(spec.dropLast(4)), false) }
        return (spec, spec.lowercased().hasSuffix(".txt"))
    }

    /// A headerless list: every non-empty line one row of the string column `Line`.
    static func readLineList(_ paths: [String], maxBytes: Int) throws -> Table {
        try Workspace.readLineList(paths, maxBytes: maxBytes)
    }

    /// The externaldata provider for this run: `--external` and `--external-map` mappings, the
    /// cache (`--cache-dir`, `--refresh`), `--offline`, and the download limits.
    func externalDataProvider() throws -> any ExternalDataProvider {
        var settings = ExternalDataSettings(cacheDirectory: cacheDir)
        settings.refresh = refresh
        settings.offline = offline
        settings.timeout = fetchTimeout
        settings.maxBytes = max(0, maxFetchBytes)
        for file in externalMapFiles {
            do { settings.mappings.merge(try ExternalDataSettings.readMappingFile(file)) { _, new in new } } catch let e as ExternalDataError {
                throw ValidationError("--external-map: \(e.message)")
            }
        }
        for m in externalMappings {
            // The URL may hold '=' (query strings); a path rarely does: split at the last one.
            guard let eq = m.lastIndex(of: "="), eq != m.startIndex, m.index(after: eq) != m.endIndex else {
                throw ValidationError("--external expects URL=PATH, got '\(m)'")
            }
            settings.mappings[String(m[..<eq])] = String(m[m.index(after: eq)...])
        }
        return CLIExternalData(loader: ExternalDataLoader(settings: settings, log: { printError($0) }))
    }

    /// Whether `name` occurs in `text` as a whole word (`Workspace.mentions`).
    static func mentions(_ text: String, _ name: String) -> Bool { Workspace.mentions(text, name) }
}

/// The CLI's externaldata provider: QuarryIO's loader (mappings, cache, fetch, parse).
struct CLIExternalData: ExternalDataProvider {
    let loader: ExternalDataLoader
    func load(_ r: ExternalDataRequest) throws -> Table {
        try loader.table(urls: r.urls, format: r.format, schema: r.schema, ignoreFirstRecord: r.ignoreFirstRecord, zipPattern: r.zipPattern,
                         ingestionMapping: r.ingestionMapping)
    }
}

/// Warnings about what a read skipped or inferred, on standard error. `table` names the table
/// the report is about (else the inferred columns' keys are `Table.Column`).
func noteReadReport(_ report: ReadReport, table: String? = nil) {
    for line in report.notes(table: table) { printError(line) }
}

/// Notes and warnings on standard error; `-q` (`Notices.quiet`) silences lines starting with
/// `note:` or `warning:` (errors always print).
enum Notices {
    nonisolated(unsafe) static var quiet = false
}

func printError(_ s: String) {
    if Notices.quiet && (s.hasPrefix("note:") || s.hasPrefix("warning:") || s.contains(": warning: ")) { return }
    ScanProgress.shared.clearLine()
    FileHandle.standardError.write(Data((s + "\n").utf8))
}

func reportQueryError(_ e: QueryError, fileName: String?, json: Bool) {
    if json, let d = e.diagnostics.first {
        let (line, col) = e.source.location(of: d.span.start)
        print(errorJSON(code: d.code.rawValue, message: d.message, line: line, column: col, file: nil, help: d.help))
    } else {
        for d in e.diagnostics { printError(d.rendered(in: e.source, fileName: fileName)) }
    }
}

func errorJSON(code: String, message: String, line: Int, column: Int, file: String?, help: String? = nil) -> String {
    "{\"error\":" + errorObjectJSON(code: code, message: message, line: line, column: column, file: file, help: help) + "}"
}

/// One error as a JSON object: code, message, file (when known), line, column, help (when any).
func errorObjectJSON(code: String, message: String, line: Int, column: Int, file: String?, help: String? = nil) -> String {
    var out: [UInt8] = Array("{\"code\":".utf8)
    JSON.writeString(code, into: &out)
    out += Array(",\"message\":".utf8)
    JSON.writeString(message, into: &out)
    if let file {
        out += Array(",\"file\":".utf8)
        JSON.writeString(file, into: &out)
    }
    out += Array(",\"line\":\(line),\"column\":\(column)".utf8)
    if let help {
        out += Array(",\"help\":".utf8)
        JSON.writeString(help, into: &out)
    }
    out.append(UInt8(ascii: "}"))
    return String(decoding: out, as: UTF8.self)
}

/// Reads a whole query file, or standard input for "-", as bytes: the lexer reports bytes that
/// are not UTF-8 at their position (decoding here would turn them into U+FFFD silently).
func readSource(_ path: String) throws -> SourceText {
    if path == "-" {
        return SourceText(bytes: [UInt8](FileHandle.standardInput.readDataToEndOfFile()))
    }
    guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read '\(path)'") }
    return SourceText(bytes: [UInt8](data))
}

/// Query text given on the command line.
func querySource(_ text: String) -> SourceText { SourceText(text) }
