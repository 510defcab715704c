import KQLColumns

extension LogicalPlan {
    /// `where`: the input rows for which `predicate` is true.
    struct Filter: UnaryPlanNode {
        var input: LogicalPlan
        var predicate: BoundExpr

        var schema: Schema { input.schema }
        var asPlan: LogicalPlan { .filter(self) }
        func mappingExpressions(_ f: (BoundExpr) throws -> BoundExpr) rethrows -> Filter {
            Filter(input: input, predicate: try f(predicate))
        }
        var explainName: String { "Filter" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            [("predicate", predicate.explainText(input))]
        }
    }
}
