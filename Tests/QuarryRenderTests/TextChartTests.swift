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

    @Test func otherChartsPrintNothing() {
        #expect(TextChart.render(ChartRendererTests.states, Visualization(chart: "piechart")) == "")
    }

    @Test func colorUsesAnsiOnlyWhenAsked() {
        let plain = TextChart.render(ChartRendererTests.byTypeAndState, Visualization(chart: "barchart"), width: 60)
        let colored = TextChart.render(ChartRendererTests.byTypeAndState, Visualization(chart: "barchart"), width: 60, color: true)
        #expect(!plain.contains("\u{1B}["))
        #expect(colored.contains("\u{1B}[38;5;"))
    }
}
