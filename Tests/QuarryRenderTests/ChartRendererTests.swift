import Foundation
import KQLColumns
@testable import QuarryRender
import Testing

/// The SVG renderer on small tables shaped like the results of the documented examples
/// (visualization-*.md, StormEvents): what is drawn (bars, slices, lines, points, legend entries),
/// the axis labels and titles, and that text is escaped.
@Suite struct ChartRendererTests {
    static func count(_ s: String, _ needle: String) -> Int { s.components(separatedBy: needle).count - 1 }

    static func day(_ d: Int, hour: Int = 0) -> Value { .datetime(DateTime.ticks(year: 2007, month: 1, day: d, hour: hour)) }

    /// visualization-columnchart.md: `summarize event_count=count() by State | where event_count > 10
    /// | project State, event_count | render columnchart` — State on x, one bar per state.
    static let states = Table.fromRows(schema: Schema([Field("State", .string), Field("event_count", .long)]), rows: [
        [.string("TEXAS"), .long(4701)], [.string("KANSAS"), .long(3166)], [.string("IOWA"), .long(2337)],
        [.string("ILLINOIS"), .long(2022)], [.string("MISSOURI"), .long(2016)],
    ])

    @Test func columnChartDrawsOneBarPerRowWithStateLabels() {
        let svg = ChartRenderer.svg(Self.states, Visualization(chart: "columnchart"))
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(Self.count(svg, "class=\"bar\"") == 5)
        for s in ["TEXAS", "KANSAS", "IOWA", "ILLINOIS", "MISSOURI"] { #expect(svg.contains(">\(s)</text>")) }
        #expect(Self.count(svg, "class=\"legend-item\"") == 0)   // one series: no legend
        #expect(svg.contains("class=\"ytick\""))
        #expect(svg.contains(">5K</text>") || svg.contains(">5000</text>"))   // the nice top of 4701
    }

    /// visualization-barchart.md: `summarize EventCount = count() by EventType, State | render barchart
    /// with (kind=stacked)` — EventType on the axis, one series per State, stacked.
    static let byTypeAndState = Table.fromRows(schema: Schema([Field("EventType", .string), Field("State", .string), Field("EventCount", .long)]), rows: [
        [.string("Hail"), .string("TEXAS"), .long(100)], [.string("Hail"), .string("FLORIDA"), .long(20)],
        [.string("Hail"), .string("CALIFORNIA"), .long(5)], [.string("Flood"), .string("TEXAS"), .long(50)],
        [.string("Flood"), .string("CALIFORNIA"), .long(30)],
    ])

    @Test func stackedBarChartHasOneSeriesPerStateAndALegend() {
        let svg = ChartRenderer.svg(Self.byTypeAndState, Visualization(chart: "barchart", kind: "stacked"))
        #expect(Self.count(svg, "class=\"bar\"") == 5)
        #expect(Self.count(svg, "class=\"legend-item\"") == 3)
        #expect(svg.contains(">Hail</text>") && svg.contains(">Flood</text>"))
        // stacked: the value axis reaches the largest total (125), not the largest bar (100)
        let m = ChartModel.build(Self.byTypeAndState, Visualization(chart: "barchart", kind: "stacked"))
        #expect(m.categories == ["Hail", "Flood"])
        #expect(m.series.map(\.name) == ["TEXAS", "FLORIDA", "CALIFORNIA"])
        #expect(svg.contains(">125</text>") || svg.contains(">140</text>") || svg.contains(">150</text>"))
    }

    @Test func stacked100ScalesEveryBarToOneHundred() {
        let svg = ChartRenderer.svg(Self.byTypeAndState, Visualization(chart: "columnchart", kind: "stacked100"))
        #expect(svg.contains(">100</text>"))
        #expect(!svg.contains(">150</text>"))
    }

    /// visualization-timechart.md: `summarize EventCount = count() by bin(StartTime, 7d) | render
    /// timechart with (title="Crop damage over time", xtitle="Date", ytitle="Crop damage", legend=hidden)`.
    @Test func timeChartWithTitlesAndHiddenLegend() {
        let rows: [[Value]] = (0..<5).map { [Self.day(1 + 7 * $0), .long(Int64([3, 8, 2, 11, 6][$0]))] }
        let t = Table.fromRows(schema: Schema([Field("StartTime", .datetime), Field("EventCount", .long)]), rows: rows)
        let v = Visualization(chart: "timechart", title: "Crop damage over time", xtitle: "Date", ytitle: "Crop damage", legend: false)
        let svg = ChartRenderer.svg(t, v)
        #expect(Self.count(svg, "class=\"line\"") == 1)
        #expect(Self.count(svg, "class=\"point\"") == 5)
        #expect(svg.contains("class=\"title\"") && svg.contains(">Crop damage over time</text>"))
        #expect(svg.contains("class=\"xtitle\"") && svg.contains(">Date</text>"))
        #expect(svg.contains("class=\"ytitle\"") && svg.contains(">Crop damage</text>"))
        #expect(Self.count(svg, "class=\"legend-item\"") == 0)
        #expect(svg.contains(">2007-01-"))   // day ticks on the time axis
    }

    /// visualization-linechart.md (ysplit example's data): `summarize count() by State, bin(StartTime, 1d)`
    /// — a linechart draws one line per State over StartTime.
    @Test func lineChartSplitsSeriesByStringColumn() {
        var rows: [[Value]] = []
        for (i, s) in ["TEXAS", "NEBRASKA", "KANSAS"].enumerated() {
            for d in 1...4 { rows.append([.string(s), Self.day(d), .long(Int64(i * 10 + d))]) }
        }
        let t = Table.fromRows(schema: Schema([Field("State", .string), Field("StartTime", .datetime), Field("count_", .long)]), rows: rows)
        let svg = ChartRenderer.svg(t, Visualization(chart: "linechart"))
        #expect(Self.count(svg, "class=\"line\"") == 3)
        #expect(Self.count(svg, "class=\"legend-item\"") == 3)
        #expect(svg.contains("data-series=\"NEBRASKA\""))
    }

    /// visualization-piechart.md: `summarize statecount=count() by State | sort by statecount | limit 10
    /// | render piechart with(title="Storm Events by State")`.
    @Test func pieChartDrawsOneSlicePerRow() {
        let svg = ChartRenderer.svg(Self.states, Visualization(chart: "piechart", title: "Storm Events by State"))
        #expect(Self.count(svg, "class=\"slice\"") == 5)
        #expect(Self.count(svg, "class=\"legend-item\"") == 5)
        #expect(svg.contains(">Storm Events by State</text>"))
        #expect(svg.contains("TEXAS (33%)"))   // 4701 of 14242
    }

    /// visualization-card.md: `count | render card with (title="Floods in Virginia")`.
    @Test func cardShowsTheFirstValue() {
        let t = Table.fromRows(schema: Schema([Field("Count", .long)]), rows: [[.long(1542)]])
        let svg = ChartRenderer.svg(t, Visualization(chart: "card", title: "Floods in Virginia"))
        #expect(svg.contains("class=\"card-value\"") && svg.contains(">1,542</text>"))
        #expect(svg.contains(">Floods in Virginia</text>"))
    }

    /// visualization-scatterchart.md: first column on x, the other numeric columns as points.
    @Test func scatterChartDrawsAPointPerRow() {
        let t = Table.fromRows(schema: Schema([Field("Population", .long), Field("Damage", .real)]), rows: [
            [.long(1000), .real(5)], [.long(3000), .real(7.5)], [.long(2000), .real(1)], [.long(4000), .real(9)],
        ])
        let svg = ChartRenderer.svg(t, Visualization(chart: "scatterchart", legend: false))
        #expect(Self.count(svg, "class=\"dot\"") == 4)
        #expect(Self.count(svg, "class=\"line\"") == 0)
    }

    /// visualization-anomalychart.md: make-series arrays; `anomalycolumns=anomalies` marks the
    /// flagged points of the series.
    @Test func anomalyChartReadsArraysAndMarksAnomalies() {
        let times = DynamicValue.array((1...6).map { .datetime(DateTime.ticks(year: 2017, month: 1, day: $0)) })
        let nums = DynamicValue.array([10, 11, 50, 12, 10, 2].map { .real($0) })
        let flags = DynamicValue.array([0, 0, 1, 0, 0, -1].map { .long($0) })
        let t = Table.fromRows(schema: Schema([Field("sid", .string), Field("num", .dynamic), Field("TimeStamp", .dynamic), Field("anomalies", .dynamic)]),
                               rows: [[.string("TS1"), .dynamic(nums), .dynamic(times), .dynamic(flags)]])
        let svg = ChartRenderer.svg(t, Visualization(chart: "anomalychart", anomalyColumns: ["anomalies"]))
        #expect(Self.count(svg, "class=\"line\"") == 1)
        #expect(Self.count(svg, "class=\"anomaly\"") == 2)
        #expect(svg.contains(">2017-01-0"))
    }

    @Test func stackedAreaChartDrawsOneAreaPerSeries() {
        let t = Table.fromRows(schema: Schema([Field("T", .datetime), Field("a", .long), Field("b", .long)]),
                               rows: (1...4).map { [Self.day($0), .long(Int64($0)), .long(2)] })
        let svg = ChartRenderer.svg(t, Visualization(chart: "areachart", kind: "stacked"))
        #expect(Self.count(svg, "class=\"area\"") == 2)
        #expect(Self.count(svg, "class=\"legend-item\"") == 2)
    }

    @Test func textIsEscaped() {
        let t = Table.fromRows(schema: Schema([Field("Name", .string), Field("n", .long)]), rows: [
            [.string("<script>alert('x')</script> & \"q\""), .long(3)], [.string("b"), .long(4)],
        ])
        let svg = ChartRenderer.svg(t, Visualization(chart: "columnchart", title: "a < b & c"))
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"))
        #expect(svg.contains(">a &lt; b &amp; c</text>"))
    }

    @Test func ymaxAndLogAxis() {
        let t = Table.fromRows(schema: Schema([Field("x", .long), Field("y", .long)]), rows: [[.long(1), .long(10)], [.long(2), .long(1000)], [.long(3), .long(100_000)]])
        let log = ChartRenderer.svg(t, Visualization(chart: "linechart", yaxisLog: true))
        for label in [">10</text>", ">1000</text>", ">100K</text>"] { #expect(log.contains(label)) }
        let fixed = ChartRenderer.svg(t, Visualization(chart: "linechart", ymin: 0, ymax: 200_000))
        #expect(fixed.contains(">200K</text>"))
    }

    @Test func unsupportedAndEmptyResultsSaySo() {
        #expect(ChartRenderer.svg(Self.states, Visualization(chart: "treemap")).contains("does not draw &#39;treemap&#39;"))
        let empty = Table.fromRows(schema: Schema([Field("State", .string), Field("n", .long)]), rows: [])
        #expect(ChartRenderer.svg(empty, Visualization(chart: "columnchart")).contains("Nothing to draw"))
        let strings = Table.fromRows(schema: Schema([Field("a", .string), Field("b", .string)]), rows: [[.string("x"), .string("y")]])
        #expect(ChartRenderer.svg(strings, Visualization(chart: "columnchart")).contains("no numeric column"))
    }

    @Test func niceTicks() {
        let s = Scale.linear(0, 4701)
        #expect(s.ticks.map(\.value) == [0, 1000, 2000, 3000, 4000, 5000])
        let t = Scale.time(Double(DateTime.ticks(year: 2007, month: 1, day: 1)), Double(DateTime.ticks(year: 2007, month: 12, day: 31)))
        #expect(t.ticks.first?.label == "2007-01" || t.ticks.first?.label == "2007-03")
        #expect(t.ticks.allSatisfy { $0.label.count == 7 })
        let h = Scale.time(Double(DateTime.ticks(year: 2007, month: 1, day: 1)), Double(DateTime.ticks(year: 2007, month: 1, day: 1, hour: 12)))
        #expect(h.ticks.map(\.label).contains("06:00"))
    }

    /// Extreme values (Double's ends, Int64's ends, a single point, equal values) draw without a trap.
    @Test func extremeValuesDrawWithoutTrapping() {
        let t = Table.fromRows(schema: Schema([Field("x", .long), Field("y", .real)]), rows: [
            [.long(Int64.min), .real(-1.7e308)], [.long(Int64.max), .real(1.7e308)], [.long(0), .real(0)],
        ])
        for chart in ["linechart", "scatterchart", "areachart", "columnchart", "barchart", "piechart", "timechart"] {
            #expect(ChartRenderer.svg(t, Visualization(chart: chart)).hasSuffix("</svg>"))
            #expect(ChartRenderer.svg(t, Visualization(chart: chart, kind: "stacked100", yaxisLog: true, accumulate: true)).hasSuffix("</svg>"))
            _ = TextChart.render(t, Visualization(chart: chart), width: 40, height: 6)
        }
        let one = Table.fromRows(schema: Schema([Field("T", .datetime), Field("n", .long)]), rows: [[.datetime(DateTime.maxTicks), .long(5)]])
        #expect(ChartRenderer.svg(one, Visualization(chart: "timechart")).contains("class=\"point\""))
        _ = TextChart.render(one, Visualization(chart: "timechart"))
        _ = ChartRenderer.timeline([0, DateTime.maxTicks])
        _ = ChartRenderer.timeline([DateTime.maxTicks])
    }
}
