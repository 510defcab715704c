import KQLColumns
import QuarryIO
import KQLEngine

/// Table, vertical and markdown output: keeps the first `maxRows` rows of the stream as text,
/// counts the rest, and lays them out (`TextTable`, `VerticalText`, `MarkdownTable` in
/// KQLColumns) with a footer saying what was left out.
struct HumanOutput {
    let format: OutputFormat
    let schema: Schema
    let settings: DisplaySettings

    /// The output's lines (standard output) and the number of result rows; a note for standard
    /// error when markdown output left rows out (a footer would not be Markdown). `onBatch` sees
    /// every batch (a chart drawn under the table needs all the rows).
    func render(_ stream: QueryStream, onBatch: ((Batch) -> Void)? = nil) throws -> (lines: [String], rows: Int, note: String?) {
        var kept: [[String]] = []
        var total = 0
        let limit = settings.maxRows ?? Int.max
        while let group = try stream.next() {
            for b in group {
                onBatch?(b)
                var i = 0
                while i < b.count && kept.count < limit {
                    kept.append(b.columns.map { ResultFormatter.text($0.value(at: i)) })
                    i += 1
                }
                total += b.count
            }
        }
        return layout(kept, total: total)
    }

    /// Lays out `rows` (the first of `total`).
    func layout(_ rows: [[String]], total: Int) -> (lines: [String], rows: Int, note: String?) {
        let headers = schema.names
        let right = schema.fields.map { $0.type.isNumeric || $0.type == .decimal }
        var rowPart = total == 1 ? "1 row" : "\(total) rows"
        if rows.count < total { rowPart = "first \(rows.count) of \(total) rows; --max-rows 0 shows all" }
        switch format {
        case .vertical:
            return (VerticalText.render(headers: headers, rows: rows, maxWidth: settings.maxWidth) + ["(\(rowPart))"], total, nil)
        case .markdown:
            let note = rows.count < total ? "note: markdown output holds the first \(rows.count) of \(total) rows; --max-rows 0 writes all" : nil
            return (MarkdownTable.render(headers: headers, rows: rows, rightAligned: right), total, note)
        default:
            guard !headers.isEmpty else { return (["(\(rowPart))"], total, nil) }
            let (lines, hidden) = TextTable(headers: headers, rows: rows, rightAligned: right).render(maxWidth: settings.maxWidth)
            var footer = [rowPart]
            if hidden > 0 {
                footer.append("\(headers.count - hidden) of \(headers.count) columns shown; --format vertical or --no-truncate shows all")
            }
            return (lines + ["(" + footer.joined(separator: "; ") + ")"], total, nil)
        }
    }
}
