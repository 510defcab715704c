import KQLColumns
import KQLSyntax

extension LogicalPlan {
    /// `make-series`: one row per group with each aggregate as an array over axis bins.
    struct MakeSeries: UnaryPlanNode {
        var input: LogicalPlan
        var keys: [(name: String, expr: BoundExpr)]
        var aggregates: [BoundAggregate]
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

        var asPlan: LogicalPlan { .makeSeries(self) }
        func mappingExpressions(_ f: (BoundExpr) throws -> BoundExpr) rethrows -> MakeSeries {
            var n = self
            n.keys = try keys.map { ($0.name, try f($0.expr)) }
            n.aggregates = try aggregates.map { try $0.mappingExpressions(f) }
            n.axis = try f(axis)
            return n
        }
        var explainName: String { "MakeSeries" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            [("by", explainList(keys.map { "\($0.name)=\($0.expr.explainText(input))" })),
             ("aggregates", explainList(aggregates.map { $0.explainText(input) })),
             ("axis", axis.explainText(input)), ("bins", bins.map { String($0) } ?? "from the data")]
        }
    }
}
