import Foundation
import KQLColumns

/// columnchart (vertical) and barchart (horizontal): one group per x value, one bar per series
/// side by side, or stacked (`kind=stacked`), or stacked to 100% (`kind=stacked100`).
extension ChartRenderer {
    static func bars(_ m: ChartModel, _ v: Visualization, width: Double, height: Double, horizontal: Bool) -> String {
        let nCat = m.categories.count
        let nSeries = m.series.count
        // value per category per series (rows with the same x and series add up)
        var grid = Array(repeating: Array(repeating: 0.0, count: nCat), count: nSeries)
        var present = Array(repeating: Array(repeating: false, count: nCat), count: nSeries)
        for (i, s) in m.series.enumerated() {
            for pt in s.points {
                let c = Int(pt.x)
                guard c >= 0, c < nCat else { continue }
                grid[i][c] += pt.y
                present[i][c] = true
            }
        }
        let stacked = v.isStacked
        if v.isStacked100 {
            for c in 0..<nCat {
                let total = (0..<nSeries).reduce(0.0) { $0 + abs(grid[$1][c]) }
                if total > 0 { for i in 0..<nSeries { grid[i][c] = grid[i][c] / total * 100 } }
            }
        }
        // extents
        var lo = 0.0, hi = 0.0
        for c in 0..<nCat {
            var pos = 0.0, neg = 0.0
            for i in 0..<nSeries where present[i][c] {
                let y = grid[i][c]
                if stacked { if y >= 0 { pos += y } else { neg += y } } else { hi = max(hi, y); lo = min(lo, y) }
            }
            if stacked { hi = max(hi, pos); lo = min(lo, neg) }
        }
        if v.isStacked100 { lo = min(lo, 0); hi = 100 }
        var notes = m.notes
        var scale: Scale
        if v.yaxisLog {
            let positives = grid.flatMap { $0 }.filter { $0 > 0 }
            scale = Scale.logarithmic(positives.min() ?? 1, positives.max() ?? 10, fixedLo: v.ymin, fixedHi: v.ymax)
            if grid.flatMap({ $0 }).contains(where: { $0 < 0 }) { notes.append("negative values left off the log axis") }
        } else {
            scale = Scale.linear(lo, hi, count: horizontal ? max(3, Int(width / 120)) : 6, fixedLo: v.ymin, fixedHi: v.ymax)
        }

        // a barchart grows with its categories so that labels stay readable
        let longestLabel = Double(m.categories.map(\.count).max() ?? 1)
        var h = height
        if horizontal { h = max(height, Double(nCat * max(1, stacked ? 1 : nSeries)) * 16 + 110) }
        var svg = SVG(width: width, height: min(h, 6000))
        var model = m
        model.notes = notes
        let legend = nSeries > 1 ? m.series.map(\.name) : []
        var rotate = false
        let p: Rect
        if horizontal {
            p = layout(&svg, model, v.withAxisTitles(m, horizontal: true), legend: legend, leftLabelWidth: min(220, longestLabel * 6.5 + 6))
        } else {
                let perCategory = (width - 120) / Double(max(1, nCat))
            rotate = longestLabel * 6.5 > perCategory
            let bottomRoom = rotate ? min(120, longestLabel * 5 + 20) : 34
            p = layout(&svg, model, v.withAxisTitles(m), legend: legend, leftLabelWidth: yLabelWidth(scale), bottomLabelHeight: bottomRoom)
        }
        let zero = scale.log ? scale.lo : 0

        // value axis: grid and labels
        if horizontal {
            for t in scale.ticks {
                let x = p.x + scale.fraction(t.value) * p.w
                guard x >= p.x - 0.5, x <= p.right + 0.5 else { continue }
                svg.line(x, p.y, x, p.bottom, cls: "grid")
                svg.text(t.label, x: x, y: p.bottom + 16, cls: "xtick", anchor: "middle")
            }
            let x0 = p.x + scale.fraction(zero) * p.w
            svg.line(x0, p.y, x0, p.bottom, cls: "axis")
        } else {
            yAxis(&svg, scale, p)
        }

        let band = (horizontal ? p.h : p.w) / Double(max(1, nCat))
        let inner = band * 0.78
        let slots = stacked ? 1 : max(1, nSeries)
        let barSize = inner / Double(slots)
        let every = max(1, Int((Double(nCat) * (horizontal ? 13 : (rotate ? 13 : longestLabel * 6.5 + 8)) / (horizontal ? p.h : p.w)).rounded(.up)))
        for c in 0..<nCat {
            let start = (horizontal ? p.y : p.x) + Double(c) * band + (band - inner) / 2
            var pos = 0.0, neg = 0.0
            for i in 0..<nSeries where present[i][c] {
                let y = grid[i][c]
                var a = zero, b = y
                if stacked {
                    if y >= 0 { a = pos; b = pos + y; pos = b } else { a = neg; b = neg + y; neg = b }
                }
                if scale.log { guard b > 0 else { continue }; a = max(a, scale.lo) }
                let fa = scale.fraction(a), fb = scale.fraction(b)
                let offset = stacked ? 0 : Double(i) * barSize
                let label = m.series.count > 1 ? m.series[i].name + " · " + m.categories[c] : m.categories[c]
                let tipText = label + ": " + Format.exact(m.series[i].points.isEmpty ? y : y)
                if horizontal {
                    let x1 = p.x + min(fa, fb) * p.w, x2 = p.x + max(fa, fb) * p.w
                    svg.rect(x1, start + offset, max(1, x2 - x1), max(1, barSize - (slots > 1 ? 1 : 0)), cls: "bar", fill: Palette.color(m.colorBase + i), tip: tipText)
                } else {
                    let y1 = p.bottom - max(fa, fb) * p.h, y2 = p.bottom - min(fa, fb) * p.h
                    svg.rect(start + offset, y1, max(1, barSize - (slots > 1 ? 1 : 0)), max(1, y2 - y1), cls: "bar", fill: Palette.color(m.colorBase + i), tip: tipText)
                }
            }
            guard c % every == 0 else { continue }
            let labelText = m.categories[c].count > 28 ? String(m.categories[c].prefix(27)) + "…" : m.categories[c]
            if horizontal {
                svg.text(labelText, x: p.x - 6, y: start + inner / 2 + 4, cls: "xtick", anchor: "end")
            } else if rotate {
                svg.text(labelText, x: start + inner / 2, y: p.bottom + 12, cls: "xtick", anchor: "end", rotate: -40)
            } else {
                svg.text(labelText, x: start + inner / 2, y: p.bottom + 18, cls: "xtick", anchor: "middle")
            }
        }
        return svg.document(label: label(v))
    }
}
