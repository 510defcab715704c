import KQLColumns
import KQLSyntax

extension Binder {
    /// `mv-apply [with_itemindex=I] items [limit N] on (subquery)` (mv-apply-operator.md).
    ///
    /// The subquery's input (the sub-table) is what mv-expand makes of one row: every input column,
    /// the expanded items (an item named like an input column replaces it) and the item index. The
    /// output (as Kusto's binder computes it): the input columns that were not replaced by an item,
    /// in order — taking the subquery's column instead where the subquery returns one with the same
    /// name — then the subquery's other columns in its order.
    func bindMvApply(parameters: [OperatorParameter], items: [Assignment], limit: Expr?, subquery: Expr,
                     input: LogicalPlan, scope: Scope) throws -> LogicalPlan {
        for p in parameters where p.name != "with_itemindex" {
            // Kusto's mv-apply has no bag expansion kind (the doc expands bags with an inner mv-expand).
            throw fail(.invalidOperatorArgument, "mv-apply does not take '\(p.name)' (only with_itemindex)", p.value.span)
        }
        let placeholderRow = LogicalPlan.values(.init(table: Table(schema: input.schema, batches: [])))
        guard case .mvExpand(let expand) = try bindMvExpand(parameters: parameters, items: items, limit: limit, input: placeholderRow, scope: scope) else {
            throw fail(.invalidOperatorArgument, "mv-apply needs at least one expression to expand", subquery.span)
        }
        let subInput = LogicalPlan.values(.init(table: Table(schema: expand.schema, batches: []), isApplyInput: true))
        let sub = try bindApplySubquery(subquery, input: subInput, scope: scope, for: "mv-apply")
        if sub.readsApplyInputOnce {
            throw fail(.unsupportedOperatorForm, "mv-apply's subquery reads its rows in a part run once per query (toscalar(), in (...), materialize(), as hint.materialized=true); not supported yet", subquery.span)
        }
        let subFields = sub.schema.fields
        let replaced = Set(expand.items.map { expand.schema.fields[$0.output].name })
        var fields: [Field] = []
        var outputs: [LogicalPlan.MvApply.Source] = []
        var usedSub = Set<Int>()
        for (i, f) in input.schema.fields.enumerated() where !replaced.contains(f.name) {
            if let j = subFields.firstIndex(where: { $0.name == f.name }) {
                fields.append(subFields[j]); outputs.append(.sub(j)); usedSub.insert(j)
            } else {
                fields.append(f); outputs.append(.outer(i))
            }
        }
        for (j, f) in subFields.enumerated() where !usedSub.contains(j) {
            fields.append(f); outputs.append(.sub(j))
        }
        return .mvApply(.init(input: input, expand: expand, subquery: sub, outputs: outputs, schema: Schema(fields)))
    }

    /// Binds a `( op | op ... )` chain that starts from the implicit input (mv-apply's and
    /// partition's subquery; `op` names the operator in the error).
    func bindApplySubquery(_ e: Expr, input: LogicalPlan, scope: Scope, for opName: String) throws -> LogicalPlan {
        try descend(e.span)
        defer { ascend() }
        switch e.kind {
        case .paren(let x): return try bindApplySubquery(x, input: input, scope: scope, for: opName)
        case .implicitInput: return input
        case .pipe(let src, let op):
            let inner = try bindApplySubquery(src, input: input, scope: scope, for: opName)
            return try bindOperator(op, input: inner, scope: scope)
        default:
            throw fail(.tabularScalarMismatch, "\(opName)'s subquery must be a chain of operators over its input's rows", e.span)
        }
    }
}
