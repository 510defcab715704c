/// Orders the conjuncts of each filter so the cheapest, most selective run first: equality with
/// a constant (one device, one action type) before ranges, string searches and general
/// expressions. Conjuncts are side-effect free, so any order gives the same rows.
enum ConjunctOrder {
    static func apply(_ plan: LogicalPlan) -> LogicalPlan {
        let p = plan.rewritingChildren(apply)
        guard case .filter(var filter) = p else { return p }
        let ordered = filter.predicate.conjuncts.enumerated().sorted { a, b in
            (rank(a.element), a.offset) < (rank(b.element), b.offset)
        }.map(\.element)
        filter.predicate = ordered.dropFirst().reduce(ordered[0]) { .logical(isAnd: true, $0, $1) }
        return .filter(filter)
    }

    static func rank(_ e: BoundExpr) -> Int {
        switch e {
        case .compare(.eq, .column, .constant), .compare(.eq, .constant, .column): return 0
        case .compare(_, .column, .constant), .compare(_, .constant, .column): return 1
        case .inSet(.column, _, _): return 2
        case .stringPredicate(let p, .column, .constant) where p.kind != .matchesRegex: return 3
        default: return 4
        }
    }
}
