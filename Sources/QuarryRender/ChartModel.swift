import KQLColumns

/// How the x axis reads its values.
enum AxisKind { case time, number, category }

struct ChartSeries {
    var name: String
    /// (x, y) pairs; for a category axis x is the category's index.
    var points: [(x: Double, y: Double)]
}

/// A table read as a chart, following the render page's data model (render-operator.md): one x
/// column, y columns, and series columns whose combined values split the rows into series.
///
/// Defaults where the query names none (the docs leave the choice to the client, "the first column
/// that works"):
/// - x: `xcolumn`; else for timechart, anomalychart, linechart and areachart the first datetime
///   column (or the first dynamic column holding datetimes, as make-series returns; else the first
///   column: `summarize count() by State, bin(StartTime, 1d) | render linechart` draws one line per
///   State over time, visualization-linechart.md), for the others the first column.
/// - y: `ycolumns`; else every numeric (int, long, real) column that is not x, a series or an
///   anomaly column — and, when x holds arrays, every dynamic column (make-series' series).
/// - series: `series`; else the string columns that are not x or y (timechart and anomalychart take
///   only the first, visualization-timechart.md: "other string columns are ignored").
/// - column, bar and pie charts put x on a category axis (one bar or slice per distinct value, in
///   the order the rows first show it); the others use a time or number axis when x is a datetime
///   or a number, and categories otherwise.
struct ChartModel {
    var chart: String
    var xKind: AxisKind = .category
    var xName = ""
    var yNames: [String] = []
    var categories: [String] = []
    var series: [ChartSeries] = []
    /// anomalychart: the points flagged by an anomaly column (non-zero), on the first y column's series.
    var anomalies: [ChartSeries] = []
    /// Things the drawing left out (series past the cap, non-positive values on a log axis).
    var notes: [String] = []
    /// Why nothing can be drawn, when nothing can.
    var problem: String?
    /// The x range to draw when it is not the points' own (the panels of `ysplit=panels` share it).
    var xDomain: (lo: Double, hi: Double)? = nil
    /// The palette index of the first series (a panel keeps its series' colour).
    var colorBase = 0

    static let maxSeries = 30
    static let maxCategories = 200
    static let maxPoints = 100_000

    /// Charts whose visualization page documents `ysplit` (none, axes, panels).
    static let splitCharts: Set<String> = ["timechart", "linechart", "areachart", "stackedareachart", "anomalychart", "columnchart", "barchart"]

    /// Charts whose x axis is always categorical.
    static let categoryCharts: Set<String> = ["columnchart", "barchart", "piechart", "ladderchart", "pivotchart", "treemap"]

    init(chart: String) { self.chart = chart }

