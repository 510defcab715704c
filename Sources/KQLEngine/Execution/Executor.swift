import KQLColumns
import KQLSyntax

/// Runs a logical plan to a table. Operators work batch by batch where they can.
struct Executor {
    let session: SessionContext
    /// This run's state: results of shared plans and subqueries (run once per query).
    let context: QueryContext

    init(session: SessionContext, context: QueryContext = QueryContext()) {
        self.session = session
        self.context = context
    }

    /// Runs a bound (optionally optimized) plan: its subqueries first, then the plan.
    func execute(_ plan: LogicalPlan) throws -> Table {
        try run(try resolvingSubqueries(plan))
    }

    /// Runs a plan (subqueries resolved) to a table.
    func run(_ plan: LogicalPlan) throws -> Table {
        try stream(plan).collect(plan.schema)
    }

    /// Runs an operator's input to a table it holds while `body` runs: the rows are reserved
    /// from the query's memory budget as they arrive (an error names `op` past it), and
    /// released when `body` is done.
    func holdingInput<R>(_ plan: LogicalPlan, for op: String, _ body: (Table) throws -> R) throws -> R {
        let source = try stream(plan)
        var batches: [Batch] = []
        var held = 0
        defer { context.release(held) }
        while let group = try source.next() {
            let bytes = group.reduce(0) { $0 + $1.approximateBytes }
            try context.reserve(bytes, for: op)
            held += bytes
            batches += group.filter { $0.count > 0 }
        }
        return try body(Table(schema: plan.schema, batches: batches))
    }

    /// The plan's rows as a stream that stops at cancellation or the deadline (checked before
    /// every group an operator pulls).
    func stream(_ plan: LogicalPlan) throws -> BatchStream {
        let inner = try makeStream(plan)
        let context = self.context
        return BatchStream {
            try context.checkpoint()
            return try inner.next()
        }
    }

    /// The plan's rows as a stream. Scan, filter, project, take, union, mv-expand and parse pass
    /// batches on as they come (each group of batches processed side by side on all cores), so a
    /// `take` stops the reader and output can be written as batches arrive; the other operators
    /// need their whole input and produce their output when first pulled.
    private func makeStream(_ plan: LogicalPlan) throws -> BatchStream {
        switch plan {
        case .scan(let scan):
            guard let provider = session.tables[scan.table] else {
                throw Diagnostic(code: .unboundTable, "table '\(scan.table)' is not bound to any data", span: .empty)
            }
            var opened: BatchStream?
            return BatchStream {
                if opened == nil { opened = try provider.scan(scan.request) }
                return try opened?.next()
            }
        case .values(let t):
            return .of(t.batches)
        case .filter(let input, let pred):
            let source = try stream(input)
            let conjuncts = pred.conjuncts
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
        case .project(let input, let cols):
            let source = try stream(input)
            let schema = plan.schema
            // Batches are independent, except for row-order functions, which run on the one
            // batch a serialized input has.
            return BatchStream {
                guard let group = try source.next() else { return nil }
                return parallelMap(group, width: context.threads) { b in
                    Batch(columns: cols.enumerated().map { j, c in evaluate(c.expr, b).materialize(count: b.count, type: schema.fields[j].type) }, count: b.count)
                }
            }
        case .take(let input, let n):
            let source = try stream(input)
            var left = n
            return BatchStream {
                // Once `n` rows have passed, the input is not pulled again (a reader stops there).
                guard left > 0, let group = try source.next() else { return nil }
                var out: [Batch] = []
                for b in group where left > 0 {
                    if b.count <= left { out.append(b); left -= b.count } else {
                        let idx = Array(0..<left)
                        out.append(Batch(columns: b.columns.map { $0.gather(idx) }, count: left)); left = 0
                    }
                }
                return out
            }
        case .union(let inputs, let schema, let cols, let labels):
            var k = 0
            var current: BatchStream?
            return BatchStream {
                while k < inputs.count {
                    if current == nil { current = try stream(inputs[k]) }
                    if let group = try current?.next() {
                        return unionBatches(group, input: k, schema: schema, inputColumns: cols, sourceLabels: labels)
                    }
                    current = nil
                    k += 1
                }
                return nil
            }
        case .mvExpand(let input, let spec):
            return mvExpandStream(try stream(input), spec)
        case .parse(let input, let spec):
            let source = try stream(input)
            let inSchema = input.schema
            return BatchStream {
                guard let group = try source.next() else { return nil }
                return parse(Table(schema: inSchema, batches: group), spec).batches
            }
        case .range(_, let from, let to, let step, let type):
            return rangeStream(from: from, to: to, step: step, type: type)
        case .count(let input, let name):
            let source = try stream(input)
            return .deferred {
                var n = 0
                while let group = try source.next() { n += group.reduce(0) { $0 + $1.count } }
                return Table.fromRows(schema: Schema([Field(name, .long)]), rows: [[.long(Int64(n))]]).batches
            }
        default:
            return .deferred { try runWhole(plan).batches }
        }
    }

