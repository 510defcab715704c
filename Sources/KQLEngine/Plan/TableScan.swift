import KQLColumns

/// The scan of a bound table, as data: which table, which of its columns, the predicates handed
/// to the reader and the row limit. The optimizer fills these in; the executor opens the table
/// through the session's `TableProvider` with `request`.
struct TableScan: Hashable {
    /// The table's name in the session.
    var table: String
    /// The table's whole schema, as bound.
    var tableSchema: Schema
    /// Indexes into `tableSchema` of the columns read, in output order.
    var columns: [Int]
    var predicates: [ScanPredicate] = []
    var limit: Int? = nil

    init(table: String, schema: Schema) {
        self.table = table
        self.tableSchema = schema
        self.columns = Array(schema.fields.indices)
    }

    var schema: Schema { Schema(columns.map { tableSchema.fields[$0] }) }

    var request: ScanRequest {
        ScanRequest(columns: columns.map { tableSchema.fields[$0].name }, predicates: predicates, limit: limit)
    }
}

extension TableScan: LeafPlanNode {
    var asPlan: LogicalPlan { .scan(self) }
    var explainName: String { "Scan" }
    func explainProperties(input: Schema) -> [(key: String, value: String)] {
        var props: [(key: String, value: String)] = [("table", table), ("columns", explainList(schema.names))]
        if !predicates.isEmpty { props.append(("predicates", explainList(predicates.map { "\($0.column) \($0.op.rawValue) \($0.value.kqlLiteral)" }))) }
        if let l = limit { props.append(("limit", String(l))) }
        return props
    }
}
