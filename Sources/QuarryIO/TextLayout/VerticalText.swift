/// One record per block, one `column: value` line per field, each block under a
/// `-[ RECORD n ]-` line (psql's expanded display, mysql's `\G`). Names are padded so that the
/// values line up; values are escaped (`CellText`) and, when `maxWidth` is given, cut to fit
/// with `…`.
public enum VerticalText {
    public static func render(headers: [String], rows: [[String]], firstRecord: Int = 1, maxWidth: Int?) -> [String] {
        let names = headers.map { CellText.escape($0) + ":" }
        let nameWidth = names.map(DisplayWidth.of).max() ?? 0
        var lines: [String] = []
        for (i, row) in rows.enumerated() {
            var block: [String] = []
            for (j, name) in names.enumerated() {
                var value = CellText.escape(j < row.count ? row[j] : "")
                if let maxWidth { value = DisplayWidth.truncate(value, to: max(1, maxWidth - nameWidth - 1)) }
                block.append(TextTable.trimTrailingSpaces(DisplayWidth.pad(name, to: nameWidth) + " " + value))
            }
            let label = "-[ RECORD \(firstRecord + i) ]-"
            var ruleWidth = max(DisplayWidth.of(label), block.map(DisplayWidth.of).max() ?? 0)
            if let maxWidth { ruleWidth = max(DisplayWidth.of(label), min(ruleWidth, maxWidth)) }
            lines.append(label + String(repeating: "-", count: ruleWidth - DisplayWidth.of(label)))
            lines += block
        }
        return lines
    }
}
