import Foundation
import KQLColumns
@testable import QuarryRender
import Testing

@Suite struct TextChartTests {
    @Test func barChartPrintsOneLinePerCategoryWithValues() {
        let out = TextChart.render(ChartRendererTests.states, Visualization(chart: "barchart", title: "Storm count by state"), width: 60, height: 10)
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.first == "Storm count by state")
        #expect(lines.count == 6)
        #expect(lines[1].hasPrefix("TEXAS") && lines[1].hasSuffix("4701"))
        #expect(lines[1].filter { $0 == "█" }.count > lines[3].filter { $0 == "█" }.count)   // TEXAS > IOWA
    }

    @Test func timeChartUsesBrailleAndLabelsBothEnds() {
        let rows: [[Value]] = (1...10).map { [ChartRendererTests.day($0), .long(Int64($0 * $0))] }
        let t = Table.fromRows(schema: Schema([Field("StartTime", .datetime), Field("n", .long)]), rows: rows)
        let out = TextChart.render(t, Visualization(chart: "timechart"), width: 50, height: 8)
        #expect(out.unicodeScalars.contains { $0.value > 0x2800 && $0.value <= 0x28FF })
        #expect(out.contains("2007-01-01") && out.contains("2007-01-10"))
        #expect(out.split(separator: "\n").allSatisfy { $0.count <= 50 })
    }

    @Test func columnChartDrawsColumnsAndALegendForSeries() {
        let out = TextChart.render(ChartRendererTests.byTypeAndState, Visualization(chart: "columnchart", kind: "stacked"), width: 60, height: 6, color: false)
        #expect(out.contains("█"))
        #expect(out.contains("■ TEXAS") && out.contains("■ CALIFORNIA"))
        #expect(out.contains("Hail") && out.contains("Flood"))
    }

    @Test func cardAndTablePrintNothing() {
        // The result table itself is what a terminal shows for these.
        #expect(TextChart.render(ChartRendererTests.states, Visualization(chart: "card")) == "")
        #expect(TextChart.render(ChartRendererTests.states, Visualization(chart: "table")) == "")
    }

    /// visualization-piechart.md: one slice per State, sized by the count.
    @Test func pieChartPrintsAStripOfSharesAndOneLinePerSlice() {
        let out = TextChart.render(ChartRendererTests.states, Visualization(chart: "piechart", title: "Storm Events by State"), width: 50)
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.first == "Storm Events by State")
        // The strip is exactly the width, split by shares: TEXAS 4701 of 14242 is 33% of 50 = 17 cells.
        #expect(lines[1].count == 50)
        #expect(lines[1].prefix(16).allSatisfy { $0 == "█" } && lines[1].filter { $0 == "█" }.count == 17)
        #expect(lines.count == 7)
        #expect(lines[2].contains("TEXAS") && lines[2].contains("33%") && lines[2].hasSuffix("4701"))
        #expect(lines[6].contains("MISSOURI") && lines[6].contains("14%"))
        // Slices ≤ 0 are left out, with a note; more than 12 merge into "Other (n)".
        let many = Table.fromRows(schema: Schema([Field("k", .string), Field("n", .long)]),
                                  rows: (0..<15).map { [.string("k\($0)"), .long(Int64(15 - $0))] } + [[.string("zero"), .long(0)]])
        let m = TextChart.render(many, Visualization(chart: "piechart"), width: 40)
        #expect(m.contains("Other (4)") && m.contains("(1 slice with a value ≤ 0 not drawn)"))
    }

    /// visualization-areachart.md: filled down to zero; `kind=stacked` puts each series on the one before.
    @Test func areaChartFillsBelowItsLine() {
        let rows: [[Value]] = (1...8).map { [ChartRendererTests.day($0), .long(10), .long(Int64($0))] }
        let t = Table.fromRows(schema: Schema([Field("T", .datetime), Field("a", .long), Field("b", .long)]), rows: rows)
        let line = TextChart.render(t, Visualization(chart: "linechart", ycolumns: ["a"]), width: 40, height: 8)
        let area = TextChart.render(t, Visualization(chart: "areachart", ycolumns: ["a"]), width: 40, height: 8)
        func dots(_ s: String) -> Int { s.unicodeScalars.filter { $0.value > 0x2800 && $0.value <= 0x28FF }.reduce(0) { $0 + ($1.value - 0x2800).nonzeroBitCount } }
        // A flat line at 10 is one row of dots; its area fills every row down to 0.
        #expect(dots(area) > 4 * dots(line))
        #expect(area.split(separator: "\n").filter { $0.contains("┤") && $0.unicodeScalars.contains { $0.value == 0x28FF } }.count >= 6)
        // Stacked: the top reaches a + b = 18, unstacked only 10.
        let stacked = TextChart.render(t, Visualization(chart: "areachart", kind: "stacked"), width: 40, height: 8)
        let top = stacked.split(separator: "\n").first.map { $0.components(separatedBy: "┤")[0].trimmingCharacters(in: .whitespaces) }
        #expect(top.flatMap(Double.init).map { $0 >= 18 } == true, "\(stacked)")
        #expect(stacked.contains("■ a") && stacked.contains("■ b"))
    }

    /// visualization-scatterchart.md: points, not joined by lines.
    @Test func scatterChartDrawsPointsOnly() {
        let t = Table.fromRows(schema: Schema([Field("Population", .long), Field("Damage", .real)]), rows: [
            [.long(1000), .real(5)], [.long(3000), .real(7.5)], [.long(2000), .real(1)], [.long(4000), .real(9)],
        ])
        let scatter = TextChart.render(t, Visualization(chart: "scatterchart"), width: 40, height: 8)
        let line = TextChart.render(t, Visualization(chart: "linechart"), width: 40, height: 8)
        func dots(_ s: String) -> Int { s.unicodeScalars.filter { $0.value > 0x2800 && $0.value <= 0x28FF }.reduce(0) { $0 + ($1.value - 0x2800).nonzeroBitCount } }
        #expect(dots(scatter) == 8)   // four points, two dots each
        #expect(dots(line) > dots(scatter))
        #expect(scatter.contains("1000") && scatter.contains("4000"))
    }

    /// visualization-anomalychart.md: the series as a line, flagged points marked.
    @Test func anomalyChartDrawsTheSeries() {
        let times = DynamicValue.array((1...6).map { .datetime(DateTime.ticks(year: 2017, month: 1, day: $0)) })
        let nums = DynamicValue.array([10, 11, 50, 12, 10, 2].map { .real($0) })
        let flags = DynamicValue.array([0, 0, 1, 0, 0, -1].map { .long($0) })
        let t = Table.fromRows(schema: Schema([Field("sid", .string), Field("num", .dynamic), Field("TimeStamp", .dynamic), Field("anomalies", .dynamic)]),
                               rows: [[.string("TS1"), .dynamic(nums), .dynamic(times), .dynamic(flags)]])
        let out = TextChart.render(t, Visualization(chart: "anomalychart", anomalyColumns: ["anomalies"]), width: 50, height: 8, color: true)
        #expect(out.contains("2017-01-01") && out.contains("2017-01-06"))
        #expect(out.contains("\u{1B}[31m"))   // the anomalies in red
    }

    @Test func colorUsesAnsiOnlyWhenAsked() {
        let plain = TextChart.render(ChartRendererTests.byTypeAndState, Visualization(chart: "barchart"), width: 60)
        let colored = TextChart.render(ChartRendererTests.byTypeAndState, Visualization(chart: "barchart"), width: 60, color: true)
        #expect(!plain.contains("\u{1B}["))
        #expect(colored.contains("\u{1B}[38;5;"))
    }
}
