import KQLColumns

extension Executor {
    /// The `scan` operator, as scan-operator.md's "Scan logic" describes it. Each record is tried
    /// against the steps from the last to the first. For step k: Check 1 — the state of step
    /// k-1 is active and the condition holds over it: that state moves to step k (step k's old
    /// state is dropped, step k-1's cleared) with the record's row as step k's values. Check 2 —
    /// only when Check 1 did not match, step k's state is active (or k is the first step) and the
    /// condition holds over it: the record's row replaces step k's values; for the first step
    /// with no active state this begins a new sequence with the next match id. A match outputs
    /// the row (assignments applied) as the step's `output` says: `all` each, `none` never,
    /// `last` the last of a run of matches of that step in one sequence (output when the
    /// sequence leaves the step, is replaced, or the input ends). Output rows are in the order
    /// of the records they come from. A step absent from the state reads as nulls for the input's
    /// columns and the declared defaults.
    func runScanOperator(_ n: LogicalPlan.ScanOperator) throws -> Table {
        try holdingInput(n.input, for: "scan") { t in
            let w = n.rowFields.count
            let stepCount = n.steps.count
            let types = n.rowFields.map(\.type)
            // A step with no values in the state reads nulls for the input's columns and the
            // declared defaults (the page's cumulative sum reads `s1.cumulative_x` as its default
            // 0 on the first record).
            let nullRow = types.prefix(w - n.defaults.count).map { Value.null($0) } + n.defaults
            struct State { var id: Int64; var rows: [[Value]?] }
            var state: [State?] = Array(repeating: nil, count: stepCount)
            var pendingLast: [(record: Int, row: [Value], id: Int64)?] = Array(repeating: nil, count: stepCount)
            var out: [(record: Int, row: [Value], id: Int64)] = []
            var nextId: Int64 = 0
            var record = 0

            // An expression is evaluated over a one-row batch of the record and the state; only
            // the columns it reads are built, the others are a shared null placeholder.
            let placeholders = (0..<(w * (1 + stepCount))).map { Column.repeating(.null(types[$0 % w]), count: 1, type: types[$0 % w]) }
            func columnsRead(_ e: BoundExpr) -> [Int] { e.columnsUsed.filter { $0 < placeholders.count }.sorted() }
            let conditionColumns = n.steps.map { columnsRead($0.condition) }
            let assignmentColumns = n.steps.map { $0.assignments.map { columnsRead($0.value) } }
            func evaluateRow(_ e: BoundExpr, _ reads: [Int], _ cur: [Value], _ ctx: [[Value]?]) -> Value {
                var cols = placeholders
                for c in reads {
                    let slot = c / w, i = c % w
                    let v: Value
                    if slot == 0 { v = cur[i] } else {
                        let j = slot - 1
                        v = (j < ctx.count ? ctx[j] : nil)?[i] ?? nullRow[i]
                    }
                    cols[c] = Column.repeating(v, count: 1, type: types[i])
                }
                return evaluate(e, Batch(columns: cols, count: 1)).value(at: 0)
            }
            func matches(_ k: Int, _ cur: [Value], _ ctx: [[Value]?]) -> Bool {
                if case .bool(true) = evaluateRow(n.steps[k].condition, conditionColumns[k], cur, ctx) { return true }
                return false
            }
            func extended(_ k: Int, _ cur: [Value], _ ctx: [[Value]?]) -> [Value] {
                var row = cur
                let values = n.steps[k].assignments.enumerated().map { (a, x) in
                    coerce(evaluateRow(x.value, assignmentColumns[k][a], cur, ctx), to: types[x.column])
                }
                for (a, v) in zip(n.steps[k].assignments, values) { row[a.column] = v }
                return row
            }
            func flush(_ k: Int) {
                if let p = pendingLast[k] { out.append(p); pendingLast[k] = nil }
            }
            func emit(_ k: Int, _ row: [Value], _ id: Int64) {
                switch n.steps[k].output {
                case .all: out.append((record, row, id))
                case .none: break
                case .last: pendingLast[k] = (record, row, id)
                }
            }

            // The output rows are held until the end: reserved from the query's budget as they
            // grow (about 32 bytes a value), released once they are columns.
            var reserved = 0
            defer { context.release(reserved) }
            for b in t.batches where b.count > 0 {
                for r in 0..<b.count {
                    if r % 1024 == 0 { try context.checkpoint() }
                    let need = (out.count + stepCount) * (w + 1) * 32
                    if need > reserved {
                        let more = Swift.max(need - reserved, 1024 * (w + 1) * 32)
                        try context.reserve(more, for: "scan (its output rows)")
                        reserved += more
                    }
                    let cur = b.columns.map { $0.value(at: r) } + n.defaults
                    for k in stride(from: stepCount - 1, through: 0, by: -1) {
                        // Check 1: the previous step's sequence moves on to this step.
                        if k > 0, let prev = state[k - 1], matches(k, cur, prev.rows) {
                            let row = extended(k, cur, prev.rows)
                            flush(k)
                            flush(k - 1)
                            var moved = prev
                            moved.rows[k] = row
                            state[k] = moved
                            state[k - 1] = nil
                            emit(k, row, moved.id)
                            continue
                        }
                        // Check 2: this step's own sequence (or a new one at the first step).
                        guard k == 0 || state[k] != nil else { continue }
                        let ctx = state[k]?.rows ?? Array(repeating: nil, count: stepCount)
                        guard matches(k, cur, ctx) else { continue }
                        let row = extended(k, cur, ctx)
                        if var s = state[k] {
                            s.rows[k] = row
                            state[k] = s
                            emit(k, row, s.id)
                        } else {
                            var rows: [[Value]?] = Array(repeating: nil, count: stepCount)
                            rows[0] = row
                            state[0] = State(id: nextId, rows: rows)
                            emit(0, row, nextId)
                            nextId += 1
                        }
                    }
                    record += 1
                }
            }
            for k in 0..<stepCount { flush(k) }
            // In the order of the records (stable: a record's rows keep the order of its steps).
            let ordered = out.enumerated().sorted { ($0.element.record, $0.offset) < ($1.element.record, $1.offset) }.map(\.element)
            var builders = types.map { ColumnBuilder(type: $0, capacity: ordered.count) }
            var ids = ColumnBuilder(type: .long, capacity: ordered.count)
            for o in ordered {
                for i in 0..<w { builders[i].append(o.row[i]) }
                ids.append(.long(o.id))
            }
            var columns = builders.map { $0.finish() }
            if n.matchId != nil { columns.append(ids.finish()) }
            return Table(schema: n.schema, batches: ordered.isEmpty ? [] : [Batch(columns: columns, count: ordered.count)])
        }
    }
}
