/// Rewrites a bound plan into an equivalent cheaper one. Each rule lives in its own file and
/// must not change results; the logic tests run every query through the optimized plan.
enum Optimizer {
    static func optimize(_ plan: LogicalPlan) -> LogicalPlan {
        optimize([plan])[0]
    }

    /// The plans of a query's result tables (one, or several after fork and facet), which may
    /// share plans: shared references are counted over all of them.
    static func optimize(_ plans: [LogicalPlan]) -> [LogicalPlan] {
        // Rules that must see the whole query (main plan and subqueries) at once: references to a
        // shared plan are counted, and its columns found, over all of them.
        var ps = SharedPlanInlining.apply(plans)
        ps = ps.map { everywhere(everywhere($0, FilterMerge.apply), ConjunctOrder.apply) }
        ps = ProjectionPushdown.apply(ps)
        return ps.map { everywhere(everywhere($0, FilterPushdown.apply), LimitPushdown.apply) }
    }

    /// Applies a rule to the main plan and to every subquery plan (`in (T)`, `toscalar(T)`), at any depth.
    static func everywhere(_ plan: LogicalPlan, _ rule: (LogicalPlan) -> LogicalPlan) -> LogicalPlan {
        rule(plan).rewritingSubqueryPlans { everywhere($0, rule) }
    }
}

extension BoundExpr {
    /// Input column indexes the expression reads.
    var columnsUsed: Set<Int> {
        if case .column(let i, _) = self { return [i] }
        return subexpressions.reduce(into: Set<Int>()) { $0.formUnion($1.columnsUsed) }
    }

    /// The same expression reading column `mapping[i]` wherever it read column i.
    func remapped(_ mapping: [Int: Int]) -> BoundExpr {
        transformed { e in
            if case .column(let i, let t) = e { return .column(index: mapping[i] ?? i, type: t) }
            return e
        }
    }

    /// The conjuncts of an `and` chain, in evaluation order.
    var conjuncts: [BoundExpr] {
        if case .logical(true, let l, let r) = self { return l.conjuncts + r.conjuncts }
        return [self]
    }
}
