import KQLColumns
import KQLEngine
import Testing

/// `quarry check` on a hunt reading a watchlist no file is bound to: the watchlist is checked with
/// the columns the query reads from it (strings, as a watchlist's CSV columns are), with a warning
/// naming them; a name nothing resolves stays an error, and `run` still requires the file.
@Suite struct WatchlistCheckTests {
    static func session() -> QuerySession {
        let signins = Schema([Field("TimeGenerated", .datetime), Field("UserPrincipalName", .string), Field("IPAddress", .string)])
        let s = QuerySession(tables: ["SigninLogs": TableSource(Table(schema: signins, batches: []))])
        s.inferUnboundWatchlists = true
        return s
    }

    @Test func unboundWatchlistTakesTheColumnsTheQueryReads() {
        let q = """
            SigninLogs
            | join kind=inner (_GetWatchlist('VIPs') | project UserPrincipalName = tostring(UPN), Level) on UserPrincipalName
            | where Level == "high" and IPAddress !in (_GetWatchlist('VIPs') | project SearchKey)
            | project TimeGenerated, UserPrincipalName, Level
            """
        let r = Self.session().checkSchema(q)
        #expect(r.diagnostics.filter { $0.severity == .error }.isEmpty, "\(r.diagnostics.map(\.message))")
        #expect(r.schema?.fields.map { "\($0.name):\($0.type)" } == ["TimeGenerated:datetime", "UserPrincipalName:string", "Level:string"])
        let warnings = r.diagnostics.filter { $0.severity == .warning }.map(\.message)
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("watchlist 'VIPs' is not bound: checked with the columns the query reads from it (SearchKey, Level, UPN: string") == true)
    }

    @Test func aTypoElsewhereStaysAnError() {
        let r = Self.session().check("SigninLogs | where UserPrincipalName in (_GetWatchlist('VIPs') | project SearchKey) | where Foo == 1")
        let errors = r.diagnostics.filter { $0.severity == .error }.map(\.message)
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("unknown name 'Foo'") == true)
    }

    @Test func withoutInferenceAnUnboundWatchlistIsAnError() {
        let s = Self.session()
        s.inferUnboundWatchlists = false
        let errors = s.check("_GetWatchlist('VIPs') | project SearchKey").diagnostics.filter { $0.severity == .error }.map(\.message)
        #expect(errors.first?.contains("watchlist 'VIPs' is not bound") == true)
        #expect(throws: QueryError.self) { try Self.session().run("_GetWatchlist('VIPs') | count") }
    }
}
