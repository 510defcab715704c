import Foundation
import KQLColumns

/// `ysplit=panels` (render-operator.md: one chart per y column, at most five): one small chart
/// per series, stacked top to bottom, sharing the x axis. The render pages' own panels example
/// (visualization-timechart.md, `summarize count() by State, bin(StartTime, 1d) | render timechart
/// with (ysplit=panels)`) splits by series values, so Quarry draws one panel per series — a y
/// column, a series value, or both. Column and bar charts draw `ysplit=axes` as panels too (one
/// axis per series needs bars of different scales side by side), and say so in a note.
extension ChartRenderer {
    static func panels(_ m: ChartModel, _ v: Visualization, width: Double, height: Double) -> String {
        let parts = m.panels()
        var notes = m.notes
        if m.series.count > parts.count {
            notes.append("\(parts.count) of \(m.series.count) series drawn as panels (ysplit=panels draws at most \(ChartModel.maxPanels))")
        }
        if v.ysplit == "axes" { notes.append("ysplit=axes is drawn as panels in a \(v.chart)") }
        let panelHeight = max(150, height / Double(max(1, parts.count)))
        var head = SVG(width: width, height: 0)
        var top = 4.0
        if let t = v.title, !t.isEmpty {
            head.text(t, x: width / 2, y: 26, cls: "title", anchor: "middle")
            top = 38
        }
        if !notes.isEmpty {
            head.text(notes.joined(separator: "; "), x: width / 2, y: top + 12, cls: "note", anchor: "middle")
            top += 20
        }
        var svg = SVG(width: width, height: top + panelHeight * Double(parts.count))
        svg.raw(head.body)
        for (i, part) in parts.enumerated() {
            var pv = v
            pv.title = part.series.first?.name
            pv.ysplit = nil
            let inner: String
            switch v.chart {
            case "columnchart": inner = bars(part, pv, width: width, height: panelHeight, horizontal: false)
            case "barchart": inner = bars(part, pv, width: width, height: panelHeight, horizontal: true)
            default: inner = xy(part, pv, width: width, height: panelHeight)
            }
            let name = Format.escape(part.series.first?.name ?? "")
            svg.raw("<g class=\"panel\" data-series=\"\(name)\" transform=\"translate(0,\(SVG.n(top + Double(i) * panelHeight)))\">\n\(inner)\n</g>")
        }
        return svg.document(label: label(v))
    }
}
