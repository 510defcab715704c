import Foundation
import KQLColumns
import KQLEngine
import QuarryWorkspace
import QuarryIO
import QuarryRender

/// `quarry run HUNT.kql --report out.html`, `--format html`, and the text chart after a terminal table.
enum ReportWriter {
    /// The data files behind the tables the query names: path, size, rows and SHA-256 of each.
    /// Rows are counted by reading the file again, alone (one column), so that each file's count
    /// is its own; a file that cannot be read that way shows no count.
    static func dataFiles(tables: [String: any TableProvider], queryText: String) -> [DataFileInfo] {
        var out: [DataFileInfo] = []
        for (name, provider) in tables.sorted(by: { $0.key < $1.key }) {
            guard let ft = provider as? FileTable, DataOptions.mentions(queryText, name) else { continue }
            let first = ft.schema.fields.first?.name
            for path in ft.paths.flatMap(expand) {
                var info = DataFileInfo(table: name, path: path)
                if let attrs = try? FileManager.default.attributesOfItem(atPath: path), let size = attrs[.size] as? NSNumber {
                    info.size = size.int64Value
                }
                info.sha256 = SHA256.file(path)
                if let (t, _) = try? TableReader.read(paths: [path], tableName: name, options: ft.options,
                                                      columns: first.map { [$0] }, predicates: []) {
                    info.rows = t.rowCount
                }
                out.append(info)
            }
        }
        return out
    }

    /// A directory as the regular files under it (sorted); a file as itself.
    static func expand(_ path: String) -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else { return [path] }
        guard let e = FileManager.default.enumerator(atPath: path) else { return [path] }
        var files: [String] = []
        while let rel = e.nextObject() as? String {
            let full = (path as NSString).appendingPathComponent(rel)
            var d: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &d), !d.boolValue, !(rel as NSString).lastPathComponent.hasPrefix(".") {
                files.append(full)
            }
        }
        return files.sorted()
    }

    /// Runs the stream to its end and writes the report file; returns the result table.
    static func writeReport(to path: String, stream: QueryStream, source: String, fileName: String?, options: DataOptions,
                            tables: [String: any TableProvider]) throws -> Table {
        var batches: [Batch] = []
        while let group = try stream.next() { batches += group }
        let table = Table(schema: stream.schema, batches: batches)
        var input = ReportInput(queryText: source, queryFile: fileName, table: table, visualization: stream.visualization)
        input.parameters = ((try? options.parameterMap()) ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        input.now = options.now
        input.files = dataFiles(tables: tables, queryText: source)
        input.warnings = stream.warnings
        do {
            try Data(HTMLReport.page(input).utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw ReportError(message: "--report: cannot write '\(path)': \(error.localizedDescription)")
        }
        printError("report: wrote \(path) (\(table.rowCount) row\(table.rowCount == 1 ? "" : "s"))")
        return table
    }

    /// The result on standard output after a report was written (the same text as without --report).
    static func printResult(_ table: Table, format: OutputFormat, visualization: Visualization?, warnings: [String]) {
        var text = format == .html ? htmlPage(table, visualization: visualization, warnings: warnings)
                                   : ResultFormatter.render(table, as: format) + "\n"
        if format == .table, let chart = textChart(table, visualization) { text += "\n" + chart }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// `--format html`: the result table and its chart as one page on standard output.
    static func htmlPage(_ table: Table, visualization: Visualization?, warnings: [String]) -> String {
        var input = ReportInput(queryText: "", queryFile: nil, table: table, visualization: visualization, warnings: warnings)
        input.full = false
        return HTMLReport.page(input)
    }

    /// The terminal chart printed after a table when standard output is a terminal.
    /// Whether a text chart follows the table: standard output is a terminal and the chart kind has one.
    static func wantsTextChart(_ visualization: Visualization?) -> Bool {
        guard let v = visualization else { return false }
        return TextChart.supports(v.chart) && isatty(STDOUT_FILENO) == 1
    }

    static func textChart(_ table: Table, _ visualization: Visualization?) -> String? {
        guard let v = visualization, TextChart.supports(v.chart), isatty(STDOUT_FILENO) == 1 else { return nil }
        var ws = winsize()
        let width = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0 && ws.ws_col > 0 ? Int(ws.ws_col) : 80
        let text = TextChart.render(table, v, width: min(width, 160) - 1, height: 14, color: true)
        return text.isEmpty ? nil : text
    }
}

struct ReportError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
