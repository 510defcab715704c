import KQLColumns
import KQLSyntax

/// A table the session can read: its schema up front, its rows on demand.
public struct TableSource: Sendable {
    public var schema: Schema
    public var load: @Sendable () throws -> Table
    /// Reads only the named columns (in any order), and may skip rows failing any of the
    /// predicates (the engine still filters); nil when the source can only load everything.
    public var loadColumns: (@Sendable ([String], [ScanPredicate]) throws -> Table)?
    public init(schema: Schema, load: @escaping @Sendable () throws -> Table,
                loadColumns: (@Sendable ([String], [ScanPredicate]) throws -> Table)? = nil) {
        self.schema = schema; self.load = load; self.loadColumns = loadColumns
    }
    public init(_ table: Table) { schema = table.schema; load = { table }; loadColumns = nil }
}

/// Facts shared by one query's binding and execution: the single `now()` instant and the tables.
final class SessionContext {
    let now: Int64
    let tables: [String: TableSource]
    /// The query text, for diagnostics that point inside literals.
    let source: SourceText?
    init(now: Int64, tables: [String: TableSource], source: SourceText? = nil) { self.now = now; self.tables = tables; self.source = source }
}

/// What a `let` name stands for.
enum LetBinding {
    case scalar(BoundExpr)
    case tabular(LogicalPlan)
    case function(name: String, parameters: [FunctionParameter], body: Query, scope: Scope)
}

/// Names visible at a point of the query (lets and function parameters), innermost last.
struct Scope {
    var lets: [String: LetBinding] = [:]
}
