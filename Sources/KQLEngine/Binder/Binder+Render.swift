import KQLColumns
import KQLSyntax

/// `render chart [with (name = value, ...)]` (render-operator.md): the rows pass unchanged; the
/// chart and its validated properties become the result's `Visualization`.
///
/// Validation follows Kusto's parser (Kusto.Language, the oracle): the chart is one of the names it
/// accepts (case-sensitive); every property is one of the documented fifteen; enumerated values
/// (`kind`, `legend`, `ysplit`, `xaxis`, `yaxis`) are one of their words; titles are constant
/// strings, `ymin`/`ymax` constant numbers, `accumulate` a constant bool; column properties name
/// columns of the input. Kusto accepts every property with every chart, and so does Quarry.
extension Binder {
    func bindRender(chart: String, parameters: [OperatorParameter], input: LogicalPlan, op: QueryOperator, scope: Scope) throws -> LogicalPlan {
        let chartSpan = renderChartSpan(op)
        guard Visualization.charts.contains(chart) else {
            throw fail(.invalidOperatorArgument, "render: unknown visualization '\(chart)'; expected one of: \(Visualization.charts.joined(separator: ", "))", chartSpan)
        }
        var v = Visualization(chart: chart)
        var seen: Set<String> = []
        let schema = input.schema
        for p in parameters {
            let nameSpan = renderPropertyNameSpan(p)
            guard Visualization.properties.contains(p.name) else {
                throw fail(.invalidOperatorArgument, "render: unknown property '\(p.name)'; expected one of: \(Visualization.properties.joined(separator: ", "))", nameSpan)
            }
            let listValued = ["ycolumns", "series", "anomalycolumns"].contains(p.name)
            if !listValued && seen.contains(p.name) {
                throw fail(.invalidOperatorArgument, "render: property '\(p.name)' takes one value", p.value.span)
            }
            seen.insert(p.name)
            switch p.name {
            case "title", "xtitle", "ytitle":
                guard case .string(let s) = try constant(p.value, scope: scope) else {
                    throw fail(.invalidOperatorArgument, "render: '\(p.name)' must be a constant string", p.value.span)
                }
                if p.name == "title" { v.title = s } else if p.name == "xtitle" { v.xtitle = s } else { v.ytitle = s }
            case "xcolumn":
                v.xcolumn = try renderColumn(p, schema)
            case "ycolumns": v.ycolumns.append(try renderColumn(p, schema))
            case "series": v.series.append(try renderColumn(p, schema))
            case "anomalycolumns": v.anomalyColumns.append(try renderColumn(p, schema))
            case "kind": v.kind = try renderWord(p, Visualization.kinds)
            case "legend": v.legend = try renderWord(p, ["visible", "hidden"]) == "visible"
            case "ysplit": v.ysplit = try renderWord(p, ["none", "axes", "panels"])
            case "xaxis": v.xaxisLog = try renderWord(p, ["linear", "log"]) == "log"
            case "yaxis": v.yaxisLog = try renderWord(p, ["linear", "log"]) == "log"
            case "ymin", "ymax":
                let x: Double
                switch try constant(p.value, scope: scope) {
                case .int(let i): x = Double(i)
                case .long(let i): x = Double(i)
                case .real(let r) where r.isFinite: x = r
                default: throw fail(.invalidOperatorArgument, "render: '\(p.name)' must be a constant number", p.value.span)
                }
                if p.name == "ymin" { v.ymin = x } else { v.ymax = x }
            case "accumulate":
                guard case .bool(let b) = try constant(p.value, scope: scope) else {
                    throw fail(.invalidOperatorArgument, "render: 'accumulate' must be true or false", p.value.span)
                }
                v.accumulate = b
            default:
                break
            }
        }
        renders[op.span.start] = v
        return input
    }

    /// The column a property names (`xcolumn=StartTime`); it must be a column of render's input.
    private func renderColumn(_ p: OperatorParameter, _ schema: Schema) throws -> String {
        guard case .name(let n) = p.value.kind else {
            throw fail(.invalidOperatorArgument, "render: '\(p.name)' expects column names", p.value.span)
        }
        guard schema.index(of: n) != nil else {
            throw fail(.unknownName, "render: '\(p.name)' names '\(n)', which is not a column of the result (\(schema.names.joined(separator: ", ")))", p.value.span)
        }
        return n
    }

    /// One of a property's words (`kind=stacked`, `legend=hidden`), written as a bare name.
    private func renderWord(_ p: OperatorParameter, _ allowed: [String]) throws -> String {
        guard case .name(let w) = p.value.kind, allowed.contains(w) else {
            throw fail(.invalidOperatorArgument, "render: '\(p.name)' must be one of: \(allowed.joined(separator: ", "))", p.value.span)
        }
        return w
    }

    /// The chart name's span: the identifier after the `render` keyword (the AST keeps its text only).
    private func renderChartSpan(_ op: QueryOperator) -> Span {
        guard let bytes = session.source?.bytes else { return op.keywordSpan }
        var i = op.keywordSpan.end
        while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 { i += 1 }
        var j = i
        while j < bytes.count, Self.isNameByte(bytes[j]) { j += 1 }
        return j > i ? Span(i, j) : op.keywordSpan
    }

    /// A property name's span: the identifier before the `=` that precedes its value (for the
    /// second value of a list, `ycolumns=a, b`, the value itself).
    private func renderPropertyNameSpan(_ p: OperatorParameter) -> Span {
        guard let bytes = session.source?.bytes, p.value.span.start <= bytes.count else { return p.value.span }
        var i = p.value.span.start - 1
        while i >= 0, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 || bytes[i] == UInt8(ascii: "(") { i -= 1 }
        guard i >= 0, bytes[i] == UInt8(ascii: "=") else { return p.value.span }
        i -= 1
        while i >= 0, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 { i -= 1 }
        let end = i + 1
        while i >= 0, Self.isNameByte(bytes[i]) { i -= 1 }
        return end > i + 1 ? Span(i + 1, end) : p.value.span
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95
    }

    /// render must be the query's last operator (render-operator.md): an operator after it is an error.
    func checkNothingFollowsRender(_ src: Expr, _ op: QueryOperator) throws {
        var e = src
        while case .paren(let x) = e.kind { e = x }
        if case .pipe(_, let prev) = e.kind, case .render = prev.kind {
            throw fail(.invalidOperatorArgument, "render must be the last operator of the query (render-operator.md): nothing may follow it", op.keywordSpan)
        }
    }

    /// The visualization of the query's result expression: its last operator's, when that is render.
    /// A render elsewhere (inside a let, a function or a subquery) is validated and drawn nowhere.
    func resultVisualization(_ e: Expr) -> Visualization? {
        var e = e
        while case .paren(let x) = e.kind { e = x }
        guard case .pipe(_, let op) = e.kind, case .render = op.kind else { return nil }
        return renders[op.span.start]
    }
}
