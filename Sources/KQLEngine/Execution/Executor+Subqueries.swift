import KQLColumns

extension Executor {
    /// The plan with every subquery expression replaced by what it denotes: `toscalar(T)` by a
    /// constant, `x in (T)` (and `has_any`, …) by the list expression over `T`'s first column.
    /// Each subquery runs once per query, through the same executor (so shared plans it reads are
    /// shared with the main plan), and only here: the binder never runs one.
    func resolvingSubqueries(_ plan: LogicalPlan) throws -> LogicalPlan {
        if case .partition(var n) = plan {
            // The subquery's own subqueries are resolved per partition (Executor+Partition.swift).
            n.input = try resolvingSubqueries(n.input)
            return .partition(n)
        }
        let node = try plan.rewritingChildren(resolvingSubqueries)
        return try node.mappingExpressions { e in
            guard e.containsSubquery else { return e }
            return try e.transformed { x in
                switch x {
                case .scalarSubquery(let q, let type):
                    return .constant(try firstColumn(of: q, firstRowOnly: true).first ?? .empty(type))
                case .listSubquery(let op, let item, let q, let constants):
                    return listExpression(op, item, constants + (try firstColumn(of: q, firstRowOnly: false)))
                default:
                    return x
                }
            }
        }
    }

    /// The values of a subquery's first column (of its first row only, for `toscalar`), computed
    /// once per query: a `let` holding `toscalar(…)` is inlined at each use with the same id.
    private func firstColumn(of q: Subquery, firstRowOnly: Bool) throws -> [Value] {
        if let done = context.subqueryColumns[q.id] { return done }
        let table = try execute(q.plan)
        var values: [Value] = []
        if !table.schema.fields.isEmpty {
            for b in table.batches where b.count > 0 {
                if firstRowOnly { values = [b.columns[0].value(at: 0)]; break }
                for i in 0..<b.count { values.append(b.columns[0].value(at: i)) }
            }
        }
        context.subqueryColumns[q.id] = values
        return values
    }
}
