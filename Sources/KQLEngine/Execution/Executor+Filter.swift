import KQLColumns

extension Executor {
    /// `where`: each group of batches filtered side by side on all cores.
    func filterStream(_ n: LogicalPlan.Filter) throws -> BatchStream {
        let source = try stream(n.input)
        let conjuncts = n.predicate.conjuncts
        return BatchStream {
            guard let group = try source.next() else { return nil }
            let out: [Batch?] = parallelMap(group, width: context.threads) { b in
                let idx = filterRows(b, conjuncts)
                if idx.count == b.count { return b }
                if idx.isEmpty { return nil }
                return Batch(columns: b.columns.map { $0.gather(idx) }, count: idx.count)
            }
            return out.compactMap { $0 }
        }
    }
}

/// Rows of `b` passing every conjunct. Each conjunct sees only the rows that passed the ones
/// before it: simple shapes filter the selection in place (`selectRows`); others are evaluated
/// on the selected rows of just the columns they read.
func filterRows(_ b: Batch, _ conjuncts: [BoundExpr]) -> [Int] {
    var selection: [Int]? = nil
    for c in conjuncts {
        if let sel = selection, sel.isEmpty { return [] }
        if let fast = selectRows(c, b, selection) { selection = fast; continue }
        let view: Batch
        if let sel = selection {
            var cols = b.columns
            for i in c.columnsUsed { cols[i] = b.columns[i].gather(sel) }
            view = Batch(columns: cols, count: sel.count)
        } else {
            view = b
        }
        let passed = selectedRows(evaluate(c, view), count: view.count)
        if let sel = selection { selection = passed.map { sel[$0] } } else { selection = passed }
    }
    return selection ?? Array(0..<b.count)
}

/// Rows where a predicate is a non-null `true`.
func selectedRows(_ d: Datum, count: Int) -> [Int] {
    switch d {
    case .scalar(let v): return isTrue(v) ? Array(0..<count) : []
    case .column(let c):
        var idx: [Int] = []
        guard case .bool(let xs) = c.storage else { return [] }
        idx.reserveCapacity(count)
        if let v = c.validity {
            for i in 0..<count where xs[i] && v.isValid(i) { idx.append(i) }
        } else {
            for i in 0..<count where xs[i] { idx.append(i) }
        }
        return idx
    }
}
