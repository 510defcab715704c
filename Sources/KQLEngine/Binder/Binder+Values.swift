import KQLColumns
import KQLSyntax

extension Binder {
    /// `datatable (a: type, …) [v1, v2, …]`: constant rows converted to the column types.
    func bindDatatable(columns: [TypedName], values: [Expr], op: QueryOperator, scope: Scope) throws -> LogicalPlan {
        var fields: [Field] = []
        for c in columns {
            guard let t = KQLType(name: c.type) else { throw fail(.unknownType, "unknown type '\(c.type)'", c.span) }
            fields.append(Field(c.name, t))
        }
        guard !fields.isEmpty else { throw fail(.invalidDatatable, "datatable needs at least one column", op.span) }
        guard values.count % fields.count == 0 else {
            throw fail(.invalidDatatable, "datatable has \(values.count) values, not a multiple of its \(fields.count) columns", op.span)
        }
        var rows: [[Value]] = []
        var row: [Value] = []
        for (i, v) in values.enumerated() {
            let f = fields[i % fields.count]
            let c = try constant(v, scope: scope)
            guard let converted = convertLiteral(c, to: f.type) else {
                throw fail(.invalidDatatable, "value of type \(c.type) does not fit column '\(f.name)' of type \(f.type)", v.span)
            }
            row.append(converted)
            if row.count == fields.count { rows.append(row); row = [] }
        }
        return .values(.init(table: Table.fromRows(schema: Schema(fields), rows: rows)))
    }
}
