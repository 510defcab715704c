import ArgumentParser
import Foundation
import KQLColumns
import KQLEngine
import KQLSyntax
import QuarryIO

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

    @Option(help: "Output format: table, csv, json, jsonl or html (a self-contained page with the chart).")
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

    func outputFormat() throws -> OutputFormat {
        guard let f = OutputFormat(rawValue: format) else {
            throw ValidationError("unknown --format '\(format)'; use table, csv, json, jsonl or html")
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

    /// Binds every table without reading it (see `FileTable`): `--data` entries by file or
    /// folder name (entries that route records by content are read now), `--table` paths by
    /// the given name. Tables named in `queryText` are opened now, so that a file the query
    /// needs fails before the query starts; the others are never opened unless scanned.
    /// `maxInflatedBytes` bounds what a gzip file may inflate to.
    func loadTables(queryText: String? = nil, maxInflatedBytes: Int? = nil) throws -> [String: any TableProvider] {
        var options = ReadOptions()
        options.skipBadRows = skipBadRows
        if let maxInflatedBytes { options.maxInflatedBytes = maxInflatedBytes }
        var sources: [String: any TableProvider] = [:]
        var lazy: [FileTable] = []
        for dir in dataDirectories {
            // Without the query (schema listings) every entry is probed; with it, only entries that
            // could hold a table the query names and no file is named after (`print 1` opens nothing).
            let binding = try TableReader.bindDirectory(dir, options: options, probe: { hint, boundByName in
                guard let q = queryText else { return true }
                return Self.mayUseUnnamedTables(q, hint: hint, boundByName: boundByName)
            })
            for w in binding.warnings { printError("warning: \(w)") }
            if !binding.routed.isEmpty {
                let (tables, report) = try TableReader.readDirectory(dir, entries: binding.routed, options: options)
                noteReadReport(report)
                for (name, t) in tables { sources[name] = TableSource(t) }
            }
            for (name, paths) in binding.tables.sorted(by: { $0.key < $1.key }) {
                let t = FileTable(name: name, paths: paths, options: options)
                sources[name] = t
                lazy.append(t)
            }
        }
        for spec in tables {
            guard let eq = spec.firstIndex(of: "="), eq != spec.startIndex else { throw ValidationError("--table expects NAME=PATH, got '\(spec)'") }
            let name = String(spec[..<eq])
            let (path, lines) = Self.tablePath(String(spec[spec.index(after: eq)...]))
            if lines {
                sources[name] = TableSource(try Self.readLineList([path], maxBytes: maxInflatedBytes ?? options.maxInflatedBytes))
                continue
            }
            let t = FileTable(name: name, paths: [path], options: options)
            sources[name] = t
            lazy.append(t)
        }
        for (alias, table, path) in try watchlistFiles() {
            let t = FileTable(name: table, paths: [path], options: options)
            sources[table] = t
            if let queryText, Self.mentions(queryText, alias) { try t.open() }   // a bad file fails before the query starts
        }
        if let queryText {
            for t in lazy where sources[t.name] as AnyObject === t && Self.mentions(queryText, t.name) { try t.open() }
        }
        return sources
    }

    /// Whether a query might read a table held by a folder entry that is not named after one:
    /// it names the entry, a catalogued table no entry is named after, or it reads tables it
    /// does not name (`*` in `union`/`search`/`find`, or `table(...)`).
    static func mayUseUnnamedTables(_ q: String, hint: String, boundByName: Set<String>) -> Bool {
        if mentions(q, hint) || q.contains("*") || mentions(q, "search") || mentions(q, "find") || mentions(q, "table") { return true }
        return SchemaCatalog.tableNames.contains { !boundByName.contains($0) && mentions(q, $0) }
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

    /// A headerless list: every non-empty line one row of the string column `Line` (Kusto's
    /// `txt` format, as `externaldata` reads it).
    static func readLineList(_ paths: [String], maxBytes: Int) throws -> Table {
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

    /// Whether `name` occurs in `text` as a whole word (anywhere: in a string too, as in
    /// `table("X")`), a cheap over-approximation of the tables a query uses.
    static func mentions(_ text: String, _ name: String) -> Bool {
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

/// The CLI's externaldata provider: QuarryIO's loader (mappings, cache, fetch, parse).
struct CLIExternalData: ExternalDataProvider {
    let loader: ExternalDataLoader
    func load(_ r: ExternalDataRequest) throws -> Table {
        try loader.table(urls: r.urls, format: r.format, schema: r.schema, ignoreFirstRecord: r.ignoreFirstRecord, zipPattern: r.zipPattern)
    }
}

/// Warnings about what a read skipped or inferred, on standard error.
func noteReadReport(_ report: ReadReport) {
    for (file, n) in report.skippedRows.sorted(by: { $0.key < $1.key }) where n > 0 {
        printError("warning: skipped \(n) bad row\(n == 1 ? "" : "s") in \(file)")
    }
    for w in report.warnings { printError("warning: \(w)") }
    // One line, not one per column: a whole uncatalogued table would otherwise print dozens.
    let inferred = report.inferredColumns.sorted(by: { $0.key < $1.key })
    if !inferred.isEmpty {
        let shown = inferred.prefix(6).map { "\($0.key):\($0.value)" }.joined(separator: ", ")
        let more = inferred.count > 6 ? ", … (\(inferred.count - 6) more; `quarry schema --table NAME=PATH` lists them)" : ""
        printError("note: \(inferred.count) column type\(inferred.count == 1 ? "" : "s") inferred from the data, not the schema catalog: \(shown)\(more)")
    }
}

func printError(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}

func reportQueryError(_ e: QueryError, fileName: String?, json: Bool) {
    if json, let d = e.diagnostics.first {
        let (line, col) = e.source.location(of: d.span.start)
        print(errorJSON(code: d.code.rawValue, message: d.message, line: line, column: col, file: nil))
    } else {
        for d in e.diagnostics { printError(d.rendered(in: e.source, fileName: fileName)) }
    }
}

func errorJSON(code: String, message: String, line: Int, column: Int, file: String?) -> String {
    var out: [UInt8] = Array("{\"error\":{\"code\":".utf8)
    JSON.writeString(code, into: &out)
    out += Array(",\"message\":".utf8)
    JSON.writeString(message, into: &out)
    if let file {
        out += Array(",\"file\":".utf8)
        JSON.writeString(file, into: &out)
    }
    out += Array(",\"line\":\(line),\"column\":\(column)}}".utf8)
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
