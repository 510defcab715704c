import ArgumentParser
import Foundation
import KQLColumns
import QuarryIO

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write deterministic synthetic data (same options, same bytes).",
        discussion: """
        Without --table or --all: the classic DeviceNetworkEvents generator (thousands of devices plus the \
        investigated device test.domain.tld; csv, jsonl or streaming). With --table NAME: rows for any table \
        of the schema catalog, in its defender or sentinel form. With --all --out-dir DIR: one file per \
        catalog table (a table lacking the asked form is written in its other form). Tables generated with \
        the same --seed share devices, accounts, file hashes and ReportIds, so joins across them match.
        """)

    @Option(help: "A schema catalog table to generate (any of `quarry schema`'s tables); repeat it with --out-dir for several.")
    var table: [String] = []
    @Flag(help: "Generate every catalog table into --out-dir.") var all = false
    @Option(help: ArgumentHelp("Folder for --all or several --table (one <Table>.csv or <Table>.jsonl each; a table lacking the asked form is written in its other form).", valueName: "DIR"))
    var outDir: String?
    @Option(help: "Number of rows (per table).") var rows: Int = 10_000
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("Newest event time (ISO 8601); events spread over --days before it.", valueName: "DATETIME"))
    var end: String = "2025-05-10T00:00:00Z"
    @Option(help: "Days of history before --end.") var days: Int = 14
    @Option(help: "Schema form: defender (Advanced Hunting, Timestamp; also mde) or sentinel (Log Analytics, TimeGenerated).")
    var form: String = "defender"
    @Option(help: "File format: csv or jsonl; streaming (Streaming API records / Event Hub bodies) for the classic generator only.")
    var format: String = "csv"
    @Option(name: [.customShort("o"), .long], help: "Output file (not with --all).") var out: String?
    @Option(help: ArgumentHelp("With --table/--all: a file of strings, one a line, mixed into string columns (a third of their cells), e.g. a hunt's literals so its filters find rows.", valueName: "FILE"))
    var values: String?

    func run() throws {
        guard let endTicks = DateTime.parseISO(Substring(end)) else { throw ValidationError("--end: '\(end)' is not an ISO 8601 datetime") }
        let f: GeneratorOptions.Form
        switch form.lowercased() {
        case "defender", "mde", "ah", "advancedhunting": f = .advancedHunting
        case "sentinel", "la", "loganalytics": f = .sentinel
        default: throw ValidationError("--form must be defender or sentinel")
        }
        guard let fmt = GeneratorOptions.Format(rawValue: format) else { throw ValidationError("--format must be csv, jsonl or streaming") }
        guard rows >= 0, days > 0 else { throw ValidationError("--rows must be >= 0 and --days > 0") }
        var options = GeneratorOptions(seed: seed, rows: rows, end: endTicks, days: days, form: f, format: fmt)
        if let values {
            guard !table.isEmpty || all else { throw ValidationError("--values goes with --table or --all") }
            guard let text = try? String(contentsOfFile: values, encoding: .utf8) else { throw ValidationError("--values: cannot read '\(values)' as UTF-8 text") }
            options.vocabulary = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init).filter { !$0.isEmpty }
        }
        do {
            if all {
                guard table.isEmpty else { throw ValidationError("--all and --table exclude each other") }
                guard out == nil else { throw ValidationError("--all writes into --out-dir, not --out") }
                guard let outDir else { throw ValidationError("--all needs --out-dir DIR") }
                guard fmt != .streaming else { throw ValidationError("--format streaming is only for the classic DeviceNetworkEvents generator") }
                let written = try CatalogGenerator.writeAll(options: options, into: outDir)
                print("wrote \(written.count) tables (\(rows) rows each) to \(outDir)")
                return
            }
            if let outDir {
                guard !table.isEmpty, out == nil else { throw ValidationError("--out-dir goes with --all or --table (not --out)") }
                guard fmt != .streaming else { throw ValidationError("--format streaming is only for the classic DeviceNetworkEvents generator") }
                try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
                for t in table {
                    let path = (outDir as NSString).appendingPathComponent("\(SchemaCatalog.canonicalName(t) ?? t).\(fmt == .csv ? "csv" : "jsonl")")
                    try CatalogGenerator.write(table: t, options: options, to: path, otherFormIfMissing: true)
                }
                return
            }
            guard let out else { throw ValidationError("missing --out PATH") }
            if table.count > 1 { throw ValidationError("several --table need --out-dir DIR") }
            if let table = table.first {
                try CatalogGenerator.write(table: table, options: options, to: out)
            } else {
                try SyntheticDeviceNetworkEvents.write(options, to: out)
            }
        } catch let e as CatalogGenerator.GenerateError {
            throw ValidationError(e.description)
        }
    }
}
