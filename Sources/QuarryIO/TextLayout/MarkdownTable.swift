/// A GitHub-flavoured Markdown table: a header row, a delimiter row (`---:` for right-aligned
/// number columns), one row per record. Cells are escaped (`CellText`), then the characters
/// Markdown would read as table structure or inline formatting are backslash-escaped
/// (`\ | * _ \` < > [ ] ~`), so the rendered table shows the values as they are; a pipe in a value
/// cannot split its cell. Cells are padded so the raw text lines up too.
public enum MarkdownTable {
    public static func render(headers: [String], rows: [[String]], rightAligned: [Bool]) -> [String] {
        guard !headers.isEmpty else { return [] }
        let head = headers.map(cell)
        let body = rows.map { $0.map(cell) }
        var widths = head.map { max(3, DisplayWidth.of($0)) }
        for r in body { for (j, c) in r.enumerated() where j < widths.count { widths[j] = max(widths[j], DisplayWidth.of(c)) } }
        func right(_ j: Int) -> Bool { j < rightAligned.count && rightAligned[j] }
        func line(_ cells: [String], alignRight: Bool) -> String {
            let parts = widths.indices.map { j in DisplayWidth.pad(j < cells.count ? cells[j] : "", to: widths[j], right: alignRight && right(j)) }
            return "| " + parts.joined(separator: " | ") + " |"
        }
        let rule = widths.indices.map { j in right(j) ? String(repeating: "-", count: widths[j] - 1) + ":" : String(repeating: "-", count: widths[j]) }
        return [line(head, alignRight: false), "| " + rule.joined(separator: " | ") + " |"] + body.map { line($0, alignRight: true) }
    }

    /// One cell's Markdown source.
    public static func cell(_ s: String) -> String {
        var out = ""
        for ch in CellText.escape(s) {
            if "\\|*_`<>[]~".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
