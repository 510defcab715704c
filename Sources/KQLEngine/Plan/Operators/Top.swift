import KQLColumns

extension LogicalPlan {
    /// `top N by key`: the first `rows` input rows in the order of `key`.
    struct Top: UnaryPlanNode {
        var input: LogicalPlan
        var rows: Int
        var key: BoundSortKey

        var schema: Schema { input.schema }
        var asPlan: LogicalPlan { .top(self) }
        func mappingExpressions(_ f: (BoundExpr) throws -> BoundExpr) rethrows -> Top {
            Top(input: input, rows: rows, key: try key.mappingExpression(f))
        }
        var explainName: String { "Top" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            [("rows", String(rows)), ("by", key.explainText(input)), ("strategy", "heap")]
        }
    }
}
