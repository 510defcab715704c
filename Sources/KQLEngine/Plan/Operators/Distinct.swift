import KQLColumns

extension LogicalPlan {
    /// `distinct`: the input columns `columns` (indexes), each combination once, in first-seen order.
    struct Distinct: UnaryPlanNode {
        var input: LogicalPlan
        var columns: [Int]

        var schema: Schema { let s = input.schema; return Schema(columns.map { s.fields[$0] }) }
        var asPlan: LogicalPlan { .distinct(self) }
        var explainName: String { "Distinct" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            [("columns", explainList(columns.map { input.fields[$0].name })), ("strategy", "hash")]
        }
    }
}
