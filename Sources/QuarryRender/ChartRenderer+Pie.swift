import Foundation
import KQLColumns

/// piechart, card and table.
extension ChartRenderer {
    /// visualization-piechart.md: the first column names the slices, the first numeric one sizes
    /// them. Rows with the same name add up; negative and zero values draw no slice. Past 12 slices
    /// the smallest are drawn as one "Other" slice (named in the legend with their count).
    static func pie(_ m: ChartModel, _ v: Visualization, width: Double, height: Double) -> String {
        let (slices, notes) = pieSlices(m)
        let total = slices.reduce(0) { $0 + $1.value }
        var svg = SVG(width: width, height: height)
        var model = m
        model.notes = notes
        guard total > 0 else { return message("Nothing to draw: no positive values", v, width: width) }
        let legend = slices.map { "\($0.name) (\(percent($0.value / total)))" }
        let p = layout(&svg, model, v, legend: legend, leftLabelWidth: 0, bottomLabelHeight: 0)
        let r = max(10, min(p.w, p.h) / 2 - 6)
        let cx = p.x + p.w / 2, cy = p.y + p.h / 2
        var angle = -Double.pi / 2
        for (i, s) in slices.enumerated() {
            let sweep = s.value / total * 2 * Double.pi
            let tipText = "\(s.name): \(Format.exact(s.value)) (\(percent(s.value / total)))"
            if slices.count == 1 {
                svg.circle(cx, cy, r: r, cls: "slice", fill: Palette.color(i), tip: tipText)
            } else {
                let a2 = angle + sweep
                let x1 = cx + r * cos(angle), y1 = cy + r * sin(angle)
                let x2 = cx + r * cos(a2), y2 = cy + r * sin(a2)
                let large = sweep > Double.pi ? 1 : 0
                svg.raw("<path class=\"slice\" d=\"M\(SVG.n(cx)),\(SVG.n(cy)) L\(SVG.n(x1)),\(SVG.n(y1)) A\(SVG.n(r)),\(SVG.n(r)) 0 \(large) 1 \(SVG.n(x2)),\(SVG.n(y2)) Z\" fill=\"\(Palette.color(i))\"><title>\(Format.escape(tipText))</title></path>")
                if sweep > 0.25 {
                    let mid = angle + sweep / 2
                    svg.text(percent(s.value / total), x: cx + r * 0.65 * cos(mid), y: cy + r * 0.65 * sin(mid) + 4, cls: "legend-label", anchor: "middle", extra: " style=\"fill:#fff;font-weight:600\"")
                }
                angle = a2
            }
        }
        return svg.document(label: label(v))
    }

    /// The slices a piechart draws (SVG and text alike), with the notes on what it left out.
    static func pieSlices(_ m: ChartModel) -> (slices: [(name: String, value: Double)], notes: [String]) {
        var sums = Array(repeating: 0.0, count: m.categories.count)
        for s in m.series { for pt in s.points where Int(pt.x) >= 0 && Int(pt.x) < sums.count { sums[Int(pt.x)] += pt.y } }
        var slices = m.categories.indices.map { (name: m.categories[$0], value: sums[$0]) }.filter { $0.value > 0 }
        var notes = m.notes
        let skipped = m.categories.count - slices.count
        if skipped > 0 { notes.append("\(skipped) slice\(skipped == 1 ? "" : "s") with a value ≤ 0 not drawn") }
        if slices.count > 12 {
            let sorted = slices.sorted { $0.value > $1.value }
            let rest = sorted.dropFirst(11)
            slices = Array(sorted.prefix(11)) + [(name: "Other (\(rest.count))", value: rest.reduce(0) { $0 + $1.value })]
        }
        return (slices, notes)
    }

    static func percent(_ f: Double) -> String {
        let p = f * 100
        return (p >= 10 ? String(Int(p.rounded())) : String(format: "%.1f", p)) + "%"
    }

    /// visualization-card.md: the first row's values; the first column's value large, the others
    /// beneath it as `name: value`.
    static func card(_ table: Table, _ v: Visualization, width: Double) -> String {
        let cols = Columns(table)
        guard cols.rowCount > 0, !table.schema.fields.isEmpty else { return message("Nothing to draw: no rows", v, width: width) }
        let fields = table.schema.fields
        let extra = min(fields.count - 1, 8)
        var svg = SVG(width: min(width, 480), height: 150 + Double(extra) * 20)
        var y = 30.0
        if let t = v.title { svg.text(t, x: 24, y: y, cls: "title"); y += 22 }
        let first = cols.value(0, 0)
        let big: String
        if let n = ChartModel.number(first), fields[0].type.isNumeric { big = Format.exact(n).count > 12 ? Format.number(n) : groupThousands(Format.exact(n)) } else { big = Format.cell(first) }
        svg.text(big.count > 24 ? String(big.prefix(23)) + "…" : big, x: 24, y: y + 56, cls: "card-value", extra: "")
        svg.text(fields[0].name, x: 24, y: y + 80, cls: "card-label")
        for i in 0..<extra {
            let f = fields[i + 1]
            svg.text("\(f.name): \(Format.cell(cols.value(i + 1, 0)))", x: 24, y: y + 104 + Double(i) * 20, cls: "card-label")
        }
        return svg.document(label: label(v))
    }

    static func groupThousands(_ s: String) -> String {
        guard !s.contains("."), !s.contains("e") else { return s }
        let neg = s.hasPrefix("-")
        var digits = Array(neg ? String(s.dropFirst()) : s)
        var out: [Character] = []
        while digits.count > 3 { out = [","] + Array(digits.suffix(3)) + out; digits.removeLast(3) }
        return (neg ? "-" : "") + String(digits) + String(out)
    }

    /// visualization-table.md: the rows as a table (the first 25, saying how many more there are).
    static func tableChart(_ table: Table, _ v: Visualization, width: Double) -> String {
        let cols = Columns(table)
        let fields = table.schema.fields
        let shown = min(cols.rowCount, 25)
        let nCols = max(1, min(fields.count, 12))
        let colW = (width - 20) / Double(nCols)
        let maxChars = max(3, Int(colW / 7))
        var svg = SVG(width: width, height: 60 + Double(shown) * 20 + (cols.rowCount > shown ? 20 : 0) + (v.title == nil ? 0 : 24))
        var y = 22.0
        if let t = v.title { svg.text(t, x: 10, y: y, cls: "title"); y += 24 }
        func clip(_ s: String) -> String { s.count > maxChars ? String(s.prefix(maxChars - 1)) + "…" : s }
        for c in 0..<nCols { svg.text(clip(fields[c].name), x: 10 + Double(c) * colW, y: y, cls: "head") }
        svg.line(10, y + 6, width - 10, y + 6, cls: "axis")
        for r in 0..<shown {
            let yy = y + 24 + Double(r) * 20
            if r % 2 == 1 { svg.rect(10, yy - 14, width - 20, 20, cls: "stripe", fill: "#f6f8fa") }
            for c in 0..<nCols { svg.text(clip(Format.cell(cols.value(c, r))), x: 10 + Double(c) * colW, y: yy, cls: "cell") }
        }
        if cols.rowCount > shown { svg.text("… \(cols.rowCount - shown) more rows", x: 10, y: y + 24 + Double(shown) * 20, cls: "note") }
        return svg.document(label: label(v))
    }
}
