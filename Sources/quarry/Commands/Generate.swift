import ArgumentParser
import KQLColumns
import QuarryIO

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write deterministic synthetic DeviceNetworkEvents (same options, same bytes).")

    @Option(help: "Number of rows.") var rows: Int = 10_000
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("Newest event time (ISO 8601); events spread over --days before it.", valueName: "DATETIME"))
    var end: String = "2025-05-10T00:00:00Z"
    @Option(help: "Days of history before --end.") var days: Int = 14
    @Option(help: "Schema form: mde (Advanced Hunting, Timestamp) or sentinel (Log Analytics, TimeGenerated).") var form: String = "mde"
    @Option(help: "File format: csv, jsonl or streaming (Streaming API records / Event Hub bodies).") var format: String = "csv"
    @Option(help: "Output file.") var out: String

    func run() throws {
        guard let endTicks = DateTime.parseISO(Substring(end)) else { throw ValidationError("--end: '\(end)' is not an ISO 8601 datetime") }
        let f: GeneratorOptions.Form
        switch form {
        case "mde", "ah", "advancedhunting": f = .advancedHunting
        case "sentinel", "la", "loganalytics": f = .sentinel
        default: throw ValidationError("--form must be mde or sentinel")
        }
        guard let fmt = GeneratorOptions.Format(rawValue: format) else { throw ValidationError("--format must be csv, jsonl or streaming") }
        guard rows >= 0, days > 0 else { throw ValidationError("--rows must be >= 0 and --days > 0") }
        try SyntheticDeviceNetworkEvents.write(GeneratorOptions(seed: seed, rows: rows, end: endTicks, days: days, form: f, format: fmt), to: out)
    }
}