    /// Operators that need their whole input before they produce a row.
    private func runWhole(_ plan: LogicalPlan) throws -> Table {
        switch plan {
        case .shared(let s):
            if let r = context.sharedResults[s.id] { return r }
            // Held for the whole query (every reference reads it): not released.
            let r = try run(s.plan)
            try context.reserve(r.approximateBytes, for: "materialize (a shared plan)")
            context.sharedResults[s.id] = r
            return r
        case .sort(let input, let keys):
            return try holdingInput(input, for: "sort") { sortTable($0, keys: keys, limit: nil) }
        case .top(let input, let n, let key):
            return try holdingInput(input, for: "top") { topTable($0, key: key, limit: n) }
        case .distinct(let input, let cols):
            return try holdingInput(input, for: "distinct") { t in
                // The group-by key index: a row is kept when it opens a new group (ids are given
                // in first-seen order); all NaNs are one value, all nulls another.
                let index = GroupKeyIndex(types: cols.map { t.schema.fields[$0].type })
                var out: [Batch] = []
                for b in t.batches where b.count > 0 {
                    let before = index.groupCount
                    let ids = index.groupIds(cols.map { b.columns[$0] }, rows: b.count)
                    var next = Int32(before), keep: [Int] = []
                    for (r, g) in ids.enumerated() where g == next { keep.append(r); next += 1 }
                    if !keep.isEmpty { out.append(Batch(columns: cols.map { b.columns[$0].gather(keep) }, count: keep.count)) }
                }
                return Table(schema: plan.schema, batches: out)
            }
        case .summarize(let input, let keys, let aggs):
            return try summarize(try stream(input), keys: keys, aggs: aggs, schema: plan.schema)
        case .join(let l, let r, let spec):
            return try holdingInput(r, for: "join (right side)") { right in
                try holdingInput(l, for: "join (left side)") { left in try join(left, right, spec) }
            }
        case .makeSeries(let input, let spec):
            return try makeSeries(try stream(input), spec)
        case .serialized(let input):
            return try holdingInput(input, for: "serialize") { t in
                t.batches.count <= 1 ? t : Table(schema: t.schema, batches: [t.singleBatch()])
            }
        case .getschema(let s):
            let rows: [[Value]] = s.fields.enumerated().map { i, f in
                [.string(f.name), .int(Int32(i)), .string(dotNetTypeName(f.type)), .string(f.type.rawValue)]
            }
            return Table.fromRows(schema: plan.schema, rows: rows)
        case .scan, .values, .filter, .project, .take, .union, .mvExpand, .parse, .count, .range:
            return try run(plan)
        }
    }

