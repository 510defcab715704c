import KQLColumns

extension LogicalPlan {
    /// `getschema`: one row per column of `described` (name, ordinal, .NET type, KQL type). The
    /// input is not run, so it is not a child. ColumnOrdinal is a long, as Kusto's binder (Kusto.Language)
    /// types it; the docs show only values.
    struct GetSchema: LeafPlanNode {
        var described: Schema

        var schema: Schema {
            Schema([Field("ColumnName", .string), Field("ColumnOrdinal", .long), Field("DataType", .string), Field("ColumnType", .string)])
        }
        var asPlan: LogicalPlan { .getschema(self) }
        var explainName: String { "GetSchema" }
    }
}
