import KQLColumns

extension LogicalPlan {
    /// `evaluate narrow()`: the input unpivoted to (Row, Column, Value) rows (see `Binder+Narrow.swift`).
    struct Narrow: UnaryPlanNode {
        var input: LogicalPlan
        var schema: Schema { Schema([Field("Row", .long), Field("Column", .string), Field("Value", .string)]) }
        var asPlan: LogicalPlan { .narrow(self) }
        var explainName: String { "Narrow" }
    }
}