    static func build(_ table: Table, _ v: Visualization) -> ChartModel {
        var m = ChartModel(chart: v.chart)
        let fields = table.schema.fields
        guard !fields.isEmpty else { m.problem = "the result has no columns"; return m }
        let columns = Columns(table)
        let isTime = v.chart == "timechart" || v.chart == "anomalychart"
        let isLine = isTime || ["linechart", "areachart", "stackedareachart"].contains(v.chart)

        // x
        var xi: Int
        if let name = v.xcolumn, let i = table.schema.index(of: name) {
            xi = i
        } else if isLine {
            xi = fields.firstIndex { $0.type == .datetime }
                ?? fields.indices.first { fields[$0].type == .dynamic && columns.firstArrayElement($0).map(isDate) == true }
                ?? 0
        } else {
            xi = 0
        }
        m.xName = fields[xi].name
        let xIsArray = fields[xi].type == .dynamic && columns.firstArrayElement(xi) != nil
        let xElementType: KQLType = xIsArray ? (columns.firstArrayElement(xi).map(elementType) ?? .string) : fields[xi].type
        if categoryCharts.contains(v.chart) {
            m.xKind = .category
        } else {
            switch xElementType {
            case .datetime: m.xKind = .time
            case .int, .long, .real: m.xKind = .number
            default: m.xKind = .category
            }
        }

        // series and y
        let anomalyIdx = v.anomalyColumns.compactMap { table.schema.index(of: $0) }
        var seriesIdx = v.series.compactMap { table.schema.index(of: $0) }
        let explicitY = v.ycolumns.compactMap { table.schema.index(of: $0) }
        if v.series.isEmpty {
            seriesIdx = fields.indices.filter { $0 != xi && fields[$0].type == .string && !explicitY.contains($0) }
            if isTime { seriesIdx = Array(seriesIdx.prefix(1)) }
        }
        var yIdx = explicitY
        if yIdx.isEmpty {
            yIdx = fields.indices.filter { i in
                guard i != xi, !seriesIdx.contains(i), !anomalyIdx.contains(i) else { return false }
                if fields[i].type.isNumeric { return true }
                return xIsArray && fields[i].type == .dynamic && columns.firstArrayElement(i).map(isNumber) == true
            }
        }
        if v.chart == "piechart" { yIdx = Array(yIdx.prefix(1)) }
        m.yNames = yIdx.map { fields[$0].name }
        guard !yIdx.isEmpty else {
            m.problem = "no numeric column to draw (columns: \(fields.map { "\($0.name):\($0.type)" }.joined(separator: ", ")))"
            return m
        }

        // rows -> series
        var seriesAt: [String: Int] = [:]
        var categoryAt: [String: Int] = [:]
        var dropped = 0, droppedCategories = 0
        var total = 0
        func seriesName(_ key: String, _ y: String) -> String {
            if seriesIdx.isEmpty { return y }
            return yIdx.count == 1 ? key : key + " · " + y
        }
        func xValue(_ value: Value) -> Double? {
            switch m.xKind {
            case .time:
                if case .datetime(let t) = value { return Double(t) }
                if case .dynamic(.datetime(let t)) = value { return Double(t) }
                return nil
            case .number: return number(value)
            case .category:
                let label: String
                switch value {
                case .datetime(let t), .dynamic(.datetime(let t)): label = Format.date(t)
                default: label = Format.cell(value)
                }
                if let i = categoryAt[label] { return Double(i) }
                guard m.categories.count < maxCategories else { droppedCategories += 1; return nil }
                categoryAt[label] = m.categories.count
                m.categories.append(label)
                return Double(m.categories.count - 1)
            }
        }
        var anomalyPoints: [String: [(x: Double, y: Double)]] = [:]
        for r in 0..<columns.rowCount where total < maxPoints {
            let key = seriesIdx.map { Format.cell(columns.value($0, r)) }.joined(separator: ", ")
            let xv = columns.value(xi, r)
            let xs: [Value] = xIsArray ? (arrayValues(xv) ?? []) : [xv]
            let xd = xs.map(xValue)
            for (k, yi) in yIdx.enumerated() {
                let name = seriesName(key, fields[yi].name)
                let yv = columns.value(yi, r)
                let ys: [Value] = xIsArray ? (arrayValues(yv) ?? []) : [yv]
                var sIndex = seriesAt[name]
                if sIndex == nil {
                    guard m.series.count < maxSeries else { dropped += 1; continue }
                    sIndex = m.series.count
                    seriesAt[name] = m.series.count
                    m.series.append(ChartSeries(name: name, points: []))
                }
                guard let s = sIndex else { continue }
                for j in 0..<min(xd.count, ys.count) {
                    guard let x = xd[j], let y = number(ys[j]) else { continue }
                    m.series[s].points.append((x, y))
                    total += 1
                }
                // anomaly flags mark points of the first y column's series
                if k == 0 {
                    for ai in anomalyIdx {
                        let av = columns.value(ai, r)
                        let flags: [Value] = xIsArray ? (arrayValues(av) ?? []) : [av]
                        for j in 0..<min(xd.count, ys.count, flags.count) {
                            guard let x = xd[j], let y = number(ys[j]), let f = number(flags[j]), f != 0 else { continue }
                            anomalyPoints[name, default: []].append((x, y))
                        }
                    }
                }
            }
        }
        if let split = v.ysplit, split != "none", !splitCharts.contains(v.chart) { m.notes.append("ysplit=\(split) is drawn as one chart") }
        if total >= maxPoints { m.notes.append("drew the first \(maxPoints) points") }
        if dropped > 0 { m.notes.append("showing \(maxSeries) series; \(dropped) more not drawn") }
        if droppedCategories > 0 { m.notes.append("showing the first \(maxCategories) x values; \(droppedCategories) values of later ones not drawn") }
        if m.xKind != .category {
            for i in m.series.indices { m.series[i].points.sort { $0.x < $1.x } }
        }
        if v.accumulate {
            for i in m.series.indices {
                var sum = 0.0
                for j in m.series[i].points.indices { sum += m.series[i].points[j].y; m.series[i].points[j].y = sum }
            }
        }
        m.anomalies = m.series.compactMap { s in anomalyPoints[s.name].map { ChartSeries(name: s.name, points: $0) } }
        if m.series.allSatisfy({ $0.points.isEmpty }) { m.problem = columns.rowCount == 0 ? "no rows" : "no values to draw" }
        return m
    }

