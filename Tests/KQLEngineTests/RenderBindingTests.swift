import KQLColumns
import KQLEngine
import Testing

/// `render` records its visualization on the result (render-operator.md); the rows are unchanged.
@Suite struct RenderBindingTests {
    func result(_ q: String) throws -> QueryResult { try QuerySession().run(q, options: QueryOptions(now: 0)) }

    @Test func timechartExampleRecordsEveryProperty() throws {
        // visualization-timechart.md, "Label a timechart"
        let r = try result("""
            range x from 1 to 2 step 1 | extend StartTime = datetime(2007-01-01) + x * 7d | project StartTime, EventCount = x
            | render timechart with (title="Crop damage over time", xtitle="Date", ytitle="Crop damage", legend=hidden)
            """)
        #expect(r.table.rowCount == 2)
        let v = try #require(r.visualization)
        #expect(v == Visualization(chart: "timechart", title: "Crop damage over time", xtitle: "Date", ytitle: "Crop damage", legend: false))
    }

    @Test func columnPropertiesAndLists() throws {
        let r = try result("""
            datatable(EventType:string, State:string, a:long, b:long, flags:long)["Hail", "TEXAS", 3, 4, 0]
            | render columnchart with (kind=stacked100, xcolumn=EventType, ycolumns=a, b, series=State, anomalycolumns=flags,
                                       ymin=-1, ymax=1.5, yaxis=log, xaxis=log, ysplit=axes, accumulate=true, legend=visible)
            """)
        let v = try #require(r.visualization)
        #expect(v.chart == "columnchart" && v.kind == "stacked100" && v.isStacked && v.isStacked100)
        #expect(v.xcolumn == "EventType" && v.ycolumns == ["a", "b"] && v.series == ["State"] && v.anomalyColumns == ["flags"])
        #expect(v.ymin == -1 && v.ymax == 1.5 && v.yaxisLog && v.xaxisLog && v.ysplit == "axes" && v.accumulate && v.legend == true)
    }

    @Test func parenthesisedListsAndLegacyForm() throws {
        let v = try #require(try result("print a = 1, b = 2 | render linechart with (ycolumns=(a, b))").visualization)
        #expect(v.ycolumns == ["a", "b"])
        let legacy = try #require(try result("print a = 1 | render piechart title='t' kind=map").visualization)
        #expect(legacy.chart == "piechart" && legacy.title == "t" && legacy.kind == "map")
    }

    @Test func noRenderNoVisualization() throws {
        #expect(try result("print a = 1").visualization == nil)
        // a render inside a let is validated and does not become the result's visualization
        #expect(try result("let t = print a = 1 | render piechart; t | take 1").visualization == nil)
    }

    @Test func streamCarriesTheVisualization() throws {
        let s = try QuerySession().stream("print a = 1 | render card with (title='n')", options: QueryOptions(now: 0))
        #expect(s.visualization?.chart == "card")
        #expect(s.visualization?.title == "n")
        #expect(s.warnings.isEmpty)
    }
}
