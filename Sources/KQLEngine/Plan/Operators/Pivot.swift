import KQLColumns

extension LogicalPlan {
    /// `evaluate pivot(...)`: rotates its input, a summarize by (keys..., pivot column) of one
    /// aggregate: one row per distinct keys, one column per pivot value (see `Binder+Pivot.swift`).
    struct Pivot: UnaryPlanNode {
        enum Column {
            /// The input's key column.
            case key(Int)
            /// The aggregate for the pivot value of this string form.
            case pivot(String)
        }
        var input: LogicalPlan
        var keyCount: Int
        var columns: [Column]
        /// A cell no input row fills (the aggregate of no rows).
        var empty: Value
        var schema: Schema

        var asPlan: LogicalPlan { .pivot(self) }
        var explainName: String { "Pivot" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            [("columns", explainList(schema.names))]
        }
    }
}
