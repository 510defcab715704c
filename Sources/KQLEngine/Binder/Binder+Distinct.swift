import KQLColumns
import KQLSyntax

extension Binder {
    /// `distinct *` or `distinct expressions`: a distinct over a project computing them.
    func bindDistinct(_ items: [Assignment], input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        let schema = input.schema
        if items.count == 1, items[0].names.isEmpty, case .star = items[0].value.kind {
            return .distinct(.init(input: input, columns: Array(schema.fields.indices)))
        }
        var cols: [(name: String, expr: BoundExpr)] = []
        for item in items {
            let b = try bindScalar(item.value, schema: schema, scope: scope)
            cols.append((item.names.first ?? resultName(item.value, row: schema) ?? defaultColumnName(scope: scope), b))
        }
        let projected = LogicalPlan.project(.init(input: input, columns: uniquify(cols)))
        return .distinct(.init(input: projected, columns: Array(cols.indices)))
    }
}
