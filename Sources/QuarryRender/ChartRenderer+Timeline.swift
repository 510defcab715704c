import Foundation
import KQLColumns

extension ChartRenderer {
    /// A timeline of rows: how many rows fall in each time bin (a round step giving at most about
    /// 60 bins), as bars on a time axis. For a report's datetime columns; nulls are not counted.
    public static func timeline(_ times: [Int64], title: String? = nil, width: Double = 960, height: Double = 220) -> String {
        let v = Visualization(chart: "timeline", title: title)
        guard let lo = times.min(), let hi = times.max() else { return message("No datetime values", v, width: width) }
        let s = Int64(DateTime.ticksPerSecond), mi = 60 * s, h = 60 * mi, d = 24 * h
        let steps: [Int64] = [s, 5 * s, 15 * s, 30 * s, mi, 5 * mi, 15 * mi, 30 * mi, h, 3 * h, 6 * h, 12 * h, d, 7 * d, 30 * d, 91 * d, 365 * d, 3650 * d]
        let span = hi - lo
        let step = steps.first { span / $0 < 60 } ?? 36500 * d
        let start = lo - ((lo % step) + step) % step
        let n = Int((hi - start) / step) + 1
        var counts = Array(repeating: 0, count: max(1, n))
        for t in times { let i = Int((t - start) / step); if i >= 0 && i < counts.count { counts[i] += 1 } }
        var svg = SVG(width: max(200, width), height: max(120, height))
        let m = ChartModel(chart: "timeline")
        let yScale = Scale.linear(0, Double(counts.max() ?? 1), count: 4, integer: true)
        let p = layout(&svg, m, v, legend: [], leftLabelWidth: yLabelWidth(yScale))
        let endTicks = start + Int64(counts.count) * step
        let xScale = Scale.time(Double(start), Double(endTicks), count: max(3, Int(svg.width / 130)))
        yAxis(&svg, yScale, p)
        xTicks(&svg, xScale, p, category: false)
        let bw = p.w / Double(counts.count)
        for (i, c) in counts.enumerated() where c > 0 {
            let x = p.x + Double(i) * bw
            let y = p.bottom - yScale.fraction(Double(c)) * p.h
            let from = start + Int64(i) * step
            svg.rect(x + min(1, bw * 0.1), y, max(1, bw - min(2, bw * 0.2)), p.bottom - y, cls: "bar", fill: Palette.color(0),
                     tip: "\(Format.date(from)) – \(Format.date(from + step)): \(c) row\(c == 1 ? "" : "s")")
        }
        return svg.document(label: title ?? "timeline")
    }
}
