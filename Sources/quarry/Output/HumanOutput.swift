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

    /// Whether the output is written as the rows arrive rather than laid out at the end: table
    /// and vertical output that nothing fits to a screen (standard output is not a terminal, or
    /// `--max-width 0 --max-rows 0 --no-pager`: no width, no row limit, no pager) and that no
    /// chart follows. A terminal table keeps its fit-to-width layout, which needs every shown row.
    static func streams(_ format: OutputFormat, _ settings: DisplaySettings, charted: Bool) -> Bool {
        (format == .table || format == .vertical) && settings.maxWidth == nil && settings.maxRows == nil
            && settings.pagerScreenRows == 0 && !charted
    }

    /// Writes the rows group by group as the query produces them (`streams`), then the footer;
    /// returns the number of rows. Vertical blocks are independent, so the output is what the
    /// laid-out form prints. A table takes the widths of its first group; a later group that needs
    /// wider columns starts a new block under a repeated header (after a blank line), its columns
    /// at least as wide as before — every block aligned, no cell cut.
    func stream(_ stream: QueryStream, write: ([String]) -> Void) throws -> Int {
        let headers = schema.names
        let right = schema.fields.map { $0.type.isNumeric || $0.type == .decimal }
        var total = 0
        var widths: [Int]? = nil
        func emit(_ rows: [[String]]) {
            if format == .vertical {
                let lines = VerticalText.render(headers: headers, rows: rows, firstRecord: total + 1, maxWidth: nil)
                if !lines.isEmpty { write(lines) }
                return
            }
            guard !headers.isEmpty else { return }
            var t = TextTable(headers: headers, rows: rows, rightAligned: right)
            t.minimumWidths = widths ?? []
            let w = t.naturalWidths
            let lines = t.render(maxWidth: nil).lines
            if widths == nil { write(lines) } else if w == widths { write(Array(lines.dropFirst(2))) } else { write([""] + lines) }
            widths = w
        }
        while let group = try stream.next() {
            var rows: [[String]] = []
            for b in group {
                for i in 0..<b.count { rows.append(b.columns.map { ResultFormatter.text($0.value(at: i)) }) }
            }
            emit(rows)
            total += rows.count
        }
        if widths == nil && total == 0 { emit([]) }   // the header of an empty table
        write(["(" + (total == 1 ? "1 row" : "\(total) rows") + ")"])
        return total
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
