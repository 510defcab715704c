import Foundation
import KQLColumns

/// `ysplit=panels` in a terminal: one small chart per series (`ChartModel.panels`: at most five,
/// sharing the x axis), each under a line naming its series. `ysplit=axes` is drawn the same way:
/// a text chart has room for one labelled y axis, and separate panels keep each series on its
/// own scale, which is what the axes are for. Notes say when series were left out and when axes
/// became panels.
extension TextChart {
    static func panels(_ m: ChartModel, _ v: Visualization, width: Int, height: Int, color: Bool) -> [String] {
        let parts = m.panels()
        // The panels share the height a single chart would take, at least 3 rows each.
        let rows = max(3, height / max(1, parts.count))
        var pv = v
        pv.ysplit = nil
        var out: [String] = []
        for part in parts {
            out.append(paint("■", part.colorBase, color) + " " + clean(part.series.first?.name ?? ""))
            switch v.chart {
            case "barchart": out += bars(part, pv, width: width, color: color)
            case "columnchart": out += columns(part, pv, width: width, height: rows, color: color)
            default: out += lines(part, pv, width: width, height: rows, color: color)
            }
        }
        var notes = m.notes
        if m.series.count > parts.count {
            notes.append("\(parts.count) of \(m.series.count) series drawn as panels (ysplit=panels draws at most \(ChartModel.maxPanels))")
        }
        if v.ysplit == "axes" { notes.append("ysplit=axes is drawn as panels in a terminal") }
        for n in notes { out.append("(\(n))") }
        return out
    }
}