    /// `top N by key`: keeps the best N row indexes in a bounded heap instead of sorting all rows.
    private func topTable(_ t: Table, key: BoundSortKey, limit: Int) -> Table {
        let total = t.batches.reduce(0) { $0 + $1.count }
        if limit == 0 || limit >= (total + 3) / 4 { return sortTable(t, keys: [key], limit: limit) }   // (no limit * 4: it may be Int.max)
        // Keys are evaluated batch by batch and rows named by (batch << 32 | row): the input is
        // never concatenated, only the kept rows are gathered.
        let keyData = t.batches.map { evaluate(key.expr, $0) }
        @inline(__always) func value(_ p: Int) -> Value { keyData[p >> 32].value(at: p & 0xFFFF_FFFF) }
        // "a before b" in the output order; ties keep input order.
        func before(_ x: Int, _ y: Int) -> Bool {
            let a = value(x), c = value(y)
            let ra = orderRank(a), rc = orderRank(c)
            if ra != rc { return key.nullsFirst ? ra > rc : ra < rc }
            if ra == 0, let r = compareValues(a, c), r != 0 { return key.ascending ? r < 0 : r > 0 }
            return x < y
        }
        // Max-heap on "after": the root is the worst kept row.
        var heap: [Int] = []
        heap.reserveCapacity(limit + 1)
        func siftUp(_ i0: Int) { var i = i0; while i > 0 { let p = (i - 1) / 2; if before(heap[p], heap[i]) { heap.swapAt(p, i); i = p } else { break } } }
        func siftDown(_ i0: Int) {
            var i = i0
            while true {
                let l = 2 * i + 1, r = l + 1
                var worst = i
                if l < heap.count, before(heap[worst], heap[l]) { worst = l }
                if r < heap.count, before(heap[worst], heap[r]) { worst = r }
                if worst == i { return }
                heap.swapAt(i, worst); i = worst
            }
        }
        for (bi, b) in t.batches.enumerated() {
            for row in 0..<b.count {
                let p = bi << 32 | row
                if heap.count < limit { heap.append(p); siftUp(heap.count - 1) }
                else if before(p, heap[0]) { heap[0] = p; siftDown(0) }
            }
        }
        let idx = heap.sorted(by: before)
        // Gather each batch's kept rows, then put the pieces in output order.
        var pieces: [Batch] = []
        var start: [Int: Int] = [:]
        var taken = 0
        for bi in Set(idx.map { $0 >> 32 }).sorted() {
            let rows = idx.filter { $0 >> 32 == bi }.map { $0 & 0xFFFF_FFFF }
            start[bi] = taken
            taken += rows.count
            pieces.append(Batch(columns: t.batches[bi].columns.map { $0.gather(rows) }, count: rows.count))
        }
        var used: [Int: Int] = [:]
        let order = idx.map { p -> Int in
            let bi = p >> 32
            defer { used[bi, default: 0] += 1 }
            return start[bi]! + used[bi, default: 0]
        }
        let kept = Table(schema: t.schema, batches: pieces).singleBatch()
        return Table(schema: t.schema, batches: [Batch(columns: kept.columns.map { $0.gather(order) }, count: order.count)])
    }

    private func sortTable(_ t: Table, keys: [BoundSortKey], limit: Int?) -> Table {
        let b = t.singleBatch()
        if b.count == 0 { return t }
        let keyData = keys.map { evaluate($0.expr, b) }
        var keyValues: [[Value]] = keyData.map { d in (0..<b.count).map { d.value(at: $0) } }
        var idx = Array(0..<b.count)
        idx.sort { x, y in
            for (k, key) in keys.enumerated() {
                let a = keyValues[k][x], c = keyValues[k][y]
                let ra = orderRank(a), rc = orderRank(c)
                if ra != rc { return key.nullsFirst ? ra > rc : ra < rc }
                if ra != 0 { continue }
                guard let r = compareValues(a, c), r != 0 else { continue }
                return key.ascending ? r < 0 : r > 0
            }
            return x < y   // stable
        }
        keyValues = []
        if let limit, idx.count > limit { idx = Array(idx.prefix(limit)) }
        return Table(schema: t.schema, batches: [Batch(columns: b.columns.map { $0.gather(idx) }, count: idx.count)])
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

func dotNetTypeName(_ t: KQLType) -> String {
    switch t {
    case .bool: return "System.SByte"
    case .int: return "System.Int32"
    case .long: return "System.Int64"
    case .real: return "System.Double"
    case .decimal: return "System.Data.SqlTypes.SqlDecimal"
    case .string: return "System.String"
    case .datetime: return "System.DateTime"
    case .timespan: return "System.TimeSpan"
    case .dynamic: return "System.Object"
    case .guid: return "System.Guid"
    }
}
