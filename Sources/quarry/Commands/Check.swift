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
        let session = QuerySession(tables: catalogTables())
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
        reportQueryError(QueryError(diagnostics: errors, source: source), fileName: file, json: format == "json")
        throw ExitCode(1)
    }
}

/// Every catalog table, with the columns of all its forms (Advanced Hunting and Sentinel),
/// since a hunt may be written for either.
func catalogTables() -> [String: TableSource] {
    SchemaCatalog.allFormsSchemas().mapValues { schema in TableSource(schema: schema, load: { Table(schema: schema, batches: []) }) }
}
