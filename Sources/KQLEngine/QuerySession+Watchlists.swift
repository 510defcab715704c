import Foundation
import KQLColumns
import KQLSyntax

/// Checking a hunt that reads a Sentinel watchlist no file is bound to (`quarry check` against the
/// catalog, with no data). A watchlist is a CSV the analyst uploaded, so its columns are known only
/// to their workspace; Sentinel gives them as strings after `_DTItemId`, `LastUpdatedTimeUTC` and
/// `SearchKey` (`Binder+Builtins.swift`, bindWatchlist). With `inferUnboundWatchlists` on, such a
/// watchlist is bound provisionally with a `SearchKey` column plus, as string columns, exactly the
/// names that are otherwise unknown where its rows flow: the query is bound, the unknown names it
/// reports are added, and it is bound again (a few rounds), keeping only names whose addition
/// resolved them. A warning names the watchlist and the columns taken, so nothing passes silently;
/// a name that no watchlist column resolves (a typo elsewhere) stays an error. `run` never does
/// this: there a watchlist must be bound (`--watchlist NAME=PATH`).
extension QuerySession {
    /// Aliases of the `_GetWatchlist('alias')` calls in `text` (string-literal argument only).
    static func watchlistAliases(in text: String) -> [String] {
        guard text.contains("_GetWatchlist") else { return [] }
        guard let re = try? NSRegularExpression(pattern: #"_GetWatchlist\s*\(\s*@?(['"])([^'"\n]+)\1\s*\)"#) else { return [] }
        let ns = text as NSString
        var out: [String] = []
        for m in re.matches(in: text, range: NSRange(location: 0, length: ns.length)) where m.numberOfRanges > 2 {
            let alias = ns.substring(with: m.range(at: 2))
            if !out.contains(alias) { out.append(alias) }
        }
        return out
    }

    /// The span of the first `_GetWatchlist` call naming `alias` (its text up to the alias).
    static func span(of alias: String, in source: SourceText) -> Span {
        let bytes = Array(source.text.utf8), call = Array("_GetWatchlist".utf8), name = Array(alias.utf8)
        var i = 0
        while i + call.count <= bytes.count {
            if bytes[i..<(i + call.count)].elementsEqual(call) {
                var j = i + call.count
                while j + name.count <= bytes.count, j < i + call.count + 8 {
                    if bytes[j..<(j + name.count)].elementsEqual(name) { return Span(i, j + name.count) }
                    j += 1
                }
            }
            i += 1
        }
        return .empty
    }

    /// `bind` run with provisional tables for the unbound watchlists `source` reads (see above);
    /// `bind` directly when there are none.
    func withProvisionalWatchlists(_ source: SourceText, _ bind: () -> (schema: Schema?, diagnostics: [Diagnostic], source: SourceText))
        -> (schema: Schema?, diagnostics: [Diagnostic], source: SourceText) {
        let unbound = Self.watchlistAliases(in: source.text).filter { alias in
            let name = Watchlists.tableName(alias: alias)
            return !tables.keys.contains { $0 == name || $0.hasPrefix(name + ":") }
        }
        guard inferUnboundWatchlists, !unbound.isEmpty else { return bind() }
        let saved = tables
        defer { tables = saved }
        var columns: [String] = []
        func install() {
            let schema = Schema([Field("SearchKey", .string)] + columns.map { Field($0, .string) })
            for alias in unbound { tables[Watchlists.tableName(alias: alias)] = TableSource(Table(schema: schema, batches: [])) }
        }
        func unknownNames(_ diags: [Diagnostic]) -> Set<String> {
            var names = Set<String>()
            for d in diags where d.severity == .error && d.code == .unknownName {
                for prefix in ["unknown name '", "unknown column '"] where d.message.hasPrefix(prefix) {
                    let rest = d.message.dropFirst(prefix.count)
                    if let end = rest.firstIndex(of: "'") { names.insert(String(rest[..<end])) }
                }
            }
            return names
        }
        install()
        var result = bind()
        for _ in 0..<8 {
            let fresh = unknownNames(result.diagnostics).subtracting(columns).subtracting(["SearchKey"]).sorted()
            guard !fresh.isEmpty else { break }
            columns += fresh
            install()
            result = bind()
        }
        // Keep only the names that resolved something: a name still unknown is not a column.
        let still = unknownNames(result.diagnostics)
        if columns.contains(where: still.contains) {
            columns.removeAll(where: still.contains)
            install()
            result = bind()
        }
        for alias in unbound {
            let taken = (["SearchKey"] + columns).joined(separator: ", ")
            result.diagnostics.append(Diagnostic(code: .unknownTable,
                "watchlist '\(alias)' is not bound: checked with the columns the query reads from it (\(taken): string, as a watchlist's CSV columns are); bind it with --watchlist \(alias)=PATH to check against its own columns",
                span: Self.span(of: alias, in: source), severity: .warning))
        }
        return result
    }
}
