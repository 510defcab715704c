import KQLColumns

extension LogicalPlan {
    /// `range column from a to b step s`: one column of `type`, a row per step.
    struct Range: LeafPlanNode {
        var column: String
        var from: Value
        var to: Value
        var step: Value
        var type: KQLType

        var schema: Schema { Schema([Field(column, type)]) }
        var asPlan: LogicalPlan { .range(self) }
        var explainName: String { "Range" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            [("column", column), ("from", from.kqlLiteral), ("to", to.kqlLiteral), ("step", step.kqlLiteral)]
        }
    }
}
