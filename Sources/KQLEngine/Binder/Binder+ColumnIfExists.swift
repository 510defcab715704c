import KQLColumns
import KQLSyntax

extension Binder {
    /// `column_ifexists(columnName, defaultValue)` (deprecated alias `columnifexists`): the input column named by the
    /// constant string when the schema has it, else the bound default expression. Returns nil for any other call, so
    /// `bindCall` can try it first. It is binder-level because its result depends on the input schema, not on values.
    func bindColumnIfExists(_ name: String, nameSpan: Span, args: [Argument], schema: Schema, scope: Scope) throws -> BoundExpr? {
        guard name == "column_ifexists" || name == "columnifexists" else { return nil }
        guard args.count == 2 else { throw fail(.argumentCount, "function '\(name)' expects 2 arguments, got \(args.count)", nameSpan) }
        let col = try bindScalar(args[0].value, schema: schema, scope: scope)
        guard col.type == .string, case .string(let colName)? = col.constantValue else {
            throw fail(.argumentType, "\(name)(): argument 1 must be a constant string (the column name), not \(col.type)", args[0].value.span)
        }
        if let i = schema.index(of: colName) { return .column(index: i, type: schema.fields[i].type) }
        return try bindScalar(args[1].value, schema: schema, scope: scope)
    }
}
