import KQLColumns

extension LogicalPlan {
    /// `count`: one row, one long column `column` holding the number of input rows.
    struct Count: UnaryPlanNode {
        var input: LogicalPlan
        var column: String

        var schema: Schema { Schema([Field(column, .long)]) }
        var asPlan: LogicalPlan { .count(self) }
        var explainName: String { "Count" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] { [("column", column)] }
    }
}
