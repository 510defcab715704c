import KQLColumns
import KQLSyntax

extension Binder {
    /// `distinct *` or `distinct expressions`: a distinct over a project computing them.
    func bindDistinct(_ items: [Expr], input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        let schema = input.schema
        if items.count == 1, case .star = items[0].kind { return .distinct(.init(input: input, columns: Array(schema.fields.indices))) }
        var cols: [(name: String, expr: BoundExpr)] = []
        for item in items {
            let b = try bindScalar(item, schema: schema, scope: scope)
            cols.append((derivedName(item, fallback: nil) ?? "Column\(cols.count + 1)", b))
        }
        let projected = LogicalPlan.project(.init(input: input, columns: uniquify(cols)))
        return .distinct(.init(input: projected, columns: Array(cols.indices)))
    }
}
