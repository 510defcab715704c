import KQLColumns

extension LogicalPlan {
    /// `sample N` (and the last step of `sample-distinct`): up to `rows` input rows picked at random.
    struct Sample: UnaryPlanNode {
        var input: LogicalPlan
        var rows: Int

        var schema: Schema { input.schema }
        var asPlan: LogicalPlan { .sample(self) }
        var explainName: String { "Sample" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] { [("rows", String(rows))] }
    }
}
