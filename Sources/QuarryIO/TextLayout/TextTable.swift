/// A result as a text table that fits a width: `a | b` cells under a `--+--` rule, numbers
/// right-aligned, every cell escaped (`CellText`) and measured in terminal columns
/// (`DisplayWidth`).
///
/// Fitting (when the natural widths and the ` | ` separators exceed `maxWidth`): columns are
/// shrunk fairly — every column keeps its natural width up to a common cap, the cap is the
/// largest that fits, and what is left goes one column at a time from the left — down to a
/// minimum of `minimumColumnWidth` (or the natural width when smaller). When even the minimums
/// do not fit, the columns that do not are left out on the right and a last `…` column says so
/// (`hiddenColumns`). A cut cell ends in `…`.
public struct TextTable {
    public var headers: [String]
    public var rows: [[String]]
    public var rightAligned: [Bool]
    /// The narrowest a shrunk column gets: seven characters and the ellipsis. Narrower columns
    /// ("Ac…") fit more of a 72-column export on the screen but say nothing; leaving columns out
    /// (and saying so) reads better.
    public static let minimumColumnWidth = 8
    static let separator = " | "

    /// Widths the columns take at least (a streamed table keeps the widths of the rows above).
    public var minimumWidths: [Int] = []

    public init(headers: [String], rows: [[String]], rightAligned: [Bool]) {
        self.headers = headers; self.rows = rows; self.rightAligned = rightAligned
    }

    /// Each column's width before any fitting: its widest cell or header, or `minimumWidths`.
    public var naturalWidths: [Int] {
        var natural = headers.map { max(1, DisplayWidth.of(CellText.escape($0))) }
        for r in rows { for (j, c) in r.enumerated() where j < natural.count { natural[j] = max(natural[j], DisplayWidth.of(CellText.escape(c))) } }
        for (j, m) in minimumWidths.enumerated() where j < natural.count { natural[j] = max(natural[j], m) }
        return natural
    }

    /// The table's lines (no trailing spaces), fit to `maxWidth` columns when it is given, and
    /// how many columns were left out on the right.
    public func render(maxWidth: Int?) -> (lines: [String], hiddenColumns: Int) {
        let head = headers.map(CellText.escape)
        let body = rows.map { $0.map(CellText.escape) }
        var natural = head.map { max(1, DisplayWidth.of($0)) }
        for r in body { for (j, c) in r.enumerated() where j < natural.count { natural[j] = max(natural[j], DisplayWidth.of(c)) } }
        for (j, m) in minimumWidths.enumerated() where j < natural.count { natural[j] = max(natural[j], m) }
        let (widths, hidden) = Self.fit(natural, maxWidth: maxWidth)
        let shown = widths.count
        func line(_ cells: [String], header: Bool) -> String {
            var parts: [String] = []
            for j in 0..<shown {
                let cell = DisplayWidth.truncate(j < cells.count ? cells[j] : "", to: widths[j])
                parts.append(DisplayWidth.pad(cell, to: widths[j], right: !header && j < rightAligned.count && rightAligned[j]))
            }
            if hidden > 0 { parts.append("…") }
            return Self.trimTrailingSpaces(parts.joined(separator: Self.separator))
        }
        var lines = [line(head, header: true)]
        var rule = widths.map { String(repeating: "-", count: $0) }
        if hidden > 0 { rule.append("-") }
        lines.append(rule.joined(separator: "-+-"))
        for r in body { lines.append(line(r, header: false)) }
        return (lines, hidden)
    }

    /// The width of each shown column and how many are hidden, for columns of `natural` widths.
    static func fit(_ natural: [Int], maxWidth: Int?) -> (widths: [Int], hidden: Int) {
        let sep = separator.count
        func total(_ ws: ArraySlice<Int>) -> Int { ws.reduce(0, +) + sep * max(0, ws.count - 1) }
        guard let maxWidth, total(natural[...]) > maxWidth, !natural.isEmpty else { return (natural, 0) }
        let minimum = natural.map { min($0, minimumColumnWidth) }
        // The most columns whose minimums fit, with room for the `…` column when some are hidden.
        var k = natural.count
        while k > 1 && total(minimum[..<k]) + (k < natural.count ? sep + 1 : 0) > maxWidth { k -= 1 }
        let available = maxWidth - sep * (k - 1) - (k < natural.count ? sep + 1 : 0)
        let cols = Array(natural[..<k]), mins = Array(minimum[..<k])
        if mins.reduce(0, +) >= available { return (k == 1 ? [max(1, available)] : mins, natural.count - k) }
        // The largest common cap that fits.
        func used(_ cap: Int) -> Int { zip(cols, mins).reduce(0) { $0 + min($1.0, max($1.1, cap)) } }
        var lo = 0, hi = cols.max() ?? 0
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if used(mid) <= available { lo = mid } else { hi = mid - 1 }
        }
        var widths = zip(cols, mins).map { min($0.0, max($0.1, lo)) }
        var left = available - widths.reduce(0, +)
        for j in widths.indices where left > 0 && widths[j] < cols[j] {
            widths[j] += 1
            left -= 1
        }
        return (widths, natural.count - k)
    }

    static func trimTrailingSpaces(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }
}
