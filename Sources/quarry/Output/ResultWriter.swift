import Foundation
import KQLColumns
import KQLEngine

/// Writes a query's rows to standard output as they arrive. CSV and JSON Lines are written
/// group by group (the first line of a large result appears at once, and a reader of the output
/// that stops early — `head` — stops the query); `table` needs every row for its column widths
/// and `json` is one document, so both are written at the end (a failure then prints no partial
/// document).
struct ResultWriter {
    let format: OutputFormat
    let schema: Schema

    func write(_ stream: QueryStream) throws {
        switch format {
        case .table, .json, .html:
            var batches: [Batch] = []
            while let group = try stream.next() { batches += group }
            let table = Table(schema: schema, batches: batches)
            if format == .html {
                emit(Array(ReportWriter.htmlPage(table, visualization: stream.visualization, warnings: stream.warnings).utf8))
                return
            }
            emit(Array((ResultFormatter.render(table, as: format) + "\n").utf8))
            if format == .table, let chart = ReportWriter.textChart(table, stream.visualization) { emit(Array(("\n" + chart).utf8)) }
        case .csv:
            var out: [UInt8] = []
            ResultFormatter.csvHeader(schema, into: &out)
            emit(out)
            while let group = try stream.next() {
                out.removeAll(keepingCapacity: true)
                ResultFormatter.forEachRow(group) { ResultFormatter.csvRow($0, into: &out) }
                emit(out)
            }
            emit([0x0A])
        case .jsonl:
            var out: [UInt8] = []
            var any = false
            while let group = try stream.next() {
                out.removeAll(keepingCapacity: true)
                ResultFormatter.forEachRow(group) { ResultFormatter.jsonLine($0, schema, into: &out) }
                any = any || !out.isEmpty
                emit(out)
            }
            if !any { emit([0x0A]) }
        }
    }

    private func emit(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBufferPointer { b in _ = fwrite(b.baseAddress, 1, b.count, stdout) }
        fflush(stdout)
    }
}
