import Foundation
import KQLColumns

/// timechart, linechart, areachart (stacked or not), stackedareachart, scatterchart, anomalychart.
extension ChartRenderer {
    static func xy(_ m: ChartModel, _ v: Visualization, width: Double, height: Double) -> String {
        var svg = SVG(width: width, height: height)
        let isArea = v.chart == "areachart" || v.chart == "stackedareachart"
        let stacked = isArea && v.isStacked
        let isScatter = v.chart == "scatterchart"
        var series = m.series
        var notes = m.notes

        // stacking: each series' y on top of the previous ones at the same x (stacked100: shares)
        var baselines: [[Double]] = series.map { Array(repeating: 0, count: $0.points.count) }
        if stacked { (series, baselines) = ChartModel.stacked(series, percent: v.isStacked100) }

        // y scale
        func scale(_ values: [Double]) -> Scale {
            var ys = values
            if v.yaxisLog {
                let before = ys.count
                ys = ys.filter { $0 > 0 }
                if ys.count < before { notes.append("\(before - ys.count) values ≤ 0 left off the log axis") }
            }
            var lo = ys.min() ?? 0, hi = ys.max() ?? 1
            if isArea && !v.yaxisLog { lo = min(lo, 0); hi = max(hi, 0) }
            // counts and sizes read best from zero: start there when the values are positive and the
            // gap to zero is smaller than their spread
            if !v.yaxisLog && lo > 0 && lo < hi - lo { lo = 0 }
            if v.isStacked100 { lo = 0; hi = 100 }
            return v.yaxisLog ? Scale.logarithmic(lo, hi, fixedLo: v.ymin, fixedHi: v.ymax)
                              : Scale.linear(lo, hi, fixedLo: v.ymin, fixedHi: v.ymax)
        }
        // ysplit=axes: one y axis per series (the first on the left, the others on the right),
        // up to `ChartModel.maxPanels` of them; more series share one axis, with a note.
        let axes = v.ysplit == "axes" && series.count > 1 && !stacked
        if v.ysplit == "axes" && stacked { notes.append("ysplit=axes is not drawn for stacked areas: one axis") }
        if axes && series.count > ChartModel.maxPanels { notes.append("ysplit=axes draws up to \(ChartModel.maxPanels) axes: one shared axis for \(series.count) series") }
        let ownAxes = axes && series.count <= ChartModel.maxPanels
        let yScales: [Scale]
        if ownAxes {
            yScales = series.map { scale($0.points.map(\.y)) }
        } else {
            let s = scale(series.flatMap { $0.points.map(\.y) } + (stacked ? baselines.flatMap { $0 } : []))
            yScales = Array(repeating: s, count: max(1, series.count))
        }
        let yScale = yScales[0]

        // x scale
        let xs = series.flatMap { $0.points.map(\.x) }
        let xlo = m.xDomain?.lo ?? xs.min() ?? 0, xhi = m.xDomain?.hi ?? xs.max() ?? 1
        var xScale: Scale
        switch m.xKind {
        case .time: xScale = Scale.time(xlo, xhi, count: max(3, Int(width / 130)))
        case .number: xScale = v.xaxisLog ? Scale.logarithmic(max(xlo, 1e-300), xhi) : Scale.linear(xlo, xhi, count: max(3, Int(width / 110)))
        case .category:
            let n = Double(max(1, m.categories.count - 1))
            xScale = Scale(lo: 0, hi: n, ticks: m.categories.enumerated().map { (Double($0.offset), $0.element) })
            if m.categories.count == 1 { xScale = Scale(lo: -1, hi: 1, ticks: [(0, m.categories[0])]) }
        }

        var model = m
        model.notes = notes
        var p = layout(&svg, model, v.withAxisTitles(m), legend: series.map(\.name), leftLabelWidth: yLabelWidth(yScale))
        // Room on the right for the other series' axes.
        let axisGap = 56.0
        if ownAxes { p.w = max(20, p.w - axisGap * Double(series.count - 1)) }
        yAxis(&svg, yScale, p)
        if ownAxes {
            for i in 1..<series.count { rightAxis(&svg, yScales[i], p, x: p.right + axisGap * Double(i - 1), color: Palette.color(m.colorBase + i), series: series[i].name) }
        }
        xTicks(&svg, xScale, p, category: m.xKind == .category)

        func px(_ x: Double) -> Double { p.x + xScale.fraction(x) * p.w }
        var current = 0   // the series being drawn: its own y axis with ysplit=axes
        func py(_ y: Double) -> Double { p.bottom - yScales[min(current, yScales.count - 1)].fraction(y) * p.h }
        func xText(_ x: Double) -> String {
            switch m.xKind {
            case .time: return Format.date(Int64(x))
            case .number: return Format.exact(x)
            case .category: let i = Int(x); return i >= 0 && i < m.categories.count ? m.categories[i] : ""
            }
        }

        svg.raw("<g class=\"plot\" clip-path=\"none\">")
        // areas under lines first, so lines stay on top
        if isArea {
            for (i, s) in series.enumerated().reversed() where !s.points.isEmpty {
                current = i
                var d = ""
                for (j, pt) in s.points.enumerated() { d += (j == 0 ? "M" : "L") + SVG.n(px(pt.x)) + "," + SVG.n(py(pt.y)) }
                for j in s.points.indices.reversed() {
                    let base = stacked ? baselines[i][j] : max(yScales[i].lo, 0)
                    d += "L" + SVG.n(px(s.points[j].x)) + "," + SVG.n(py(v.yaxisLog ? max(base, yScale.lo) : base))
                }
                svg.raw("<path class=\"area\" data-series=\"\(Format.escape(s.name))\" d=\"\(d)Z\" fill=\"\(Palette.color(m.colorBase + i))\" fill-opacity=\"\(stacked ? "0.75" : "0.3")\" stroke=\"\(Palette.color(m.colorBase + i))\"/>")
            }
        }
        // the first series on top (drawn last): make-series' measured series over its baseline
        for (i, s) in series.enumerated().reversed() where !s.points.isEmpty {
            current = i
            let color = Palette.color(m.colorBase + i)
            let pts = v.yaxisLog ? s.points.filter { $0.y > 0 } : s.points
            if isScatter {
                for pt in pts.prefix(20_000) {
                    svg.circle(px(pt.x), py(pt.y), r: 3.5, cls: "dot", fill: color, tip: tip(s.name, xText(pt.x), pt.y))
                }
                continue
            }
            if !isArea || !stacked {
                var d = ""
                for (j, pt) in pts.enumerated() { d += (j == 0 ? "M" : "L") + SVG.n(px(pt.x)) + "," + SVG.n(py(pt.y)) }
                if !d.isEmpty {
                    svg.raw("<path class=\"line\" data-series=\"\(Format.escape(s.name))\" d=\"\(d)\" stroke=\"\(color)\"/>")
                }
            }
            // markers where points are few enough to tell apart (and always for a single point)
            if pts.count <= Int(p.w / 14) || pts.count == 1 {
                for pt in pts {
                    svg.circle(px(pt.x), py(pt.y), r: 3, cls: "point", fill: color, tip: tip(s.name, xText(pt.x), pt.y))
                }
            }
        }
        for a in m.anomalies {
            current = series.firstIndex { $0.name == a.name } ?? 0
            for pt in a.points where !v.yaxisLog || pt.y > 0 {
                svg.circle(px(pt.x), py(pt.y), r: 5, cls: "anomaly", fill: "#d62728", tip: "anomaly · " + tip(a.name, xText(pt.x), pt.y))
            }
        }
        svg.raw("</g>")
        return svg.document(label: label(v))
    }

