import KQLColumns

extension LogicalPlan {
    /// `serialize`: the input's rows in order, in one batch, so row-order functions (prev, next,
    /// row_number) see every row's neighbours.
    struct Serialized: UnaryPlanNode {
        var input: LogicalPlan

        var schema: Schema { input.schema }
        var asPlan: LogicalPlan { .serialized(self) }
        var explainName: String { "Serialize" }
    }
}
