import Foundation
import KQLColumns
@testable import QuarryRender
import Testing

/// `ysplit` (render-operator.md, visualization-timechart.md / -linechart.md / -columnchart.md):
/// `none` draws one y axis for all series, `axes` one chart with one y axis per series, `panels`
/// one chart per series, at most five. SVG and terminal text.
@Suite struct ChartSplitTests {
    static func count(_ s: String, _ needle: String) -> Int { ChartRendererTests.count(s, needle) }

    /// visualization-timechart.md's ysplit example: `summarize count() by State, bin(StartTime, 1d)
    /// | render timechart with (ysplit=panels)`, one panel per State.
    static func byState(_ states: [String] = ["TEXAS", "NEBRASKA", "KANSAS"]) -> Table {
        var rows: [[Value]] = []
        for (i, s) in states.enumerated() {
            for d in 1...5 { rows.append([.string(s), ChartRendererTests.day(d), .long(Int64((i + 1) * 100 * d))]) }
        }
        return Table.fromRows(schema: Schema([Field("State", .string), Field("StartTime", .datetime), Field("count_", .long)]), rows: rows)
    }

    /// visualization-columnchart.md's ysplit example: StartTime, TotalInjuries, TotalDeaths (two y columns of very different sizes).
    static let injuriesAndDeaths = Table.fromRows(
        schema: Schema([Field("StartTime", .datetime), Field("TotalInjuries", .long), Field("TotalDeaths", .long)]),
        rows: (1...4).map { [ChartRendererTests.day($0), .long(Int64(1000 * $0)), .long(Int64($0))] })

    @Test func panelsDrawOneChartPerSeriesSharingTheXAxis() {
        let svg = ChartRenderer.svg(Self.byState(), Visualization(chart: "timechart", ysplit: "panels"))
        #expect(Self.count(svg, "class=\"panel\"") == 3)
        #expect(Self.count(svg, "class=\"line\"") == 3)
        for s in ["TEXAS", "NEBRASKA", "KANSAS"] { #expect(svg.contains("class=\"panel\" data-series=\"\(s)\"")) }
        // Each panel has its own y scale (TEXAS tops at 500, KANSAS at 1500), and they share x.
        let panels: [String] = Array(svg.components(separatedBy: "class=\"panel\"").dropFirst())
        #expect(panels.count == 3)
        if panels.count == 3 {
            #expect(Self.ticks(panels[0], "ytick") != Self.ticks(panels[2], "ytick"))
            #expect(Self.ticks(panels[0], "xtick") == Self.ticks(panels[2], "xtick"))
        }
        #expect(!svg.contains("drawn as one chart"))
        // The whole drawing is one SVG document.
        #expect(svg.hasPrefix("<svg xmlns=") && svg.hasSuffix("</svg>"))
    }

    /// The labels of a panel's ticks of one class, in order.
    static func ticks(_ svg: String, _ cls: String) -> [String] {
        svg.components(separatedBy: "class=\"\(cls)\"").dropFirst().compactMap { part in
            guard let gt = part.firstIndex(of: ">"), let end = part.range(of: "</text>") else { return nil }
            return String(part[part.index(after: gt)..<end.lowerBound])
        }
    }

    @Test func panelsStopAtFiveWithANote() {
        let t = Self.byState(["A", "B", "C", "D", "E", "F", "G"])
        let svg = ChartRenderer.svg(t, Visualization(chart: "linechart", ysplit: "panels"))
        #expect(Self.count(svg, "class=\"panel\"") == 5)
        #expect(svg.contains("5 of 7 series drawn as panels"))
        let text = TextChart.render(t, Visualization(chart: "linechart", ysplit: "panels"), width: 60, height: 20)
        #expect(text.contains("(5 of 7 series drawn as panels"))
        #expect(!text.contains("■ F"))
    }

    @Test func axesGiveEverySeriesItsOwnScale() {
        let svg = ChartRenderer.svg(Self.injuriesAndDeaths, Visualization(chart: "linechart", ysplit: "axes"))
        #expect(Self.count(svg, "class=\"panel\"") == 0)
        #expect(Self.count(svg, "class=\"line\"") == 2)
        #expect(Self.count(svg, "class=\"yaxis\"") == 1)   // the second series' axis, on the right
        #expect(svg.contains("class=\"yaxis\" data-series=\"TotalDeaths\""))
        // TotalDeaths (1…4) on its own axis: a small tick such as 4 is labelled, which one axis up to 4000 would not do.
        #expect(svg.contains(">4</text>"))
        #expect(svg.contains(">4000</text>") || svg.contains(">4K</text>"))
    }

    @Test func columnChartAxesAreDrawnAsPanels() {
        let svg = ChartRenderer.svg(Self.injuriesAndDeaths, Visualization(chart: "columnchart", ysplit: "axes"))
        #expect(Self.count(svg, "class=\"panel\"") == 2)
        #expect(Self.count(svg, "class=\"bar\"") == 8)
        #expect(svg.contains("ysplit=axes is drawn as panels in a columnchart"))
    }

    @Test func noneAndASingleSeriesDrawOneChart() {
        let one = ChartRenderer.svg(Self.byState(["TEXAS"]), Visualization(chart: "timechart", ysplit: "panels"))
        #expect(Self.count(one, "class=\"panel\"") == 0 && Self.count(one, "class=\"line\"") == 1)
        let none = ChartRenderer.svg(Self.byState(), Visualization(chart: "timechart", ysplit: "none"))
        #expect(Self.count(none, "class=\"panel\"") == 0 && Self.count(none, "class=\"line\"") == 3)
    }

    @Test func textPanelsNameEachSeriesAndKeepTheirOwnScale() {
        let out = TextChart.render(Self.byState(), Visualization(chart: "timechart", ysplit: "panels"), width: 60, height: 15)
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let heads = lines.filter { $0.hasPrefix("■ ") }
        #expect(heads == ["■ TEXAS", "■ NEBRASKA", "■ KANSAS"])
        // Three plots of 5 rows each, each with its own axis line, and braille in each.
        #expect(lines.filter { $0.contains("└") }.count == 3)
        #expect(lines.filter { $0.contains("┤") }.count == 15)
        // Each panel's own scale: the top labels (first plot row of each panel) differ.
        let tops = lines.indices.filter { lines[$0].hasPrefix("■ ") }.map { lines[$0 + 1].components(separatedBy: "┤")[0].trimmingCharacters(in: .whitespaces) }
        #expect(Set(tops).count == 3, "\(tops)")
        #expect(lines.allSatisfy { $0.count <= 60 })
        // axes: panels too, with a note.
        let axes = TextChart.render(Self.injuriesAndDeaths, Visualization(chart: "columnchart", ysplit: "axes"), width: 60, height: 12)
        #expect(axes.contains("■ TotalInjuries") && axes.contains("■ TotalDeaths"))
        #expect(axes.contains("(ysplit=axes is drawn as panels in a terminal)"))
    }
}
