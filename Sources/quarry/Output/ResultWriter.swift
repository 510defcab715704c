import Foundation
import KQLColumns
import KQLEngine
import QuarryWorkspace

/// Writes a query's rows to standard output as they arrive. CSV and JSON Lines are written
/// group by group (the first line of a large result appears at once, and a reader of the output
/// that stops early — `head` — stops the query), and so are table and vertical output when
/// nothing fits them to a screen (`HumanOutput.streams`: standard output is not a terminal).
/// Rows arrive as the plan produces them: a plan of streaming operators (scan, where, project,
/// extend, take, …) hands on each group of parsed batches, while sort, summarize, top or a join's
/// build side hold their rows until their input ends. `json` is one document, written at the end
/// (a failure then prints no partial document); `html` too. Table and vertical output to a
/// terminal, and markdown, keep the rows they show (`DisplaySettings.maxRows`), count the rest,
/// and are written at the end — fit to the terminal's width, through a pager when taller than
/// it (`Pager`).
struct ResultWriter {
    let format: OutputFormat
    let schema: Schema
    var settings = DisplaySettings()
    /// Runs just before a pager starts.
    var beforePaging: () -> Void = {}

    /// Writes the result; returns its number of rows.
    @discardableResult
    func write(_ stream: QueryStream) throws -> Int {
        switch format {
        case .table, .vertical, .markdown:
            // A chart under a terminal table needs every row, not only those shown.
            let charted = format == .table && ReportWriter.wantsTextChart(stream.visualization)
            if HumanOutput.streams(format, settings, charted: charted) {
                // Rows written to a terminal (--max-width 0 --max-rows 0 --no-pager) would mix with the progress line.
                if Terminal.isTerminal(STDOUT_FILENO) { ScanProgress.shared.stop() }
                return try HumanOutput(format: format, schema: schema, settings: settings).stream(stream) { lines in
                    emit(Array((lines.joined(separator: "\n") + "\n").utf8))
                }
            }
            var all: [Batch] = []
            var (lines, rows, note) = try HumanOutput(format: format, schema: schema, settings: settings).render(stream, onBatch: charted ? { all.append($0) } : nil)
            if charted, let chart = ReportWriter.textChart(Table(schema: schema, batches: all), stream.visualization) { lines += [""] + chart.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
            ScanProgress.shared.stop()
            Pager.emit(lines.joined(separator: "\n") + "\n", lineCount: lines.count, screenRows: settings.pagerScreenRows, beforePaging: beforePaging)
            if let note { printError(note) }
            return rows
        case .json:
            var batches: [Batch] = []
            while let group = try stream.next() { batches += group }
            let t = Table(schema: schema, batches: batches)
            ScanProgress.shared.stop()
            emit(Array((ResultFormatter.render(t, as: format) + "\n").utf8))
            return batches.reduce(0) { $0 + $1.count }
        case .html:
            var batches: [Batch] = []
            while let group = try stream.next() { batches += group }
            let table = Table(schema: schema, batches: batches)
            ScanProgress.shared.stop()
            emit(Array(ReportWriter.htmlPage(table, visualization: stream.visualization, warnings: stream.warnings).utf8))
            return table.rowCount
        case .csv:
            var out: [UInt8] = []
            var rows = 0
            ResultFormatter.csvHeader(schema, into: &out)
            emit(out)
            while let group = try stream.next() {
                out.removeAll(keepingCapacity: true)
                ResultFormatter.forEachRow(group) { ResultFormatter.csvRow($0, into: &out) }
                rows += group.reduce(0) { $0 + $1.count }
                emit(out)
            }
            emit([0x0A])
            return rows
        case .jsonl:
            var out: [UInt8] = []
            var rows = 0
            while let group = try stream.next() {
                out.removeAll(keepingCapacity: true)
                ResultFormatter.forEachRow(group) { ResultFormatter.jsonLine($0, schema, into: &out) }
                rows += group.reduce(0) { $0 + $1.count }
                emit(out)
            }
            if rows == 0 { emit([0x0A]) }
            return rows
        }
    }

    private func emit(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBufferPointer { b in _ = fwrite(b.baseAddress, 1, b.count, stdout) }
        fflush(stdout)
    }
}
