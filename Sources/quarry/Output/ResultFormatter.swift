import KQLColumns
import KQLEngine
import QuarryWorkspace

/// Renders result tables as a terminal table, one block per record (vertical), a Markdown
/// table, CSV, JSON or JSON Lines.
enum OutputFormat: String, CaseIterable {
    case table, csv, json, jsonl, vertical, markdown, html

    /// Formats laid out for reading (rows kept, counted and cut by `DisplaySettings`), not parsing.
    var isForPeople: Bool { self == .table || self == .vertical || self == .markdown }
}

enum ResultFormatter {
    static func render(_ t: Table, as format: OutputFormat) -> String {
        switch format {
        case .table, .vertical, .markdown:
            var rows: [[String]] = []
            forEachRow(t) { rows.append($0.map(text)) }
            return HumanOutput(format: format, schema: t.schema, settings: DisplaySettings()).layout(rows, total: rows.count).lines.joined(separator: "\n")
        case .csv: return csv(t)
        case .json: return json(t)
        case .jsonl: return jsonLines(t)
        case .html: return ReportWriter.htmlPage(t, visualization: nil, warnings: [])
        }
    }

    // CSV and JSON are QuarryWorkspace's `ResultExport` (shared with the server's page).
    static func text(_ v: Value) -> String { ResultExport.text(v) }

    static func json(_ t: Table) -> String { ResultExport.json(t) }

    static func jsonLines(_ t: Table) -> String {
        var out: [UInt8] = []
        forEachRow(t) { jsonLine($0, t.schema, into: &out) }
        if !out.isEmpty { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    static func jsonLine(_ row: [Value], _ schema: Schema, into out: inout [UInt8]) { ResultExport.jsonLine(row, schema, into: &out) }
    static func csv(_ t: Table) -> String { ResultExport.csv(t) }
    static func csvHeader(_ schema: Schema, into out: inout [UInt8]) { ResultExport.csvHeader(schema, into: &out) }
    static func csvRow(_ row: [Value], into out: inout [UInt8]) { ResultExport.csvRow(row, into: &out) }

    static func forEachRow(_ t: Table, _ body: ([Value]) -> Void) {
        forEachRow(t.batches, body)
    }

    static func forEachRow(_ batches: [Batch], _ body: ([Value]) -> Void) { ResultExport.forEachRow(batches, body) }
}
