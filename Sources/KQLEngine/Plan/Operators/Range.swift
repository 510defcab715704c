import KQLColumns
import KQLSyntax

extension LogicalPlan {
    /// `range column from a to b step s`: one column of `type`, a row per step.
    struct Range: LeafPlanNode {
        var column: String
        var from: Value
        var to: Value
        var step: Value
        var type: KQLType
        /// From, to and step as expressions when one of them holds a subquery (`range z from
        /// Start to End step 2` with `let Start = toscalar(...)`): execution resolves the
        /// subqueries, evaluates these and checks the row count then (`spans` point at the step and
        /// the operator for those errors). nil: the constants above.
        var computed: [BoundExpr]? = nil
        var spans: (step: Span, op: Span)? = nil

        /// The most rows a range may produce.
        static let maxRows = 100_000_000

        var schema: Schema { Schema([Field(column, type)]) }
        var asPlan: LogicalPlan { .range(self) }
        var explainName: String { "Range" }
        func mappingExpressions(_ f: (BoundExpr) throws -> BoundExpr) rethrows -> Range {
            var n = self
            n.computed = try computed?.map(f)
            return n
        }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            if let c = computed {
                return [("column", column), ("from", c[0].explainText(input)), ("to", c[1].explainText(input)), ("step", c[2].explainText(input))]
            }
            return [("column", column), ("from", from.kqlLiteral), ("to", to.kqlLiteral), ("step", step.kqlLiteral)]
        }
    }
}