    /// The series of `ysplit=panels` (and of `axes` where it is drawn as panels): one model per
    /// series, the first `maxPanels` (the render page's limit), each with its own series' colour,
    /// sharing the x axis (categories, or the whole x range) so that the panels line up.
    func panels() -> [ChartModel] {
        let xs = series.flatMap { $0.points.map(\.x) }
        let domain = xDomain ?? (xs.min().flatMap { lo in xs.max().map { (lo, $0) } })
        return series.prefix(Self.maxPanels).enumerated().map { i, s in
            var p = self
            p.series = [s]
            p.anomalies = anomalies.filter { $0.name == s.name }
            p.notes = []
            p.xDomain = domain
            p.colorBase = colorBase + i
            return p
        }
    }

    static let maxPanels = 5

    /// Whether `ysplit` asks for panels here: a chart that documents it, more than one series.
    func splitsIntoPanels(_ v: Visualization, axesToo: Bool) -> Bool {
        guard let split = v.ysplit, series.count > 1, Self.splitCharts.contains(v.chart) else { return false }
        return split == "panels" || (axesToo && split == "axes")
    }

    /// Stacked series (areachart `kind=stacked|stacked100`): each series' y on top of the
    /// previous ones at the same x (stacked100: shares of the x's total, 0–100), with the
    /// baseline each point sits on.
    static func stacked(_ input: [ChartSeries], percent: Bool) -> (series: [ChartSeries], baselines: [[Double]]) {
        var series = input
        var baselines: [[Double]] = series.map { Array(repeating: 0, count: $0.points.count) }
        var totals: [Double: Double] = [:]
        if percent {
            for s in series { for p in s.points { totals[p.x, default: 0] += p.y } }
        }
        var running: [Double: Double] = [:]
        for i in series.indices {
            for j in series[i].points.indices {
                var y = series[i].points[j].y
                let x = series[i].points[j].x
                if percent { let t = totals[x] ?? 0; y = t == 0 ? 0 : y / t * 100 }
                let base = running[x] ?? 0
                baselines[i][j] = base
                series[i].points[j].y = base + y
                running[x] = base + y
            }
        }
        return (series, baselines)
    }

    /// Numeric value of a cell (int, long, real, or a dynamic number); nil for null, NaN and others.
    static func number(_ v: Value) -> Double? {
        let d: Double
        switch v {
        case .int(let x): d = Double(x)
        case .long(let x): d = Double(x)
        case .real(let x): d = x
        case .dynamic(.long(let x)): d = Double(x)
        case .dynamic(.real(let x)): d = x
        default: return nil
        }
        return d.isFinite ? d : nil
    }

    static func arrayValues(_ v: Value) -> [Value]? {
        guard case .dynamic(.array(let items)) = v else { return nil }
        return items.map { item -> Value in
            switch item {
            case .long(let x): return .long(x)
            case .real(let x): return .real(x)
            case .datetime(let t): return .datetime(t)
            case .string(let s): return .string(s)
            case .bool(let b): return .bool(b)
            case .timespan(let t): return .timespan(t)
            case .null: return .null(.dynamic)
            default: return .dynamic(item)
            }
        }
    }

    static func isDate(_ d: DynamicValue) -> Bool { if case .datetime = d { return true }; return false }
    static func isNumber(_ d: DynamicValue) -> Bool {
        switch d { case .long, .real: return true; default: return false }
    }
    static func elementType(_ d: DynamicValue) -> KQLType {
        switch d { case .datetime: return .datetime; case .long: return .long; case .real: return .real; default: return .string }
    }
}

/// A table's cells by column index and row number, across its batches.
public struct Columns {
    let table: Table
    public let rowCount: Int
    private let starts: [Int]

    public init(_ t: Table) {
        table = t
        var s: [Int] = []
        var n = 0
        for b in t.batches { s.append(n); n += b.count }
        starts = s
        rowCount = n
    }

    public func value(_ column: Int, _ row: Int) -> Value {
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= row { lo = mid } else { hi = mid - 1 }
        }
        let b = table.batches[lo]
        guard column < b.columns.count else { return .null(.dynamic) }
        return b.columns[column].value(at: row - starts[lo])
    }

    /// The first element of the first non-empty array in a dynamic column (nil when it holds no array).
    func firstArrayElement(_ column: Int) -> DynamicValue? {
        for r in 0..<min(rowCount, 100) {
            if case .dynamic(.array(let items)) = value(column, r) {
                if let f = items.first(where: { $0 != .null }) { return f }
            }
        }
        return nil
    }
}
