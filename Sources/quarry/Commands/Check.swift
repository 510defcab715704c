import ArgumentParser
import KQLColumns
import KQLEngine
import KQLSyntax
import QuarryIO

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse and bind a query against the schema catalog, reading no data (standard input when no file is given).")

    @ArgumentParser.Argument(help: "The query file; standard input when omitted.")
    var file: String?

    @Flag(help: "Only parse; do not bind names and types.")
    var syntaxOnly = false

    @Option(help: "Output format for errors: text or json.")
    var format: String = "text"

    @Option(name: .customLong("table"), help: ArgumentHelp("Check against this file's columns instead of the catalog's (as run would bind it).", valueName: "NAME=PATH"))
    var tableSpecs: [String] = []

    @Option(name: .customLong("data"), help: ArgumentHelp("Check against the tables found in a directory instead of the catalog (as run would bind them).", valueName: "DIR"))
    var dataDirectories: [String] = []

    @Flag(help: "When the query binds, also print its result columns and types (text: one 'name: type' a line; json: \"columns\":[[name,type],...]).")
    var schema = false

    func run() throws {
        let text = try readSource(file ?? "-")
        // The hunt file's `@param` header: its lines and names (the values' types are checked by `run`).
        do { try ParameterHeader.parse(text.text).check(against: text) } catch let p as ParameterHeader.Problem {
            if format == "json" {
                print(errorJSON(code: p.code.rawValue, message: p.message, line: p.line, column: 1, file: file))
            } else {
                printError("\(file ?? "<query>"):\(p.line): error: \(p.message)")
            }
            throw ExitCode(1)
        }
        let session = QuerySession(tables: try checkTables(queryText: text.text))
        // check has no --watchlist: a watchlist the hunt reads is checked with the columns it uses (a warning).
        session.inferUnboundWatchlists = true
        // Against the catalog, a wildcard reads the tables every Defender/Sentinel workspace has.
        if tableSpecs.isEmpty && dataDirectories.isEmpty { session.excludedFromWildcards = SchemaCatalog.workspaceContentTables }
        if !tableSpecs.isEmpty || !dataDirectories.isEmpty { session.catalogTableNames = SchemaCatalog.tableNames }
        var columns: Schema?
        let diags: [Diagnostic], source: SourceText
        if schema && !syntaxOnly {
            (columns, diags, source) = session.checkSchema(text)
        } else {
            (diags, source) = session.check(text, syntaxOnly: syntaxOnly)
        }
        let errors = diags.filter { $0.severity == .error }
        if errors.isEmpty {
            // Warnings (e.g. operators after a data-dependent plugin that could not be checked) go to stderr.
            if format != "json" { for d in diags where d.severity == .warning { printError(d.rendered(in: source, fileName: file)) } }
            if format != "json" {
                print("ok")
                for f in columns?.fields ?? [] { print("\(f.name): \(f.type)") }
            } else if let columns {
                var out: [UInt8] = Array("{\"ok\":true,\"columns\":[".utf8)
                for (i, f) in columns.fields.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    out.append(UInt8(ascii: "["))
                    JSON.writeString(f.name, into: &out)
                    out += Array(",\"\(f.type)\"]".utf8)
                }
                out += Array("]}".utf8)
                print(String(decoding: out, as: UTF8.self))
            } else {
                print("{\"ok\":true}")
            }
            return
        }
        if format == "json" {
            print(checkErrorsJSON(errors, source: source))
        } else {
            reportQueryError(QueryError(diagnostics: errors, source: source), fileName: file, json: false)
        }
        throw ExitCode(1)
    }

    /// The tables to bind against: with --table or --data, the files' own columns, bound as `run`
    /// binds them (a column the catalog has and the file lacks is an error here too); otherwise
    /// every catalog table, reading nothing.
    func checkTables(queryText: String) throws -> [String: any TableProvider] {
        guard !tableSpecs.isEmpty || !dataDirectories.isEmpty else { return catalogTables(queryText: queryText).mapValues { $0 as any TableProvider } }
        let data = try DataOptions.parse(tableSpecs.flatMap { ["--table", $0] } + dataDirectories.flatMap { ["--data", $0] })
        do {
            return try data.loadTables(queryText: queryText)
        } catch let e as ReadError {
            if format == "json" {
                print(errorJSON(code: "QIO001", message: e.message, line: e.line, column: e.column, file: e.file))
            } else {
                printError(e.line > 0 ? "\(e.file):\(e.line):\(e.column): error: \(e.message)" : "\(e.file): error: \(e.message)")
            }
            throw ExitCode(ExitStatus.dataError)
        }
    }
}

/// Every error of a check, in source order: `{"error": first, "errors": [all]}` (`error` as
/// `run --format json` prints its one error; each with its `help` when it has one).
func checkErrorsJSON(_ errors: [Diagnostic], source: SourceText) -> String {
    let objects = errors.map { d -> String in
        let (line, col) = source.location(of: d.span.start)
        return errorObjectJSON(code: d.code.rawValue, message: d.message, line: line, column: col, file: nil, help: d.help)
    }
    return "{\"error\":\(objects.first ?? "null"),\"errors\":[\(objects.joined(separator: ","))]}"
}

/// Every catalog table, with the columns of all its forms (Advanced Hunting and Sentinel),
/// since a hunt may be written for either; an open-schema table (AzureDiagnostics) also has the
/// suffix-typed columns `queryText` names (`SchemaCatalog.openSchemaColumns`).
func catalogTables(queryText: String = "") -> [String: TableSource] {
    SchemaCatalog.allFormsSchemas(for: queryText).mapValues { schema in TableSource(schema: schema, load: { Table(schema: schema, batches: []) }) }
}
