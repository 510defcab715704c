import KQLColumns
import KQLSyntax

/// Facts shared by one query's binding and execution: the single `now()` instant and the tables.
final class SessionContext {
    let now: Int64
    let tables: [String: any TableProvider]
    /// The query text, for diagnostics that point inside literals.
    let source: SourceText?
    /// The MaxMind database `geo_info_from_ip_address` reads (`QueryOptions.geoip`).
    var geoip: MaxMindDatabase? = nil
    /// The database `current_database()` names (`QueryOptions.databaseName`).
    var databaseName = "Quarry"
    /// Tables a schema catalog knows, bound or not (`QuerySession.catalogTableNames`): for "did
    /// you mean" and for saying that a known table has no data bound.
    var catalogTableNames: [String] = []
    /// Tables a wildcard leaves out (`QuerySession.excludedFromWildcards`).
    var excludedFromWildcards: Set<String> = []

    /// The tables a wildcard (`union *`, `search *`, `find`) expands over, sorted.
    var wildcardTableNames: [String] { tables.keys.filter { !excludedFromWildcards.contains($0) }.sorted() }
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
    var lets: Lets
    init(_ store: LetStore) { lets = Lets(store: store) }
}

/// Every `let` binding of one query, appended as the binder meets them. A scope is a position in
/// this list plus the links back to what was visible before, so adding a name never copies the
/// names already visible: a function keeps the scope of its definition, and when each scope was a
/// dictionary, N chained `let`s held N copies of up to N names (quadratic time and memory).
/// Nodes refer to their parent by index, so releasing a long chain never recurses.
final class LetStore {
    fileprivate var names: [String] = []
    fileprivate var bindings: [LetBinding] = []
    fileprivate var parents: [Int] = []
    /// Depth of each binding's tree (a scalar's expression, a table's plan), added where it is used.
    fileprivate var depths: [Int] = []
    /// Every name ever bound: a name missing here (a built-in function, a column) is looked up in O(1).
    fileprivate var known: Set<String> = []
}

/// The `let` names visible from one scope; assigning shadows (Kusto's lets are never reassigned).
struct Lets {
    /// Only the binder that owns the store creates scopes, and they do not outlive it.
    unowned let store: LetStore
    private var head = -1

    init(store: LetStore) { self.store = store }

    subscript(name: String) -> LetBinding? {
        get { lookup(name)?.binding }
        set { if let value = newValue { bind(name, value, depth: 1) } }
    }

    /// The innermost binding of `name` and the depth of its tree.
    func lookup(_ name: String) -> (binding: LetBinding, depth: Int)? {
        guard store.known.contains(name) else { return nil }
        var i = head
        while i >= 0 {
            if store.names[i] == name { return (store.bindings[i], store.depths[i]) }
            i = store.parents[i]
        }
        return nil
    }

    mutating func bind(_ name: String, _ value: LetBinding, depth: Int) {
        store.names.append(name)
        store.bindings.append(value)
        store.parents.append(head)
        store.depths.append(depth)
        store.known.insert(name)
        head = store.names.count - 1
    }

    /// The visible names (innermost binding of each), for wildcards such as `union T*`.
    var visible: [(name: String, binding: LetBinding)] {
        var seen = Set<String>(), out: [(name: String, binding: LetBinding)] = []
        var i = head
        while i >= 0 {
            if seen.insert(store.names[i]).inserted { out.append((store.names[i], store.bindings[i])) }
            i = store.parents[i]
        }
        return out
    }
}
