import KQLColumns
import KQLSyntax

/// "Did you mean" and other help on errors about names (`Suggestion` in KQLSyntax). Computed
/// only when an error is raised: binding a valid query never calls these.
extension Binder {
    /// Help for an unknown scalar name: a Timestamp / TimeGenerated mix-up, else the nearest
    /// column in scope or scalar `let`.
    func scalarNameHelp(_ name: String, schema: Schema, scope: Scope) -> String? {
        if let h = Self.timeColumnHelp(name, schema) { return h }
        let lets = scope.lets.visible.compactMap { n, b -> String? in if case .scalar = b { return n }; return nil }
        return Suggestion.help(for: name, among: schema.names + lets)
    }

    /// Help for an unknown column of `schema` (project lists, join keys).
    func columnHelp(_ name: String, _ schema: Schema) -> String? {
        Self.timeColumnHelp(name, schema) ?? Suggestion.help(for: name, among: schema.names)
    }

    /// Advanced Hunting names the event time `Timestamp`; Sentinel (Log Analytics) names it
    /// `TimeGenerated` (telemetry.md). Using one on data in the other form says which it is.
    static func timeColumnHelp(_ name: String, _ schema: Schema) -> String? {
        if name == "Timestamp", schema.index(of: "TimeGenerated") != nil {
            return "the data is in the Sentinel (Log Analytics) form, whose time column is TimeGenerated (Advanced Hunting's is Timestamp): use TimeGenerated"
        }
        if name == "TimeGenerated", schema.index(of: "Timestamp") != nil {
            return "the data is in the Advanced Hunting form, whose time column is Timestamp (Sentinel's is TimeGenerated): use Timestamp"
        }
        return nil
    }

    /// Help for an unknown function: the nearest user function, registered function or function
    /// the binder handles itself; aggregates first inside `summarize`.
    func functionHelp(_ name: String, scope: Scope, aggregate: Bool = false) -> String? {
        let user = scope.lets.visible.compactMap { n, b -> String? in if case .function = b { return n }; return nil }
        let scalars = FunctionRegistry.scalarByName.keys.sorted() + BuiltinFunctions.listing.map(\.name)
            + ["toscalar", "column_ifexists", "materialize"]
        let aggregates = FunctionRegistry.aggregateByName.keys.sorted() + ["percentiles", "percentilesw"]
        return Suggestion.help(for: name, among: user + (aggregate ? aggregates + scalars : scalars + aggregates))
    }

    /// The error for an unknown table name, and the name it most likely meant. A table the schema
    /// catalog knows but no data is bound to says so, listing the bound tables and how to bind it.
    func unknownTableError(_ n: String, _ span: Span, scope: Scope) -> (Diagnostic, suggestion: String?) {
        // (Watchlists live under names no query can spell: Builtins' `Watchlists.tableName`.)
        let bound = session.tables.keys.filter { !$0.hasPrefix("watchlist:") }.sorted()
        let catalog = session.catalogTableNames
        if catalog.contains(n) {
            let shown = bound.prefix(12).joined(separator: ", ") + (bound.count > 12 ? ", … (\(bound.count - 12) more)" : "")
            let help = bound.isEmpty
                ? "no table is bound: bind it with --table \(n)=PATH, or --data DIR with a file or folder named \(n)"
                : "bound tables: \(shown); bind this one with --table \(n)=PATH, or --data DIR with a file or folder named \(n)"
            return (fail(.unknownTable, "unknown table '\(n)': the schema catalog knows it, but no data is bound to it", span).helping(help), nil)
        }
        let lets = scope.lets.visible.compactMap { k, b -> String? in if case .tabular = b { return k }; return nil }
        let best = Suggestion.best(for: n, among: lets + asNames.keys.sorted() + bound + catalog)
        var help = best.map { "did you mean '\($0)'?" }
        if let b = best, session.tables[b] == nil, asNames[b] == nil, !lets.contains(b) {
            help = "did you mean '\(b)'? (no data is bound to it: --table \(b)=PATH)"
        }
        return (fail(.unknownTable, "unknown table '\(n)'", span).helping(help), best)
    }

    /// An unknown table in a pipe's source: thrown, or while recovering (`quarry check`), recorded
    /// and bound as the table it most likely meant, so the operators after it are checked too.
    func unknownTable(_ n: String, _ span: Span, scope: Scope) throws -> LogicalPlan {
        let (d, best) = unknownTableError(n, span, scope: scope)
        if recovering, let b = best, let t = session.tables[b] {
            record(d)
            return .scan(TableScan(table: b, schema: t.schema))
        }
        throw d
    }

    /// An unknown column of an operator's input whose table is bound to files that lack it while
    /// the table's documented schema has it: says so instead of "no such column".
    func explainMissingColumn(_ d: Diagnostic, input: LogicalPlan) -> Diagnostic {
        guard d.code == .unknownName, let source = session.source else { return d }
        let name = source.slice(d.span)
        guard !name.isEmpty, input.schema.index(of: name) == nil else { return d }
        var scans: [TableScan] = []
        collectScans(input, into: &scans)
        for s in scans {
            guard let origin = session.tables[s.table] as? any TableOrigin, let message = origin.missingColumnMessage(name) else { continue }
            var out = d
            out.message = message
            return out
        }
        return d
    }

    private func collectScans(_ plan: LogicalPlan, into out: inout [TableScan], depth: Int = 0) {
        guard out.count < 16, depth < 256 else { return }
        if case .scan(let s) = plan { out.append(s); return }
        for c in plan.children { collectScans(c, into: &out, depth: depth + 1) }
    }
}
