import KQLColumns

/// A bound tabular plan: the closed set of logical operators. Each case holds one operator
/// struct (`Plan/Operators/<Name>.swift`, `TableScan.swift` for the scan) with its inputs, its
/// data and its output schema; the walks (`children`, `withChildren`, `schema`, expressions,
/// explain) go through `node`, the one place that switches over every case.
indirect enum LogicalPlan {
    /// Reads a bound table (see `TableScan`).
    case scan(TableScan)
    case values(Values)
    /// `externaldata`'s rows, from the host (see `ExternalData`).
    case externalData(ExternalData)
    case filter(Filter)
    /// Computes expressions over the input; the output is exactly those columns in order.
    case project(Project)
    case take(Take)
    case sort(Sort)
    case top(Top)
    case count(Count)
    case distinct(Distinct)
    case summarize(Summarize)
    case range(Range)
    case getschema(GetSchema)
    /// A subplan several parents read (`materialize()`, a tabular `let`): run once per query, its
    /// result kept under its id (see `Shared`).
    case shared(Shared)
    case union(Union)
    case join(Join)
    case mvExpand(MvExpand)
    case mvApply(MvApply)
    case partition(Partition)
    /// The `scan` operator (scan-operator.md), not a table scan.
    case scanOperator(ScanOperator)
    case bagUnpack(BagUnpack)
    case pivot(Pivot)
    case ipv4Lookup(Ipv4Lookup)
    case narrow(Narrow)
    case parse(Parse)
    case parseKv(ParseKv)
    case makeSeries(MakeSeries)
    case serialized(Serialized)
    case sample(Sample)
    case topNested(TopNested)
    /// sequence_detect, funnel_sequence, basket, autocluster, diffpatterns… (see `TablePlugin`).
    case tablePlugin(TablePluginNode)

    /// The operator this case holds.
    var node: any PlanNode {
        switch self {
        case .scan(let n): return n
        case .values(let n): return n
        case .externalData(let n): return n
        case .filter(let n): return n
        case .project(let n): return n
        case .take(let n): return n
        case .sort(let n): return n
        case .top(let n): return n
        case .count(let n): return n
        case .distinct(let n): return n
        case .summarize(let n): return n
        case .range(let n): return n
        case .getschema(let n): return n
        case .shared(let n): return n
        case .union(let n): return n
        case .join(let n): return n
        case .mvExpand(let n): return n
        case .mvApply(let n): return n
        case .partition(let n): return n
        case .scanOperator(let n): return n
        case .bagUnpack(let n): return n
        case .pivot(let n): return n
        case .ipv4Lookup(let n): return n
        case .narrow(let n): return n
        case .parse(let n): return n
        case .parseKv(let n): return n
        case .makeSeries(let n): return n
        case .serialized(let n): return n
        case .sample(let n): return n
        case .topNested(let n): return n
        case .tablePlugin(let n): return n
        }
    }

    var schema: Schema { node.schema }
}

struct BoundSortKey {
    var expr: BoundExpr
    var ascending: Bool
    var nullsFirst: Bool

    func mappingExpression(_ f: (BoundExpr) throws -> BoundExpr) rethrows -> BoundSortKey {
        BoundSortKey(expr: try f(expr), ascending: ascending, nullsFirst: nullsFirst)
    }
}

extension LogicalPlan {
    /// Whether rows have a defined order (Kusto's "serialized" row set): after sort, top or
    /// serialize, and through operators that keep order.
    var isSerialized: Bool {
        switch self {
        // range is serialized in Kusto (window-functions.md lists the operators that serialize)
        case .sort, .top, .serialized, .range, .scanOperator: return true
        case .filter(let n): return n.input.isSerialized
        case .project(let n): return n.input.isSerialized
        case .take(let n): return n.input.isSerialized
        // window-functions.md: mv-expand and parse preserve the property too; a let's result read
        // again (`let R = range ...; R | scan ...`) is the same rows in the same order.
        case .mvExpand(let n): return n.input.isSerialized
        case .parse(let n): return n.input.isSerialized
        case .shared(let n): return n.plan.isSerialized
        default: return false
        }
    }
}
