import KQLColumns

/// Drops columns no operator above needs, down to the scan, which then reads only those
/// (a reader can skip parsing the others). Column indexes in expressions are remapped.
///
/// The whole query is one unit: subquery plans are pruned to their first column (all that `in`
/// and `toscalar` read), and a shared plan to the union of what all its references read, so that
/// every reference keeps an equal plan. That union is found first (a collecting pass, repeated
/// until no shared plan's needs grow: shared plans can nest), then the plan is rewritten.
struct ProjectionPushdown {
    static func apply(_ plan: LogicalPlan) -> LogicalPlan {
        var collect = ProjectionPushdown(collecting: true)
        _ = collect.prune(plan, required: nil)
        var changed = true
        while changed {
            changed = false
            for (id, shared) in collect.sharedPlans {
                let before = collect.needs
                _ = collect.prune(shared, required: collect.needs[id] ?? nil)
                if collect.needs != before { changed = true }
            }
        }
        var rewrite = ProjectionPushdown(collecting: false)
        rewrite.needs = collect.needs
        return rewrite.prune(plan, required: nil).plan
    }

    /// In the collecting pass, shared plans are not entered (their needs are not final yet).
    let collecting: Bool
    /// Per shared plan id, the columns its references read (nil = all).
    var needs: [Int: Set<Int>?] = [:]
    /// The shared plans met while collecting, by id.
    var sharedPlans: [Int: LogicalPlan] = [:]

    init(collecting: Bool) { self.collecting = collecting }

    /// Prunes `plan` to the output columns in `required` (nil = all). Returns the new plan and,
    /// for each kept output column of the old plan, its index in the new plan's output.
    mutating func prune(_ plan: LogicalPlan, required: Set<Int>?) -> (plan: LogicalPlan, mapping: [Int: Int]) {
        let (p, m) = pruneNode(plan, required: required)
        // Subqueries in the node's expressions: only their first column is read.
        let withSubqueries = p.mappingExpressions { e in
            e.rewritingSubqueryPlans { q in self.prune(q, required: [0]).plan }
        }
        return (withSubqueries, m)
    }

    private mutating func pruneNode(_ plan: LogicalPlan, required: Set<Int>?) -> (plan: LogicalPlan, mapping: [Int: Int]) {
        let width = plan.schema.fields.count
        let identity = Dictionary(uniqueKeysWithValues: (0..<width).map { ($0, $0) })
        switch plan {
        case .scan(var scan):
            guard let required, required.count < width else { return (plan, identity) }
            let keep = required.sorted()
            scan.columns = keep.map { scan.columns[$0] }
            return (.scan(scan), Dictionary(uniqueKeysWithValues: keep.enumerated().map { ($1, $0) }))
        case .values, .range, .getschema:
            return (plan, identity)
        case .shared(var s):
            if collecting {
                var merged = required
                if let existing = needs[s.id] {
                    if let e = existing, let r = required { merged = e.union(r) } else { merged = nil }
                }
                // (A dictionary of optionals: `updateValue` keeps a nil "all columns" entry.)
                needs.updateValue(merged == Set(0..<width) ? nil : merged, forKey: s.id)
                sharedPlans[s.id] = s.plan
                return (plan, identity)
            }
            let (p, m) = prune(s.plan, required: needs[s.id] ?? nil)
            s.plan = p
            return (.shared(s), m)
        case .union(let inputs, let s, let cols, let labels):
            // Each input keeps the columns the union reads from it.
            var newInputs: [LogicalPlan] = []
            var newCols: [[Int?]] = []
            for (k, input) in inputs.enumerated() {
                let (p, m) = prune(input, required: Set(cols[k].compactMap { $0 }))
                newInputs.append(p)
                newCols.append(cols[k].map { $0.flatMap { m[$0] } })
            }
            return (.union(newInputs, schema: s, inputColumns: newCols, sourceLabels: labels), identity)
        case .mvExpand(let input, let spec):
            return (.mvExpand(prune(input, required: nil).plan, spec), identity)
        case .parse(let input, let spec):
            return (.parse(prune(input, required: nil).plan, spec), identity)
        case .serialized(let input):
            let (p, m) = prune(input, required: required)
            return (.serialized(p), m)
        case .makeSeries(let input, let spec):
            return (.makeSeries(prune(input, required: nil).plan, spec), identity)
        case .join(let l, let r, var spec):
            let (lp, lm) = prune(l, required: nil)
            let (rp, rm) = prune(r, required: nil)
            spec.leftKeys = spec.leftKeys.map { lm[$0]! }
            spec.rightKeys = spec.rightKeys.map { rm[$0]! }
            return (.join(lp, rp, spec), identity)
        case .filter(let input, let pred):
            let need = (required ?? Set(0..<width)).union(pred.columnsUsed)
            let (p, m) = prune(input, required: need)
            return (.filter(p, pred.remapped(m)), m)
        case .project(let input, let cols):
            let keep = (0..<cols.count).filter { required?.contains($0) ?? true }
            let need = keep.reduce(into: Set<Int>()) { $0.formUnion(cols[$1].expr.columnsUsed) }
            let (p, m) = prune(input, required: need)
            let newCols = keep.map { (name: cols[$0].name, expr: cols[$0].expr.remapped(m)) }
            return (.project(p, newCols), Dictionary(uniqueKeysWithValues: keep.enumerated().map { ($1, $0) }))
        case .take(let input, let n):
            let (p, m) = prune(input, required: required)
            return (.take(p, n), m)
        case .sort(let input, let keys):
            let need = keys.reduce(into: required ?? Set(0..<width)) { $0.formUnion($1.expr.columnsUsed) }
            let (p, m) = prune(input, required: need)
            return (.sort(p, keys.map { BoundSortKey(expr: $0.expr.remapped(m), ascending: $0.ascending, nullsFirst: $0.nullsFirst) }), m)
        case .top(let input, let n, let key):
            let need = (required ?? Set(0..<width)).union(key.expr.columnsUsed)
            let (p, m) = prune(input, required: need)
            return (.top(p, n, BoundSortKey(expr: key.expr.remapped(m), ascending: key.ascending, nullsFirst: key.nullsFirst)), m)
        case .count(let input, let name):
            let (p, _) = prune(input, required: [])
            return (.count(p, name: name), identity)
        case .distinct(let input, let cols):
            let (p, m) = prune(input, required: Set(cols))
            return (.distinct(p, cols.map { m[$0]! }), identity)
        case .summarize(let input, let keys, let aggs):
            var need = Set<Int>()
            for k in keys { need.formUnion(k.expr.columnsUsed) }
            for a in aggs { for e in a.args + a.carried { need.formUnion(e.columnsUsed) } }
            let (p, m) = prune(input, required: need)
            let newKeys = keys.map { (name: $0.name, expr: $0.expr.remapped(m)) }
            let newAggs = aggs.map { a -> BoundAggregate in
                var b = a
                b.args = a.args.map { $0.remapped(m) }
                b.carried = a.carried.map { $0.remapped(m) }
                return b
            }
            return (.summarize(p, keys: newKeys, aggregates: newAggs), identity)
        }
    }
}
