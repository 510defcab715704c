import Foundation
import KQLColumns

/// Draws a query result as SVG, as its `render` asks (render-operator.md and the
/// visualization-*.md pages): pure Swift, no script, no network. `svg` returns one `<svg>` element
/// that stands on its own and can be inlined in HTML.
public enum ChartRenderer {
    /// The visualizations drawn; the others that Kusto accepts (ladderchart, pivotchart, timepivot,
    /// treemap, …) are drawn as a message saying so.
    public static let supportedCharts: Set<String> = [
        "timechart", "linechart", "areachart", "stackedareachart", "columnchart", "barchart", "piechart",
        "scatterchart", "anomalychart", "card", "table",
    ]

    public static func isSupported(_ chart: String) -> Bool { supportedCharts.contains(chart) }

    public static func svg(_ table: Table, _ visualization: Visualization, width: Double = 960, height: Double = 420) -> String {
        let v = visualization
        let w = max(200, min(width, 4000)), h = max(120, min(height, 4000))
        switch v.chart {
        case "card": return card(table, v, width: w)
        case "table": return tableChart(table, v, width: w)
        default: break
        }
        guard isSupported(v.chart) else {
            return message("Quarry does not draw '\(v.chart)' charts; the result table holds the rows", v, width: w)
        }
        let m = ChartModel.build(table, v)
        if let problem = m.problem { return message("Nothing to draw: \(problem)", v, width: w) }
        if m.splitsIntoPanels(v, axesToo: v.chart == "columnchart" || v.chart == "barchart") {
            return panels(m, v, width: w, height: h)
        }
        switch v.chart {
        case "piechart": return pie(m, v, width: w, height: h)
        case "columnchart": return bars(m, v, width: w, height: h, horizontal: false)
        case "barchart": return bars(m, v, width: w, height: h, horizontal: true)
        default: return xy(m, v, width: w, height: h)
        }
    }

    // MARK: frame

    struct Rect { var x: Double; var y: Double; var w: Double; var h: Double
        var right: Double { x + w }; var bottom: Double { y + h }
    }

    /// The plot area left after the title, the axis titles and labels, the notes and the legend.
    static func layout(_ svg: inout SVG, _ m: ChartModel, _ v: Visualization, legend: [String], leftLabelWidth: Double = 56,
                       bottomLabelHeight: Double = 34) -> Rect {
        var top = 14.0
        if let t = v.title, !t.isEmpty {
            svg.text(t, x: svg.width / 2, y: 26, cls: "title", anchor: "middle")
            top = 44
        }
        if !m.notes.isEmpty {
            svg.text(m.notes.joined(separator: "; "), x: svg.width / 2, y: top + 4, cls: "note", anchor: "middle")
            top += 16
        }
        let showLegend = v.showsLegend && !legend.isEmpty && !(legend.count == 1 && m.series.count <= 1 && v.chart != "piechart")
        var right = svg.width - 24
        if showLegend {
            let longest = legend.map(\.count).max() ?? 0
            let lw = min(240, max(90, Double(longest) * 7 + 30))
            right = svg.width - lw - 12
            drawLegend(&svg, legend, x: right + 16, y: top + 6, maxWidth: lw - 8)
        }
        var left = leftLabelWidth + 10
        if v.ytitle != nil { left += 18 }
        var bottom = svg.height - bottomLabelHeight - 8
        if let xt = v.xtitle, !xt.isEmpty {
            svg.text(xt, x: (left + right) / 2, y: svg.height - 8, cls: "xtitle", anchor: "middle")
            bottom -= 16
        }
        if let yt = v.ytitle, !yt.isEmpty {
            let cy = (top + bottom) / 2
            svg.text(yt, x: 16, y: cy, cls: "ytitle", anchor: "middle", rotate: -90)
        }
        return Rect(x: left, y: top + 6, w: max(20, right - left), h: max(20, bottom - top - 6))
    }

    static func drawLegend(_ svg: inout SVG, _ names: [String], x: Double, y: Double, maxWidth: Double) {
        let maxChars = max(4, Int(maxWidth / 7) - 2)
        let room = Int((svg.height - y - 10) / 18)
        for (i, name) in names.enumerated() {
            if i >= room - 1 && names.count > room {
                svg.text("… \(names.count - i) more", x: x, y: y + Double(i) * 18 + 10, cls: "legend-label")
                break
            }
            let shown = name.count > maxChars ? String(name.prefix(maxChars - 1)) + "…" : name
            let yy = y + Double(i) * 18
            svg.raw("<g class=\"legend-item\"><rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(yy))\" width=\"12\" height=\"12\" rx=\"2\" fill=\"\(Palette.color(i))\"/><text class=\"legend-label\" x=\"\(SVG.n(x + 18))\" y=\"\(SVG.n(yy + 10))\">\(Format.escape(shown))<title>\(Format.escape(name))</title></text></g>")
        }
    }

    /// Horizontal grid lines and labels of a y scale.
    static func yAxis(_ svg: inout SVG, _ s: Scale, _ p: Rect) {
        for t in s.ticks {
            let y = p.bottom - s.fraction(t.value) * p.h
            guard y >= p.y - 0.5, y <= p.bottom + 0.5 else { continue }
            svg.line(p.x, y, p.right, y, cls: "grid")
            svg.text(t.label, x: p.x - 6, y: y + 4, cls: "ytick", anchor: "end")
        }
        svg.line(p.x, p.bottom, p.right, p.bottom, cls: "axis")
    }

    static func message(_ text: String, _ v: Visualization, width: Double) -> String {
        var svg = SVG(width: width, height: 120)
        if let t = v.title { svg.text(t, x: width / 2, y: 26, cls: "title", anchor: "middle") }
        svg.text(text, x: width / 2, y: 70, cls: "message", anchor: "middle")
        return svg.document(label: text)
    }

    static func label(_ v: Visualization) -> String { v.title.map { "\(v.chart): \($0)" } ?? v.chart }

    /// Text for a tooltip: `series · x: y`.
    static func tip(_ series: String, _ x: String, _ y: Double) -> String { "\(series) · \(x): \(Format.exact(y))" }
}

extension Visualization {
    /// Axis titles default to the column names, as Kusto's clients label them: x's name, and y's
    /// when there is one y column. A barchart's axes are swapped (categories on the left, as the
    /// barchart page's example with `xtitle="State"` shows), so its titles go on the other axes.
    func withAxisTitles(_ m: ChartModel, horizontal: Bool = false) -> Visualization {
        var v = self
        let x = v.xtitle ?? m.xName
        let y = v.ytitle ?? (m.yNames.count == 1 ? m.yNames[0] : nil)
        if horizontal { v.xtitle = y; v.ytitle = x } else { v.xtitle = x; v.ytitle = y }
        return v
    }
}
