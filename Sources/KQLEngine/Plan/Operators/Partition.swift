import KQLColumns
import KQLSyntax

extension LogicalPlan {
    /// `partition by Column (subquery)`: the input's rows are split into sub-tables by the key
    /// column's value, `subquery` runs on each, and the output is the union of the results. The
    /// subquery is bound over a placeholder leaf (`Values` with `isApplyInput`, as mv-apply's)
    /// that the executor replaces with each sub-table; it is a child so that the walks (subquery
    /// resolution, optimizer rules, explain) see it.
    struct Partition: PlanNode {
        /// The strategies of partition-operator.md; they differ in Kusto's execution, not in the
        /// result, except that `legacy` (the default) fails past `legacyLimit` key values.
        enum Strategy: String { case legacy, native, shuffle }
        static let legacyLimit = 64

        var input: LogicalPlan
        var key: Int
        var strategy: Strategy
        var subquery: LogicalPlan
        /// The key column's span in the query, for the legacy strategy's error.
        var keySpan: Span

        var schema: Schema { subquery.schema }
        var children: [LogicalPlan] { [input, subquery] }
        func withChildren(_ c: [LogicalPlan]) -> Partition {
            var n = self
            n.input = c[0]
            n.subquery = c[1]
            return n
        }
        var asPlan: LogicalPlan { .partition(self) }
        var explainName: String { "Partition" }
        func explainProperties(input: Schema) -> [(key: String, value: String)] {
            [("by", input.fields[key].name), ("strategy", strategy.rawValue)]
        }
    }
}

extension LogicalPlan {
    /// Whether the plan reads an apply placeholder that is not its own (one under a nested
    /// mv-apply's or partition's subquery belongs to that operator).
    var readsOuterApplyInput: Bool {
        switch self {
        case .values(let v): return v.isApplyInput
        case .mvApply(let n): return n.input.readsOuterApplyInput
        case .partition(let n): return n.input.readsOuterApplyInput
        default: return children.contains { $0.readsOuterApplyInput }
        }
    }

    /// Whether a part of this mv-apply or partition subquery that runs once per query, not once
    /// per sub-table — a `toscalar()` or `in (...)` subquery, a shared plan (`materialize()`,
    /// `as hint.materialized=true`) — reads the placeholder: it would see no rows, or the first
    /// sub-table's, so the binder rejects it.
    var readsApplyInputOnce: Bool {
        var found = false
        func visit(_ p: LogicalPlan) {
            if found { return }
            if case .shared(let s) = p, s.plan.readsOuterApplyInput { found = true; return }
            _ = p.mappingExpressions { e in
                e.rewritingSubqueryPlans { q in
                    if q.readsOuterApplyInput { found = true }
                    return q
                }
            }
            switch p {
            case .mvApply(let n): visit(n.input)
            case .partition(let n): visit(n.input)
            default: p.children.forEach(visit)
            }
        }
        visit(self)
        return found
    }
}

extension LogicalPlan {
    /// The ids of the subqueries and shared plans of this partition subquery that read its
    /// partition's rows (the placeholder), so that they run again for each partition.
    var partitionDependentIds: (subqueries: Set<Int>, shared: Set<Int>) {
        var subqueries = Set<Int>(), shared = Set<Int>()
        func visit(_ p: LogicalPlan) {
            if case .shared(let s) = p, s.plan.readsOuterApplyInput { shared.insert(s.id) }
            for e in p.expressions {
                for q in e.subqueries {
                    if q.plan.readsOuterApplyInput { subqueries.insert(q.id) }
                    visit(q.plan)
                }
            }
            switch p {
            case .mvApply(let n): visit(n.input)
            case .partition(let n): visit(n.input)
            default: p.children.forEach(visit)
            }
        }
        visit(self)
        return (subqueries, shared)
    }
}
