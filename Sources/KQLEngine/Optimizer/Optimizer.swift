/// Rewrites a bound plan into an equivalent cheaper one. Each rule lives in its own file and
/// must not change results; the logic tests run every query through the optimized plan.
enum Optimizer {
    static func optimize(_ plan: LogicalPlan) -> LogicalPlan {
        var p = plan
        p = FilterMerge.apply(p)
        p = ConjunctOrder.apply(p)
        p = ProjectionPushdown.apply(p)
        p = FilterPushdown.apply(p)
        return p
    }
}

extension BoundExpr {
    /// Input column indexes the expression reads.
    var columnsUsed: Set<Int> {
        switch self {
        case .constant: return []
        case .column(let i, _): return [i]
        case .call(_, let args): return args.reduce(into: Set<Int>()) { $0.formUnion($1.columnsUsed) }
        case .compare(_, let l, let r), .arithmetic(_, let l, let r, _), .logical(_, let l, let r), .stringPredicate(_, let l, let r):
            return l.columnsUsed.union(r.columnsUsed)
        case .negate(let x, _), .inSet(let x, _, _): return x.columnsUsed
        case .between(let a, let b, let c, _): return a.columnsUsed.union(b.columnsUsed).union(c.columnsUsed)
        }
    }

    /// The same expression reading column `mapping[i]` wherever it read column i.
    func remapped(_ mapping: [Int: Int]) -> BoundExpr {
        switch self {
        case .constant: return self
        case .column(let i, let t): return .column(index: mapping[i] ?? i, type: t)
        case .call(let f, let args): return .call(f, args.map { $0.remapped(mapping) })
        case .compare(let op, let l, let r): return .compare(op, l.remapped(mapping), r.remapped(mapping))
        case .arithmetic(let op, let l, let r, let t): return .arithmetic(op, l.remapped(mapping), r.remapped(mapping), t)
        case .logical(let a, let l, let r): return .logical(isAnd: a, l.remapped(mapping), r.remapped(mapping))
        case .stringPredicate(let p, let l, let r): return .stringPredicate(p, l.remapped(mapping), r.remapped(mapping))
        case .negate(let x, let t): return .negate(x.remapped(mapping), t)
        case .inSet(let x, let s, let n): return .inSet(x.remapped(mapping), s, negated: n)
        case .between(let a, let b, let c, let n): return .between(a.remapped(mapping), b.remapped(mapping), c.remapped(mapping), negated: n)
        }
    }

    /// The conjuncts of an `and` chain, in evaluation order.
    var conjuncts: [BoundExpr] {
        if case .logical(true, let l, let r) = self { return l.conjuncts + r.conjuncts }
        return [self]
    }
}
