import KQLColumns
import KQLSyntax

extension Binder {
    /// `facet by C1, C2, ... [with (subquery)]` (facet-operator.md): the `with` table first (the
    /// subquery over the input; named by an `as` ending it, else `GenericResult`), then one table
    /// per column — its values and their counts over the whole input, `C` and `count_C` (long), as
    /// `summarize count_C = count() by C` gives them, in first-appearance order (the doc shows no
    /// order). The docs do not name these tables: Quarry names each after its column. The input
    /// runs once (a shared plan).
    func bindFacet(columns: [Expr], with: Expr?, input: LogicalPlan, op: QueryOperator, scope: Scope) throws -> [NamedPlan] {
        let source = shared(input)
        var results: [NamedPlan] = []
        if let with {
            results.append(NamedPlan(name: asLabel(with) ?? "GenericResult",
                                     plan: try bindApplySubquery(with, input: source, scope: scope, for: "facet")))
        }
        for c in columns {
            guard case .name(let n) = c.kind, !n.contains("*") else {
                throw fail(.invalidOperatorArgument, "facet by takes column names (no wildcards, no expressions)", c.span)
            }
            let count = Expr(.call(name: "count", nameSpan: c.span, args: []), c.span)
            let plan = try bindSummarize(input: source, aggregates: [Assignment(names: ["count_\(n)"], nameSpan: c.span, count)],
                                         by: [Assignment(c)], scope: scope)
            results.append(NamedPlan(name: n, plan: plan))
        }
        return results
    }
}