    /// A y axis on the right of the plot at `x` (ysplit=axes), in its series' colour.
    static func rightAxis(_ svg: inout SVG, _ s: Scale, _ p: Rect, x: Double, color: String, series: String) {
        svg.raw("<g class=\"yaxis\" data-series=\"\(Format.escape(series))\">")
        svg.raw("<line class=\"axis\" x1=\"\(SVG.n(x))\" y1=\"\(SVG.n(p.y))\" x2=\"\(SVG.n(x))\" y2=\"\(SVG.n(p.bottom))\" style=\"stroke:\(color)\"/>")
        for t in s.ticks {
            let y = p.bottom - s.fraction(t.value) * p.h
            guard y >= p.y - 0.5, y <= p.bottom + 0.5 else { continue }
            svg.line(x, y, x + 4, y, cls: "axis")
            svg.text(t.label, x: x + 6, y: y + 4, cls: "ytick", extra: " style=\"fill:\(color)\"")
        }
        svg.raw("</g>")
    }

    /// Room for the widest y label.
    static func yLabelWidth(_ s: Scale) -> Double {
        let longest = s.ticks.map(\.label.count).max() ?? 1
        return max(28, Double(longest) * 7 + 4)
    }

    /// Vertical grid lines and labels of an x scale; category labels thin out when crowded.
    static func xTicks(_ svg: inout SVG, _ s: Scale, _ p: Rect, category: Bool) {
        let longest = Double(s.ticks.map(\.label.count).max() ?? 1) * 6.5 + 10
        let every = max(1, Int((Double(s.ticks.count) * longest / p.w).rounded(.up)))
        for (i, t) in s.ticks.enumerated() {
            let x = p.x + s.fraction(t.value) * p.w
            guard x >= p.x - 0.5, x <= p.right + 0.5 else { continue }
            if !category { svg.line(x, p.y, x, p.bottom, cls: "grid") }
            svg.line(x, p.bottom, x, p.bottom + 4, cls: "axis")
            // a label stays inside the drawing: near an edge it is anchored at that edge
            let half = Double(t.label.count) * 3.2
            let anchor = x - half < 2 ? "start" : x + half > svg.width - 2 ? "end" : "middle"
            let lx = anchor == "start" ? max(2, x - 12) : anchor == "end" ? min(svg.width - 2, x + 12) : x
            if i % every == 0 { svg.text(t.label, x: lx, y: p.bottom + 18, cls: "xtick", anchor: anchor) }
        }
    }
}
