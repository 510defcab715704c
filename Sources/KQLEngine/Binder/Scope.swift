import KQLColumns
import KQLSyntax

/// Facts shared by one query's binding and execution: the single `now()` instant and the tables.
final class SessionContext {
    let now: Int64
    let tables: [String: any TableProvider]
    /// The query text, for diagnostics that point inside literals.
    let source: SourceText?
    init(now: Int64, tables: [String: any TableProvider], source: SourceText? = nil) { self.now = now; self.tables = tables; self.source = source }
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
