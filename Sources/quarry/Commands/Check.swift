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

    func run() throws {
        let text = try readSource(file ?? "-")
        let session = QuerySession(tables: catalogTables())
        let (diags, source) = session.check(text, syntaxOnly: syntaxOnly)
        let errors = diags.filter { $0.severity == .error }
        if errors.isEmpty {
            // Warnings (e.g. operators after a data-dependent plugin that could not be checked) go to stderr.
            if format != "json" { for d in diags where d.severity == .warning { printError(d.rendered(in: source, fileName: file)) } }
            if format != "json" { print("ok") } else { print("{\"ok\":true}") }
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
