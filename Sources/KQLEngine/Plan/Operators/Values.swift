import KQLColumns

extension LogicalPlan {
    /// Literal rows (`datatable`, `print`'s one empty row).
    struct Values: LeafPlanNode {
        var table: Table

        var schema: Schema { table.schema }
        var asPlan: LogicalPlan { .values(self) }
        var explainName: String { "Values" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            [("columns", explainList(table.schema.names)), ("rows", String(table.rowCount))]
        }
    }
}
