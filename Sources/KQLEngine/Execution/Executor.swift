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
    /// need their whole input and produce their output when first pulled. Each operator's code is
    /// in `Executor+<Operator>.swift`.
    private func makeStream(_ plan: LogicalPlan) throws -> BatchStream {
        switch plan {
        case .scan(let n): return try scanStream(n)
        case .values(let n): return .of(n.table.batches)
        case .externalData(let n): return externalDataStream(n)
        case .filter(let n): return try filterStream(n)
        case .project(let n): return try projectStream(n)
        case .take(let n): return try takeStream(n)
        case .union(let n): return unionStream(n)
        case .mvExpand(let n): return mvExpandStream(try stream(n.input), n)
        case .mvApply(let n): return try mvApplyStream(n)
        case .bagUnpack(let n): return try bagUnpackStream(n)
        case .ipv4Lookup(let n): return try ipv4LookupStream(n)
        case .narrow(let n): return try narrowStream(n)
        case .parse(let n): return try parseStream(n)
        case .parseKv(let n): return try parseKvStream(n)
        case .range(let n): return try rangeStream(n)
        case .count(let n): return try countStream(n)
        case .shared, .sort, .top, .distinct, .summarize, .join, .makeSeries, .serialized, .getschema, .pivot, .sample, .topNested,
             .partition, .scanOperator, .tablePlugin:
            return .deferred { try runWhole(plan).batches }
        }
    }

    /// Operators that need their whole input before they produce a row.
    private func runWhole(_ plan: LogicalPlan) throws -> Table {
        switch plan {
        case .shared(let n): return try runShared(n)
        case .sort(let n): return try holdingInput(n.input, for: "sort") { sortTable($0, keys: n.keys, limit: nil) }
        case .top(let n): return try holdingInput(n.input, for: "top") { topTable($0, key: n.key, limit: n.rows) }
        case .distinct(let n): return try runDistinct(n)
        case .summarize(let n): return try summarize(try stream(n.input), keys: n.keys, aggs: n.aggregates, schema: n.schema)
        case .join(let n):
            return try holdingInput(n.right, for: "join (right side)") { right in
                try holdingInput(n.left, for: "join (left side)") { left in try join(left, right, n) }
            }
        case .makeSeries(let n): return try makeSeries(try stream(n.input), n)
        case .serialized(let n):
            return try holdingInput(n.input, for: "serialize") { t in
                t.batches.count <= 1 ? t : Table(schema: t.schema, batches: [t.singleBatch()])
            }
        case .getschema(let n): return getSchemaTable(n)
        case .pivot(let n): return try runPivot(n)
        case .partition(let n): return try runPartition(n)
        case .scanOperator(let n): return try runScanOperator(n)
        case .sample(let n): return try runSample(n)
        case .topNested(let n): return try runTopNested(n)
        case .tablePlugin(let n): return try holdingInput(n.input, for: n.plugin.name) { try n.plugin.run($0, context: context) }
        case .scan, .values, .externalData, .filter, .project, .take, .union, .mvExpand, .mvApply, .bagUnpack, .ipv4Lookup, .narrow, .parse, .parseKv, .count, .range:
            return try run(plan)
        }
    }
}
