import Foundation
import KQLColumns

/// A compact chart for a terminal: braille dots for timechart, linechart, anomalychart,
/// areachart (filled down to zero, or stacked) and scatterchart (points, not joined) — each
/// character cell holds 2×4 dots — eighth blocks for columnchart and barchart, and for piechart a
/// strip of shares with one line per slice (`TextChart+Pie.swift`). `ysplit=panels` draws one
/// small chart per series (`TextChart+Panels.swift`); so does `ysplit=axes`, since a terminal
/// chart has room for one labelled y axis. `color` adds ANSI colours, one per series. Returns ""
/// for a chart it does not draw (`supports`: card and table are the result table itself).
public enum TextChart {
    public static let supportedCharts: Set<String> = ["timechart", "linechart", "anomalychart", "areachart", "stackedareachart",
                                                      "scatterchart", "columnchart", "barchart", "piechart"]

    public static func supports(_ chart: String) -> Bool { supportedCharts.contains(chart) }

    public static func render(_ table: Table, _ visualization: Visualization, width: Int = 80, height: Int = 16, color: Bool = false) -> String {
        let v = visualization
        guard supports(v.chart) else { return "" }
        let w = max(24, min(width, 400)), h = max(4, min(height, 200))
        let m = ChartModel.build(table, v)
        var out: [String] = []
        if let t = v.title, !t.isEmpty { out.append(clean(t)) }
        if let problem = m.problem { out.append("(nothing to draw: \(problem))"); return out.joined(separator: "\n") + "\n" }
        if m.splitsIntoPanels(v, axesToo: true) {
            out += panels(m, v, width: w, height: h, color: color)
            return out.joined(separator: "\n") + "\n"
        }
        switch v.chart {
        case "barchart": out += bars(m, v, width: w, color: color)
        case "columnchart": out += columns(m, v, width: w, height: h, color: color)
        case "piechart": return (out + pie(m, v, width: w, color: color)).joined(separator: "\n") + "\n"
        default: out += lines(m, v, width: w, height: h, color: color)
        }
        let legend = m.series.count > 1 && v.showsLegend
        if legend {
            var items: [String] = []
            for (i, s) in m.series.enumerated() { items.append(paint("■", m.colorBase + i, color) + " " + clean(s.name)) }
            out.append(items.joined(separator: "  "))
        }
        for n in m.notes { out.append("(\(n))") }
        return out.joined(separator: "\n") + "\n"
    }

