import KQLColumns

extension LogicalPlan {
    /// `sort by` / `order by`: the input rows ordered by `keys` (stable).
    struct Sort: UnaryPlanNode {
        var input: LogicalPlan
        var keys: [BoundSortKey]

        var schema: Schema { input.schema }
        var asPlan: LogicalPlan { .sort(self) }
        func mappingExpressions(_ f: (BoundExpr) throws -> BoundExpr) rethrows -> Sort {
            Sort(input: input, keys: try keys.map { try $0.mappingExpression(f) })
        }
        var explainName: String { "Sort" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            [("by", explainList(keys.map { $0.explainText(input) }))]
        }
    }
}
