import Foundation
import KQLColumns

/// piechart in a terminal: a strip `width` columns wide split into the slices' shares (each its
/// own shade, and colour with `color`), then one line per slice — its mark, name, share and
/// value — largest share first as the strip reads. The slices are the SVG's
/// (`ChartRenderer.pieSlices`: rows with the same name add up, values ≤ 0 are left out, past 12
/// slices the smallest merge into "Other (n)").
extension TextChart {
    /// Shades that tell slices apart without colour: one per slice (a pie has at most 12).
    static let pieShades = ["█", "▓", "▒", "░", "▚", "▞", "▙", "▟", "▛", "▜", "▀", "▄"]

    static func pie(_ m: ChartModel, _ v: Visualization, width: Int, color: Bool) -> [String] {
        let (slices, notes) = ChartRenderer.pieSlices(m)
        let total = slices.reduce(0.0) { $0 + $1.value }
        guard total > 0 else { return ["(nothing to draw: no positive values)"] }
        // Cells per slice by largest remainder, so the strip is exactly `width` wide.
        let exact = slices.map { $0.value / total * Double(width) }
        var cells = exact.map { Int($0.rounded(.down)) }
        var left = width - cells.reduce(0, +)
        for i in exact.indices.sorted(by: { exact[$0] - Double(cells[$0]) > exact[$1] - Double(cells[$1]) }) where left > 0 {
            cells[i] += 1
            left -= 1
        }
        func mark(_ i: Int) -> String { pieShades[i % pieShades.count] }
        var strip = ""
        for (i, n) in cells.enumerated() where n > 0 { strip += paint(String(repeating: mark(i), count: n), m.colorBase + i, color) }
        var out = [strip]
        let nameW = min(28, slices.map { clean($0.name).count }.max() ?? 1)
        for (i, s) in slices.enumerated() {
            let share = ChartRenderer.percent(s.value / total)
            out.append(paint(mark(i) + mark(i), m.colorBase + i, color) + " " + pad(clean(s.name), nameW) + " " + pad(share, 6, right: true) + "  " + Format.number(s.value))
        }
        for n in notes { out.append("(\(n))") }
        return out
    }
}
