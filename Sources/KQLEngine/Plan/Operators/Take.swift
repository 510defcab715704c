import KQLColumns

extension LogicalPlan {
    /// `take N` / `limit N`: the first `rows` input rows.
    struct Take: UnaryPlanNode {
        var input: LogicalPlan
        var rows: Int

        var schema: Schema { input.schema }
        var asPlan: LogicalPlan { .take(self) }
        var explainName: String { "Take" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] { [("rows", String(rows))] }
    }
}
