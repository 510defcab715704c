/// What a query's `render` operator asks a client to draw (render-operator.md): the chart and its
/// properties, as the binder validated them. It travels with the result (`QueryResult`,
/// `QueryStream`); the rows themselves are unchanged. Lives here, beside `Table`, so that a
/// renderer needs only KQLColumns.
public struct Visualization: Hashable, Sendable {
    /// The visualization name as written (`timechart`, `columnchart`, …; `3Dchart` keeps its case).
    public var chart: String
    public var title: String?
    public var xtitle: String?
    public var ytitle: String?
    public var xcolumn: String?
    /// Empty when the query names none (the client picks, per the chart's documented defaults).
    public var ycolumns: [String]
    public var series: [String]
    public var anomalyColumns: [String]
    /// `default`, `unstacked`, `stacked`, `stacked100` or `map`; nil when not given.
    public var kind: String?
    /// `visible` (true) or `hidden` (false); nil when not given (visible).
    public var legend: Bool?
    /// `none`, `axes` or `panels`; nil when not given (none).
    public var ysplit: String?
    public var xaxisLog: Bool
    public var yaxisLog: Bool
    public var ymin: Double?
    public var ymax: Double?
    public var accumulate: Bool

    public init(chart: String, title: String? = nil, xtitle: String? = nil, ytitle: String? = nil, xcolumn: String? = nil,
                ycolumns: [String] = [], series: [String] = [], anomalyColumns: [String] = [], kind: String? = nil,
                legend: Bool? = nil, ysplit: String? = nil, xaxisLog: Bool = false, yaxisLog: Bool = false,
                ymin: Double? = nil, ymax: Double? = nil, accumulate: Bool = false) {
        self.chart = chart; self.title = title; self.xtitle = xtitle; self.ytitle = ytitle; self.xcolumn = xcolumn
        self.ycolumns = ycolumns; self.series = series; self.anomalyColumns = anomalyColumns; self.kind = kind
        self.legend = legend; self.ysplit = ysplit; self.xaxisLog = xaxisLog; self.yaxisLog = yaxisLog
        self.ymin = ymin; self.ymax = ymax; self.accumulate = accumulate
    }

    /// Every visualization name Kusto's parser accepts after `render` (case-sensitive). The
    /// render page documents the first fifteen; the rest are client-specific.
    public static let charts: [String] = [
        "anomalychart", "areachart", "barchart", "card", "columnchart", "ladderchart", "linechart", "piechart",
        "pivotchart", "scatterchart", "stackedareachart", "table", "timechart", "timepivot", "treemap",
        "list", "timeline", "3Dchart", "plotly", "graph", "sankey",
    ]
    /// The documented properties of `with (...)`.
    public static let properties: [String] = [
        "accumulate", "anomalycolumns", "kind", "legend", "series", "title", "xaxis", "xcolumn", "xtitle",
        "yaxis", "ycolumns", "ymax", "ymin", "ysplit", "ytitle",
    ]
    public static let kinds = ["default", "unstacked", "stacked", "stacked100", "map"]

    /// `stacked` and `stacked100` (and `stackedareachart`, an area chart stacked by definition).
    public var isStacked: Bool { kind == "stacked" || kind == "stacked100" || chart == "stackedareachart" }
    public var isStacked100: Bool { kind == "stacked100" }
    public var showsLegend: Bool { legend ?? true }
}
