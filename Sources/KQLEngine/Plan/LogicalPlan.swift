import KQLColumns
import KQLSyntax
import KQLRegex

/// A bound tabular plan: operators over inputs, each with its output schema.
indirect enum LogicalPlan {
    /// Reads a bound table (see `TableScan`).
    case scan(TableScan)
    case values(Table)
    case filter(LogicalPlan, BoundExpr)
    /// Computes `exprs` over the input; the output is exactly those columns in order.
    case project(LogicalPlan, [(name: String, expr: BoundExpr)])
    case take(LogicalPlan, Int)
    case sort(LogicalPlan, [BoundSortKey])
    case top(LogicalPlan, Int, BoundSortKey)
    case count(LogicalPlan, name: String)
    case distinct(LogicalPlan, [Int])
    case summarize(LogicalPlan, keys: [(name: String, expr: BoundExpr)], aggregates: [BoundAggregate])
    case range(name: String, from: Value, to: Value, step: Value, type: KQLType)
    case getschema(Schema)
    /// A subplan several parents read (`materialize()`, a tabular `let`): run once per query, its
    /// result kept under its id (see `SharedPlan`).
    case shared(SharedPlan)
    /// Rows of every input, column i of the output taken from `inputColumns[input][i]` (nil = null).
    case union([LogicalPlan], schema: Schema, inputColumns: [[Int?]], sourceLabels: [String]?)
    /// Rows of `left` and `right` matched on key columns; see `JoinKind` for the output.
    case join(LogicalPlan, LogicalPlan, JoinSpec)
    /// One row per element of dynamic arrays (or bag properties); see `MvExpandSpec`.
    case mvExpand(LogicalPlan, MvExpandSpec)
    /// Splits a string by a pattern into typed columns; see `ParseSpec`.
    case parse(LogicalPlan, ParseSpec)
    /// One row per group with each aggregate as an array over axis bins; see `MakeSeriesSpec`.
    case makeSeries(LogicalPlan, MakeSeriesSpec)
    /// `serialize`: the input's rows in order, in one batch, so row-order functions (prev, next,
    /// row_number) see every row's neighbours.
    case serialized(LogicalPlan)

    var schema: Schema {
        switch self {
        case .scan(let scan): return scan.schema
        case .values(let t): return t.schema
        case .filter(let p, _), .take(let p, _), .sort(let p, _), .top(let p, _, _): return p.schema
        case .distinct(let p, let idx): return Schema(idx.map { p.schema.fields[$0] })
        case .project(_, let cols): return Schema(cols.map { Field($0.name, $0.expr.type) })
        case .count(_, let name): return Schema([Field(name, .long)])
        case .summarize(_, let keys, let aggs):
            return Schema(keys.map { Field($0.name, $0.expr.type) } + aggs.flatMap { $0.outputFields })
        case .range(let name, _, _, _, let t): return Schema([Field(name, t)])
        case .getschema:
            return Schema([Field("ColumnName", .string), Field("ColumnOrdinal", .int), Field("DataType", .string), Field("ColumnType", .string)])
        case .shared(let s): return s.plan.schema
        case .union(_, let s, _, _): return s
        case .join(_, _, let spec): return spec.schema
        case .mvExpand(_, let spec): return spec.schema
        case .parse(_, let spec): return spec.schema
        case .makeSeries(_, let spec): return spec.schema
        case .serialized(let p): return p.schema
        }
    }
}

/// A shared subplan: every reference carries the same id and an equal plan (rewrites are
/// deterministic, and projection pushdown stops at a shared node), so the executor may run the
/// first one it meets and reuse the result for the rest.
struct SharedPlan {
    var id: Int
    var plan: LogicalPlan
}

struct BoundSortKey {
    var expr: BoundExpr
    var ascending: Bool
    var nullsFirst: Bool
}

enum JoinKind: String {
    case innerunique, inner, leftouter, rightouter, fullouter, leftsemi, leftanti, rightsemi, rightanti
}

struct JoinSpec {
    var kind: JoinKind
    var leftKeys: [Int]
    var rightKeys: [Int]
    /// Output: left columns (unless right-only), then right columns (unless left-only).
    var schema: Schema
    /// For lookup: the right columns to output (all when nil).
    var rightOutput: [Int]? = nil
}

struct MvExpandSpec {
    struct Item {
        var expr: BoundExpr
        /// Output column index the expanded values go to.
        var output: Int
        var type: KQLType
    }
    var items: [Item]
    var itemIndexColumn: Int?
    var limit: Int?
    var bagAsArray: Bool
    var schema: Schema
}

struct ParseSpec {
    var source: BoundExpr
    var regex: CompiledRegex
    /// Output column index, type and regex group number of each extracted column, in order.
    var columns: [(output: Int, type: KQLType, group: Int)]
    var relaxed: Bool
    var dropUnmatched: Bool
    var schema: Schema
}

struct MakeSeriesSpec {
    var keys: [(name: String, expr: BoundExpr)]
    var aggregates: [BoundAggregate]
    var defaults: [Value]
    var axis: BoundExpr
    /// Bin i covers [from + i*step, from + (i+1)*step); `from`, `step` in the axis' ticks or units.
    var from: Value
    var step: Value
    var bins: Int
    var schema: Schema
}

extension LogicalPlan {
    /// Whether rows have a defined order (Kusto's "serialized" row set): after sort, top or
    /// serialize, and through operators that keep order.
    var isSerialized: Bool {
        switch self {
        case .sort, .top, .serialized: return true
        case .filter(let p, _), .project(let p, _), .take(let p, _): return p.isSerialized
        default: return false
        }
    }
}
