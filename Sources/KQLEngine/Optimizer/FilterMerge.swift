/// `where a | where b` → one filter on `a and b`, so the executor can narrow a selection vector
/// predicate by predicate instead of materializing rows between the two.
/// Safe because a row passes both filters exactly when `a and b` is true (null fails either way).
enum FilterMerge {
    static func apply(_ plan: LogicalPlan) -> LogicalPlan {
        plan.rewritingChildren(apply).merged
    }
}

private extension LogicalPlan {
    var merged: LogicalPlan {
        if case .filter(let outer) = self, case .filter(let inner) = outer.input {
            return .filter(Filter(input: inner.input, predicate: .logical(isAnd: true, inner.predicate, outer.predicate)))
        }
        return self
    }
}
