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
        if case .filter(let input, let outer) = self, case .filter(let inner, let first) = input {
            return .filter(inner, .logical(isAnd: true, first, outer))
        }
        return self
    }
}

extension LogicalPlan {
    /// The node with `transform` applied to each child plan.
    func rewritingChildren(_ transform: (LogicalPlan) -> LogicalPlan) -> LogicalPlan {
        switch self {
        case .scan, .values, .range, .getschema: return self
        case .materialized: return self   // shared subplans are optimized on their own
        case .filter(let p, let e): return .filter(transform(p), e)
        case .project(let p, let cols): return .project(transform(p), cols)
        case .take(let p, let n): return .take(transform(p), n)
        case .sort(let p, let k): return .sort(transform(p), k)
        case .top(let p, let n, let k): return .top(transform(p), n, k)
        case .count(let p, let name): return .count(transform(p), name: name)
        case .distinct(let p, let c): return .distinct(transform(p), c)
        case .summarize(let p, let keys, let aggs): return .summarize(transform(p), keys: keys, aggregates: aggs)
        case .union(let inputs, let s, let cols, let labels): return .union(inputs.map(transform), schema: s, inputColumns: cols, sourceLabels: labels)
        case .join(let l, let r, let spec): return .join(transform(l), transform(r), spec)
        case .mvExpand(let p, let spec): return .mvExpand(transform(p), spec)
        case .parse(let p, let spec): return .parse(transform(p), spec)
        case .makeSeries(let p, let spec): return .makeSeries(transform(p), spec)
        case .serialized(let p): return .serialized(transform(p))
        }
    }
}
