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
        apply([plan])[0]
    }

    /// The plans of a query's result tables (fork, facet) as one unit: a shared plan they all
    /// read keeps the union of what each reads (its result is computed once, for all of them).
    static func apply(_ plans: [LogicalPlan]) -> [LogicalPlan] {
        var collect = ProjectionPushdown(collecting: true)
        for plan in plans { _ = collect.prune(plan, required: nil) }
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
        return plans.map { rewrite.prune($0, required: nil).plan }
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
        case .values, .externalData, .range, .getschema:
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
        case .union(var u):
            // The union keeps the output columns required above (`union *` over a folder of tables
            // is as wide as all their schemas together: a hunt reads a few), the withsource column
            // (first) always, and at least one column; each input keeps the columns the union
            // reads from it.
            // (With withsource, output column i > 0 is inputColumns[k][i - 1].)
            let offset = u.sourceLabels == nil ? 0 : 1
            var keep = (0..<width).filter { required?.contains($0) ?? true }
            if (offset == 1 || keep.isEmpty) && width > 0 && keep.first != 0 { keep.insert(0, at: 0) }
            var newInputs: [LogicalPlan] = []
            var newCols: [[Int?]] = []
            for (k, input) in u.inputs.enumerated() {
                let cols = keep.filter { $0 >= offset }.map { u.inputColumns[k][$0 - offset] }
                let (p, m) = prune(input, required: Set(cols.compactMap { $0 }))
                newInputs.append(p)
                newCols.append(cols.map { $0.flatMap { m[$0] } })
            }
            u.inputs = newInputs
            u.inputColumns = newCols
            u.schema = Schema(keep.map { u.schema.fields[$0] })
            return (.union(u), Dictionary(uniqueKeysWithValues: keep.enumerated().map { ($1, $0) }))
        case .mvExpand, .narrow, .ipv4Lookup, .pivot, .bagUnpack, .mvApply, .partition, .scanOperator, .parse, .parseKv, .tablePlugin:
            // Operators that keep (or read) every input column: each child is pruned on its own,
            // with all of its columns required at its top.
            return (plan.rewritingChildren { prune($0, required: nil).plan }, identity)
        case .serialized(var n):
            let (p, m) = prune(n.input, required: required)
            n.input = p
            return (.serialized(n), m)
        case .makeSeries(var n):
            n.input = prune(n.input, required: nil).plan
            return (.makeSeries(n), identity)
        case .join(var j):
            let (lp, lm) = prune(j.left, required: nil)
            let (rp, rm) = prune(j.right, required: nil)
            j.left = lp
            j.right = rp
            j.leftKeys = j.leftKeys.map { lm[$0]! }
            j.rightKeys = j.rightKeys.map { rm[$0]! }
            return (.join(j), identity)
        case .filter(let f):
            let need = (required ?? Set(0..<width)).union(f.predicate.columnsUsed)
            let (p, m) = prune(f.input, required: need)
            return (.filter(.init(input: p, predicate: f.predicate.remapped(m))), m)
        case .project(let n):
            let cols = n.columns
            let keep = (0..<cols.count).filter { required?.contains($0) ?? true }
            let need = keep.reduce(into: Set<Int>()) { $0.formUnion(cols[$1].expr.columnsUsed) }
            let (p, m) = prune(n.input, required: need)
            let newCols = keep.map { (name: cols[$0].name, expr: cols[$0].expr.remapped(m)) }
            return (.project(.init(input: p, columns: newCols)), Dictionary(uniqueKeysWithValues: keep.enumerated().map { ($1, $0) }))
        case .take(var n):
            let (p, m) = prune(n.input, required: required)
            n.input = p
            return (.take(n), m)
        case .sample(var n):
            let (p, m) = prune(n.input, required: required)
            n.input = p
            return (.sample(n), m)
        case .topNested(var n):
            n.levels = n.levels.map { prune($0, required: nil).plan }
            return (.topNested(n), identity)
        case .sort(let n):
            let need = n.keys.reduce(into: required ?? Set(0..<width)) { $0.formUnion($1.expr.columnsUsed) }
            let (p, m) = prune(n.input, required: need)
            return (.sort(.init(input: p, keys: n.keys.map { $0.mappingExpression { $0.remapped(m) } })), m)
        case .top(let n):
            let need = (required ?? Set(0..<width)).union(n.key.expr.columnsUsed)
            let (p, m) = prune(n.input, required: need)
            return (.top(.init(input: p, rows: n.rows, key: n.key.mappingExpression { $0.remapped(m) })), m)
        case .count(var n):
            n.input = prune(n.input, required: []).plan
            return (.count(n), identity)
        case .distinct(let n):
            let (p, m) = prune(n.input, required: Set(n.columns))
            return (.distinct(.init(input: p, columns: n.columns.map { m[$0]! })), identity)
        case .summarize(let n):
            var need = Set<Int>()
            for k in n.keys { need.formUnion(k.expr.columnsUsed) }
            for a in n.aggregates { for e in a.args + a.carried { need.formUnion(e.columnsUsed) } }
            let (p, m) = prune(n.input, required: need)
            var out = n.mappingExpressions { $0.remapped(m) }
            out.input = p
            return (.summarize(out), identity)
        }
    }
}
