import ArgumentParser
import KQLEngine

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the optimized plan of a query, one operator per line (standard input when no file is given); reads no data.",
        discussion: """
            Each line is an operator with its properties: the columns each scan reads, the predicates \
            pushed into it and its row limit, filters, the strategies of summarize and join; subqueries \
            (in, toscalar) and shared plans (materialize, lets used more than once) appear as children. \
            Tables not bound with --table/--data are taken from the schema catalog. --format json gives \
            the same tree as JSON.
            """)

    @Argument(help: "The query file; standard input when omitted.")
    var file: String?

    @OptionGroup var options: DataOptions

    @Flag(help: "Show the plan as bound, before the optimizer's rewrites.")
    var unoptimized = false

    func run() throws {
        let text = try readSource(file ?? "-")
        let json = options.format == "json"
        do {
            var tables: [String: any TableProvider] = catalogTables(queryText: text.text)
            for (name, t) in try options.loadTables(queryText: text.text) { tables[name] = t }
            let plan = try QuerySession(tables: tables).explain(
                text, options: QueryOptions(now: try options.nowTicks(), parameters: try options.parameterMap(), optimize: !unoptimized))
            print(json ? plan.json : plan.text)
        } catch let e as QueryError {
            reportQueryError(e, fileName: file, json: json)
            throw ExitCode(1)
        }
    }
}