    /// Terminal text without control characters.
    static func clean(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0.value < 0x20 || ($0.value >= 0x7f && $0.value < 0xa0) ? " " : $0 }))
    }

    static func paint(_ s: String, _ series: Int, _ color: Bool) -> String {
        color ? "\u{1B}[38;5;\(Palette.ansiColor(series))m" + s + "\u{1B}[0m" : s
    }

    static func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
        let c = s.count
        if c >= n { return String(s.prefix(n)) }
        let fill = String(repeating: " ", count: n - c)
        return right ? fill + s : s + fill
    }

    // MARK: braille lines

    static func lines(_ m: ChartModel, _ v: Visualization, width: Int, height: Int, color: Bool) -> [String] {
        let isArea = v.chart == "areachart" || v.chart == "stackedareachart"
        let isScatter = v.chart == "scatterchart"
        let stacked = isArea && v.isStacked
        var series = m.series
        var baselines: [[Double]] = series.map { Array(repeating: 0, count: $0.points.count) }
        if stacked { (series, baselines) = ChartModel.stacked(series, percent: v.isStacked100) }
        var ys = series.flatMap { $0.points.map(\.y) }
        if stacked { ys += baselines.flatMap { $0 } }
        if v.yaxisLog { ys = ys.filter { $0 > 0 } }
        // An area reaches down to zero (as the SVG draws it).
        if isArea && !v.yaxisLog { ys.append(0) }
        let xs = series.flatMap { $0.points.map(\.x) }
        let yScale = v.yaxisLog ? Scale.logarithmic(ys.min() ?? 1, ys.max() ?? 10, fixedLo: v.ymin, fixedHi: v.ymax)
                                : v.isStacked100 && stacked ? Scale.linear(0, 100, count: 3)
                                : Scale.linear(ys.min() ?? 0, ys.max() ?? 1, count: 3, fixedLo: v.ymin, fixedHi: v.ymax)
        let xlo = m.xDomain?.lo ?? xs.min() ?? 0, xhi = m.xDomain?.hi ?? xs.max() ?? 1
        let labels = [yScale.hi, (yScale.lo + yScale.hi) / 2, yScale.lo].map { Format.number(v.yaxisLog ? $0 : $0) }
        let lw = labels.map(\.count).max() ?? 1
        let cols = max(4, width - lw - 2), rows = height
        let dw = cols * 2, dh = rows * 4
        var bits = Array(repeating: Array(repeating: UInt8(0), count: cols), count: rows)
        var owner = Array(repeating: Array(repeating: -1, count: cols), count: rows)
        func dot(_ x: Int, _ y: Int, _ s: Int) {
            guard x >= 0, x < dw, y >= 0, y < dh else { return }
            let cx = x / 2, cy = y / 4, dx = x % 2, dy = y % 4
            let bit: UInt8 = dy == 3 ? (dx == 0 ? 0x40 : 0x80) : UInt8(1 << (dy + dx * 3))
            bits[cy][cx] |= bit
            owner[cy][cx] = s
        }
        func dx(_ x: Double) -> Int {
            let r = (x - xlo) / (xhi - xlo)
            return xhi > xlo && r.isFinite ? Int((min(1, max(0, r)) * Double(dw - 1)).rounded()) : dw / 2
        }
        // Clamped just outside the plot (dot() skips it there): a value far past a fixed ymin/ymax
        // must not overflow Int.
        func dy(_ y: Double) -> Int {
            let d = (1 - yScale.fraction(y)) * Double(dh - 1)
            return d.isFinite ? Int(min(max(d, -1), Double(dh)).rounded()) : -1
        }
        if isArea {
            // Each series filled from its line down to its baseline (zero, or the series below it
            // when stacked), the last series first so the first stays on top, as in the SVG.
            let zero = v.yaxisLog ? dh - 1 : dy(max(yScale.lo, 0))
            for (s, line) in series.enumerated().reversed() {
                let pts = line.points.indices.filter { !v.yaxisLog || line.points[$0].y > 0 }
                for (a, b) in zip(pts, pts.dropFirst()) {
                    let x0 = dx(line.points[a].x), x1 = dx(line.points[b].x)
                    let t0 = dy(line.points[a].y), t1 = dy(line.points[b].y)
                    let b0 = stacked ? dy(baselines[s][a]) : zero, b1 = stacked ? dy(baselines[s][b]) : zero
                    for x in min(x0, x1)...max(x0, x1) {
                        let f = x1 == x0 ? 0 : Double(x - x0) / Double(x1 - x0)
                        let top = Int((Double(t0) + f * Double(t1 - t0)).rounded())
                        let base = Int((Double(b0) + f * Double(b1 - b0)).rounded())
                        for y in min(top, base)...max(top, base) { dot(x, y, s) }
                    }
                }
                if pts.count == 1, let a = pts.first {
                    let x = dx(line.points[a].x), top = dy(line.points[a].y), base = stacked ? dy(baselines[s][a]) : zero
                    for y in min(top, base)...max(top, base) { dot(x, y, s) }
                }
            }
        }
        for (s, series) in series.enumerated() {
            var prev: (Int, Int)?
            for pt in series.points where !v.yaxisLog || pt.y > 0 {
                let p = (dx(pt.x), dy(pt.y))
                if isScatter {
                    // A point is two dots wide, so that a lone one is visible.
                    dot(p.0, p.1, s); dot(p.0 + 1 < dw ? p.0 + 1 : p.0 - 1, p.1, s)
                    continue
                }
                if let q = prev {
                    // Bresenham between consecutive points
                    var x0 = q.0, y0 = q.1
                    let x1 = p.0, y1 = p.1
                    let ddx = abs(x1 - x0), ddy = -abs(y1 - y0)
                    let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
                    var err = ddx + ddy
                    var steps = 0
                    while steps < dw + dh + 2 {
                        dot(x0, y0, s)
                        if x0 == x1 && y0 == y1 { break }
                        let e2 = 2 * err
                        if e2 >= ddy { err += ddy; x0 += sx }
                        if e2 <= ddx { err += ddx; y0 += sy }
                        steps += 1
                    }
                } else {
                    dot(p.0, p.1, s)
                }
                prev = p
            }
        }
        for a in m.anomalies { for pt in a.points { let x = dx(pt.x), y = dy(pt.y); dot(x, y, -2); dot(x + 1, y, -2) } }
        var out: [String] = []
        for r in 0..<rows {
            let label = r == 0 ? labels[0] : r == rows - 1 ? labels[2] : (r == rows / 2 ? labels[1] : "")
            var line = pad(label, lw, right: true) + " ┤"
            for c in 0..<cols {
                let ch = String(UnicodeScalar(0x2800 + UInt32(bits[r][c])) ?? " ")
                if bits[r][c] == 0 { line += " "; continue }
                if owner[r][c] == -2 { line += color ? "\u{1B}[31m" + ch + "\u{1B}[0m" : ch } else { line += paint(ch, m.colorBase + owner[r][c], color) }
            }
            out.append(line)
        }
        out.append(String(repeating: " ", count: lw + 1) + "└" + String(repeating: "─", count: cols))
        func xLabel(_ x: Double) -> String {
            switch m.xKind {
            case .time: return Format.date(Int64(x))
            case .number: return Format.number(x)
            case .category: let i = Int(x); return i >= 0 && i < m.categories.count ? clean(m.categories[i]) : ""
            }
        }
        let left = xLabel(xlo), right = xLabel(xhi)
        let room = cols + 1
        if left.count + right.count + 1 <= room {
            out.append(String(repeating: " ", count: lw + 1) + left + String(repeating: " ", count: room - left.count - right.count) + right)
        } else {
            out.append(String(repeating: " ", count: lw + 1) + left)
        }
        return out
    }

    // MARK: blocks

    static let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    static let risers = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// One value per category and series (rows with the same x and series add up); stacked100 as shares.
    static func grid(_ m: ChartModel, _ v: Visualization) -> [[Double]] {
        var g = Array(repeating: Array(repeating: 0.0, count: m.categories.count), count: m.series.count)
        for (i, s) in m.series.enumerated() { for pt in s.points where Int(pt.x) >= 0 && Int(pt.x) < m.categories.count { g[i][Int(pt.x)] += pt.y } }
        if v.isStacked100 {
            for c in m.categories.indices {
                let t = g.reduce(0.0) { $0 + max(0, $1[c]) }
                if t > 0 { for i in g.indices { g[i][c] = max(0, g[i][c]) / t * 100 } }
            }
        }
        return g
    }

    static func bars(_ m: ChartModel, _ v: Visualization, width: Int, color: Bool) -> [String] {
        let g = grid(m, v)
        let stacked = v.isStacked
        let labelW = min(28, max(4, m.categories.map(\.count).max() ?? 4))
        var maxV = 0.0
        for c in m.categories.indices {
            if stacked { maxV = max(maxV, g.reduce(0.0) { $0 + max(0, $1[c]) }) } else { for s in g { maxV = max(maxV, s[c]) } }
        }
        let valueW = 10
        let barW = max(4, width - labelW - valueW - 3)
        var out: [String] = []
        func blocks(_ value: Double) -> (String, Int) {
            guard maxV > 0, value > 0 else { return ("", 0) }
            let e = Int((value / maxV * Double(barW * 8)).rounded())
            return (String(repeating: "█", count: e / 8) + eighths[e % 8], (e + 7) / 8)
        }
        var negatives = false
        for (c, name) in m.categories.enumerated() {
            let label = pad(clean(name), labelW)
            if stacked {
                var line = label + " "
                var used = 0, total = 0.0
                for i in g.indices { let (b, n) = blocks(g[i][c]); line += paint(b, m.colorBase + i, color); used += n; total += max(0, g[i][c]); negatives = negatives || g[i][c] < 0 }
                out.append(line + String(repeating: " ", count: max(0, barW - used)) + " " + Format.number(total))
            } else {
                for i in g.indices {
                    let (b, n) = blocks(g[i][c])
                    negatives = negatives || g[i][c] < 0
                    out.append((i == 0 ? label : String(repeating: " ", count: labelW)) + " " + paint(b, m.colorBase + i, color) + String(repeating: " ", count: max(0, barW - n)) + " " + Format.number(g[i][c]))
                }
            }
        }
        if negatives { out.append("(negative values are drawn as empty bars)") }
        return out
    }

    static func columns(_ m: ChartModel, _ v: Visualization, width: Int, height: Int, color: Bool) -> [String] {
        let g = grid(m, v)
        let stacked = v.isStacked
        let perCategory = stacked ? 1 : max(1, g.count)
        var maxV = 0.0
        for c in m.categories.indices {
            if stacked { maxV = max(maxV, g.reduce(0.0) { $0 + max(0, $1[c]) }) } else { for s in g { maxV = max(maxV, s[c]) } }
        }
        let labels = [Format.number(maxV), Format.number(maxV / 2), "0"]
        let lw = labels.map(\.count).max() ?? 1
        let plotW = max(4, width - lw - 2)
        // columns as wide as their labels (up to 12) when there is room, else narrower
        let longest = m.categories.map { clean($0).count }.max() ?? 1
        let widest = perCategory == 1 ? max(6, min(12, longest)) : 6
        let barW = max(1, min(widest, (plotW / max(1, m.categories.count) - 1) / perCategory))
        let fit = max(1, plotW / (barW * perCategory + 1))
        let shown = min(m.categories.count, fit)
        let rows = max(3, height)
        let levels = rows * 8
        // each drawn column: per series, the eighths it reaches (stacked: cumulative tops)
        var cells: [[String]] = Array(repeating: [], count: rows)
        for c in 0..<shown {
            var tops: [(series: Int, top: Int, bottom: Int)] = []
            if stacked {
                var acc = 0.0
                for i in g.indices {
                    let b = Int((acc / max(maxV, 1e-300) * Double(levels)).rounded())
                    acc += max(0, g[i][c])
                    tops.append((i, Int((acc / max(maxV, 1e-300) * Double(levels)).rounded()), b))
                }
            } else {
                for i in g.indices { tops.append((i, maxV > 0 ? Int((max(0, g[i][c]) / maxV * Double(levels)).rounded()) : 0, 0)) }
            }
            let groups: [[(series: Int, top: Int, bottom: Int)]] = stacked ? [tops] : tops.map { [$0] }
            for group in groups {
                for r in 0..<rows {
                    let lo = (rows - 1 - r) * 8   // eighths below this row
                    var ch = " ", owner = -1
                    // the highest segment reaching into this row decides the glyph and colour
                    for seg in group where seg.top > lo && seg.bottom < lo + 8 {
                        let fill = min(8, seg.top - lo)
                        ch = risers[max(0, fill)]
                        owner = seg.series
                    }
                    let cell = String(repeating: ch, count: barW)
                    cells[r].append(owner >= 0 ? paint(cell, m.colorBase + owner, color) : cell)
                }
            }
            for r in 0..<rows { cells[r].append(" ") }
        }
        var out: [String] = []
        for r in 0..<rows {
            let label = r == 0 ? labels[0] : r == rows - 1 ? labels[2] : (r == rows / 2 ? labels[1] : "")
            out.append(pad(label, lw, right: true) + " ┤" + cells[r].joined())
        }
        out.append(String(repeating: " ", count: lw + 1) + "└" + String(repeating: "─", count: shown * (barW * perCategory + 1)))
        // category labels: under their column when they fit, else a numbered key
        let slot = barW * perCategory + 1
        var labelLine = String(repeating: " ", count: lw + 2)
        var fits = true
        for c in 0..<shown {
            let t = clean(m.categories[c])
            if t.count > slot - 1 { fits = false; break }
            labelLine += pad(t, slot)
        }
        if fits { out.append(labelLine) } else {
            out.append(String(repeating: " ", count: lw + 2) + "x: " + (0..<shown).map { clean(m.categories[$0]) }.joined(separator: ", "))
        }
        if shown < m.categories.count { out.append("(first \(shown) of \(m.categories.count) x values; widen the terminal or use barchart)") }
        return out
    }
}
