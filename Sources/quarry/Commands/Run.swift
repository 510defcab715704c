import ArgumentParser

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the query in a .kql file ('-' reads standard input).")

    @Argument(help: "The query file, or - for standard input.")
    var file: String

    @OptionGroup var options: DataOptions
    @OptionGroup var limits: LimitOptions
    @OptionGroup var display: DisplayOptions

    @Option(help: ArgumentHelp("Also write a self-contained HTML report: query, parameters, data files (size, rows, sha256), result table, chart, timeline.", valueName: "FILE.html"))
    var report: String?

    func run() throws {
        try execute(source: try readSource(file), fileName: file == "-" ? nil : file, options: options, limits: limits, display: display, report: report)
    }
}

struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a query given on the command line (or on standard input when omitted).")

    @Argument(help: "The query text.")
    var query: String?

    @OptionGroup var options: DataOptions
    @OptionGroup var limits: LimitOptions
    @OptionGroup var display: DisplayOptions

    func run() throws {
        try execute(source: try query.map(querySource) ?? readSource("-"), fileName: nil, options: options, limits: limits, display: display)
    }
}
