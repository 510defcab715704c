import KQLColumns

extension LogicalPlan {
    /// Literal rows (`datatable`, `print`'s one empty row).
    struct Values: LeafPlanNode {
        var table: Table
        /// mv-apply's placeholder for the per-row sub-table its subquery reads (see `MvApply`).
        var isApplyInput = false

        var schema: Schema { table.schema }
        var asPlan: LogicalPlan { .values(self) }
        var explainName: String { "Values" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            [("columns", explainList(table.schema.names)), ("rows", String(table.rowCount))]
        }
    }
}
