import KQLColumns
import KQLSyntax

extension LogicalPlan {
    /// `make-series`: one row per group with each aggregate as an array over axis bins.
    struct MakeSeries: UnaryPlanNode {
        var input: LogicalPlan
        var keys: [(name: String, expr: BoundExpr)]
        var aggregates: [BoundAggregate]
        /// The output series, in order, each an expression over one bin's row (`binSchema`: the
        /// keys, then each aggregate's value in that bin): an aggregate's own column (`avg(x)`), or
        /// an expression over the bin's aggregates (`sum(a) / count()`, `other = -1`), evaluated
        /// for each bin that has rows.
        var series: [(name: String, expr: BoundExpr)]
        /// Per series: the value of the bins without rows.
        var defaults: [Value]
        var axis: BoundExpr
        /// Bin i covers [from + i*step, from + (i+1)*step); `from`, `to`, `step` in the axis' ticks
        /// or units. A missing `from` or `to` comes from the data when the query runs (`bins` is nil
        /// then): the first or last `bin()` bin of any row.
        var from: Value?
        var to: Value?
        var step: Value
        var bins: Int?
        /// `kind=nonempty`: an empty input without `by` gives one row of default series.
        var nonEmpty: Bool
        /// Where a data-derived range that is too large is reported.
        var span: Span
        var schema: Schema

        /// The most bins a series may have.
        static let maxBins = 1_000_000

        /// The row each series is computed over, one per (group, bin) with rows: keys, then aggregates.
        var binSchema: Schema { Schema(keys.map { Field($0.name, $0.expr.type) } + aggregates.flatMap { $0.outputFields }) }

        /// The aggregate a series is, when it is one aggregate's value as is (not an expression).
        func seriesAggregate(_ i: Int) -> Int? {
            if case .column(let c, _) = series[i].expr, c >= keys.count, c - keys.count < aggregates.count { return c - keys.count }
            return nil
        }

        var asPlan: LogicalPlan { .makeSeries(self) }
        func mappingExpressions(_ f: (BoundExpr) throws -> BoundExpr) rethrows -> MakeSeries {
            var n = self
            n.keys = try keys.map { ($0.name, try f($0.expr)) }
            n.aggregates = try aggregates.map { try $0.mappingExpressions(f) }
            n.series = try series.map { ($0.name, try f($0.expr)) }
            n.axis = try f(axis)
            return n
        }
        var explainName: String { "MakeSeries" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            var out = [("by", explainList(keys.map { "\($0.name)=\($0.expr.explainText(input))" })),
                       ("aggregates", explainList(aggregates.map { $0.explainText(input) }))]
            if series.indices.contains(where: { seriesAggregate($0) == nil }) {
                let row = binSchema
                out.append(("series", explainList(series.map { s in
                    if case .column(let c, _) = s.expr, c < row.fields.count, row.fields[c].name == s.name { return s.name }
                    return "\(s.name)=\(s.expr.explainText(row))"
                })))
            }
            return out + [("axis", axis.explainText(input)), ("bins", bins.map { String($0) } ?? "from the data")]
        }
    }
}
