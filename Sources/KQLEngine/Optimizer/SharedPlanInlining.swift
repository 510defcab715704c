/// A shared plan (a tabular `let`, `materialize()`) that the query reads only once is replaced by
/// its plan, so that the rules after this one see through it (projection and filter pushdown stop
/// at a shared node). One read more than once stays shared and runs once.
/// Safe because running a plan once or inlining it gives the same rows.
enum SharedPlanInlining {
    static func apply(_ plan: LogicalPlan) -> LogicalPlan {
        apply([plan])[0]
    }

    /// Over several result plans (fork, facet): references are counted over all of them.
    static func apply(_ plans: [LogicalPlan]) -> [LogicalPlan] {
        var uses: [Int: Int] = [:]
        for p in plans { count(p, &uses) }
        return plans.map { inline($0, uses) }
    }

    /// References per shared id, over the main plan and every subquery plan. A shared plan's own
    /// tree is counted once, at its first reference: every reference carries the same tree.
    private static func count(_ plan: LogicalPlan, _ uses: inout [Int: Int]) {
        if case .shared(let s) = plan {
            uses[s.id, default: 0] += 1
            if uses[s.id] ?? 0 > 1 { return }
        }
        for e in plan.expressions { for q in e.subqueries { count(q.plan, &uses) } }
        for c in plan.children { count(c, &uses) }
    }

    private static func inline(_ plan: LogicalPlan, _ uses: [Int: Int]) -> LogicalPlan {
        if case .shared(let s) = plan, uses[s.id] ?? 0 <= 1 { return inline(s.plan, uses) }
        let node = plan.rewritingChildren { inline($0, uses) }
        return node.mappingExpressions { $0.rewritingSubqueryPlans { inline($0, uses) } }
    }
}
