import KQLColumns

// Generic walks over plans and expressions: every rewrite (optimizer rules, subquery resolution,
// column remapping) is written against `children`/`withChildren` and
// `subexpressions`/`withSubexpressions`, so a new node or expression kind is taught to the walks
// here once, not to each rule.

extension BoundExpr {
    /// The direct sub-expressions over the same input (a subquery's plan is not one of them).
    var subexpressions: [BoundExpr] {
        switch self {
        case .constant, .column, .scalarSubquery: return []
        case .call(_, let args): return args
        case .compare(_, let l, let r), .arithmetic(_, let l, let r, _), .logical(_, let l, let r), .stringPredicate(_, let l, let r):
            return [l, r]
        case .negate(let x, _), .inSet(let x, _, _), .listSubquery(_, let x, _, _): return [x]
        case .between(let a, let b, let c, _): return [a, b, c]
        }
    }

    /// The same node over new sub-expressions (as many, in the order of `subexpressions`).
    func withSubexpressions(_ x: [BoundExpr]) -> BoundExpr {
        switch self {
        case .constant, .column, .scalarSubquery: return self
        case .call(let f, _): return .call(f, x)
        case .compare(let op, _, _): return .compare(op, x[0], x[1])
        case .arithmetic(let op, _, _, let t): return .arithmetic(op, x[0], x[1], t)
        case .logical(let a, _, _): return .logical(isAnd: a, x[0], x[1])
        case .stringPredicate(let p, _, _): return .stringPredicate(p, x[0], x[1])
        case .negate(_, let t): return .negate(x[0], t)
        case .inSet(_, let s, let n): return .inSet(x[0], s, negated: n)
        case .listSubquery(let op, _, let q, let c): return .listSubquery(op, x[0], q, constants: c)
        case .between(_, _, _, let n): return .between(x[0], x[1], x[2], negated: n)
        }
    }

    /// Bottom-up rewrite: `f` sees each node after its sub-expressions were rewritten.
    func transformed(_ f: (BoundExpr) throws -> BoundExpr) rethrows -> BoundExpr {
        let subs = subexpressions
        let node = subs.isEmpty ? self : withSubexpressions(try subs.map { try $0.transformed(f) })
        return try f(node)
    }

    /// Whether this expression or any sub-expression satisfies `p`.
    func contains(where p: (BoundExpr) -> Bool) -> Bool {
        p(self) || subexpressions.contains { $0.contains(where: p) }
    }

    /// Whether the expression needs a subquery's result (so it is not a bind-time constant).
    var containsSubquery: Bool {
        contains { e in
            switch e {
            case .scalarSubquery, .listSubquery: return true
            default: return false
            }
        }
    }

    /// The subqueries of the expression (not those nested inside their plans).
    var subqueries: [Subquery] {
        var out: [Subquery] = []
        _ = contains { e in
            if case .scalarSubquery(let q, _) = e { out.append(q) }
            if case .listSubquery(_, _, let q, _) = e { out.append(q) }
            return false
        }
        return out
    }

    /// The same expression with each subquery's plan rewritten by `f`.
    func rewritingSubqueryPlans(_ f: (LogicalPlan) throws -> LogicalPlan) rethrows -> BoundExpr {
        try transformed { e in
            switch e {
            case .scalarSubquery(var q, let t): q.plan = try f(q.plan); return .scalarSubquery(q, type: t)
            case .listSubquery(let op, let x, var q, let c): q.plan = try f(q.plan); return .listSubquery(op, x, q, constants: c)
            default: return e
            }
        }
    }
}

extension LogicalPlan {
    /// The input plans of this node (a shared node's plan is its one child).
    var children: [LogicalPlan] { node.children }

    /// The same node over new children (as many, in the order of `children`).
    func withChildren(_ c: [LogicalPlan]) -> LogicalPlan { node.withChildren(c).asPlan }

    /// The node with `transform` applied to each child plan.
    func rewritingChildren(_ transform: (LogicalPlan) throws -> LogicalPlan) rethrows -> LogicalPlan {
        let c = children
        return c.isEmpty ? self : withChildren(try c.map(transform))
    }

    /// The scalar expressions this node evaluates over its input (not its children's).
    var expressions: [BoundExpr] {
        var out: [BoundExpr] = []
        _ = mappingExpressions { out.append($0); return $0 }
        return out
    }

    /// The node with each of its own expressions rewritten by `f` (children untouched).
    func mappingExpressions(_ f: (BoundExpr) throws -> BoundExpr) rethrows -> LogicalPlan {
        try node.mappingExpressions(f).asPlan
    }

    /// The whole tree rewritten so that every subquery's plan (in any node's expressions, at any
    /// depth) is replaced by `f` of it.
    func rewritingSubqueryPlans(_ f: (LogicalPlan) throws -> LogicalPlan) rethrows -> LogicalPlan {
        let node = try rewritingChildren { try $0.rewritingSubqueryPlans(f) }
        return try node.mappingExpressions { try $0.rewritingSubqueryPlans(f) }
    }
}
