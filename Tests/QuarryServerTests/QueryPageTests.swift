import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

extension TestServer {
    func get(_ path: String, headers: [String: String] = [:]) async throws -> Reply {
        var r = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        for (k, v) in headers { r.setValue(v, forHTTPHeaderField: k) }
        return try await send(r)
    }

    func postJSON(_ path: String, _ body: [String: Any], headers: [String: String] = [:]) async throws -> Reply {
        try await post(path, body: try JSONSerialization.data(withJSONObject: body), headers: headers)
    }
}

/// The query page (`GET /`) and its `/ui/api/` endpoints over HTTP, against a server in this
/// process. Diagnostic positions are the binder's; UTF-16 offsets are what a browser indexes.
@Suite(.serialized) struct QueryPageTests {
    @Test func pageIsSelfContained() async throws {
        let s = try await TestServer.start(token: "s3cret")
        defer { s.stop() }
        // The page holds no data: it loads without the token (and asks for it when a call answers 401).
        let r = try await s.get("/")
        #expect(r.status == 200)
        #expect(r.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(r.headers["content-security-policy"]?.contains("default-src 'none'") == true)
        let html = r.text
        #expect(html.contains("<textarea id=\"query\""))
        #expect(html.contains("/ui/api/check") && html.contains("/ui/api/run"))
        // No network: nothing is loaded from another origin.
        for external in ["http://", "https://", "//cdn", "src=\""] {
            #expect(!html.contains(external), "page refers to \(external)")
        }
        // The highlighter's words come from the engine's lists.
        #expect(html.contains("\"mv-expand\"") && html.contains("\"summarize\"") && html.contains("\"strcat\""))
    }

    @Test func apiNeedsTheTokenWhenSet() async throws {
        let s = try await TestServer.start(token: "s3cret")
        defer { s.stop() }
        #expect(try await s.get("/ui/api/databases").status == 401)
        #expect(try await s.postJSON("/ui/api/run", ["db": "Net", "csl": "Things"]).status == 401)
        #expect(try await s.postJSON("/ui/api/check", ["csl": "Things"], headers: ["Authorization": "Bearer wrong"]).status == 401)
        let ok = try await s.get("/ui/api/databases", headers: ["Authorization": "Bearer s3cret"])
        #expect(ok.status == 200)
    }

    @Test func bodyLimitApplies() async throws {
        let s = try await TestServer.start(maxBodyBytes: 1000)
        defer { s.stop() }
        let r = try await s.postJSON("/ui/api/check", ["csl": String(repeating: "x", count: 5000)])
        #expect(r.status == 413)
    }

    @Test func databasesTablesAndColumns() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        let dbs = try #require(try await s.get("/ui/api/databases").json as? [String: Any])
        let list = dbs["databases"] as? [[String: Any]] ?? []
        #expect(list.map { $0["name"] as? String ?? "" } == ["Net", "Other"])
        #expect(list.first?["default"] as? Bool == true)
        let tables = try #require(try await s.get("/ui/api/tables?db=Net").json as? [String: Any])
        #expect(tables["tables"] as? [String] == ["Things"])
        #expect((try await s.get("/ui/api/tables?db=Other").json as? [String: Any])?["tables"] as? [String] == [])
        let cols = try #require(try await s.get("/ui/api/columns?db=Net&table=Things").json as? [String: Any])
        let c = (cols["columns"] as? [[String: Any]] ?? []).map { "\($0["name"]!):\($0["type"]!)" }
        #expect(c == ["Name:string", "Count:long", "When:datetime"])
        let missing = try await s.get("/ui/api/columns?db=Net&table=Nope")
        #expect(missing.status == 400)
        #expect(((missing.json as? [String: Any])?["error"] as? [String: Any])?["@message"] as? String == "Table 'Nope' was not found in database 'Net'")
        #expect(try await s.get("/ui/api/tables?db=Nope").status == 400)
    }

    @Test func checkUnderlinesTheUnknownColumn() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        // "é" is one UTF-16 unit but two UTF-8 bytes: the offsets must count UTF-16.
        let text = "Things\n| where Name == 'é' and Cuont > 1"
        let r = try #require(try await s.postJSON("/ui/api/check", ["db": "Net", "csl": text, "cursor": 0]).json as? [String: Any])
        let diags = r["diagnostics"] as? [[String: Any]] ?? []
        #expect(diags.count == 1)
        let d = try #require(diags.first)
        #expect(d["severity"] as? String == "error")
        #expect((d["code"] as? String)?.hasPrefix("KQB") == true)
        #expect(d["line"] as? Int == 2)
        #expect(d["column"] as? Int == 25)
        let start = try #require(d["start"] as? Int), length = try #require(d["length"] as? Int)
        let units = Array(text.utf16)
        #expect(String(decoding: units[start..<(start + length)], as: UTF16.self) == "Cuont")
    }

    @Test func checkReportsSyntaxErrorsAndCleanQueries() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        let bad = try #require(try await s.postJSON("/ui/api/check", ["csl": "Things | where Count >"]).json as? [String: Any])
        let diags = bad["diagnostics"] as? [[String: Any]] ?? []
        #expect((diags.first?["code"] as? String)?.hasPrefix("KQS") == true)
        let good = try #require(try await s.postJSON("/ui/api/check", ["csl": "Things | where Count > 1"]).json as? [String: Any])
        #expect((good["diagnostics"] as? [Any])?.isEmpty == true)
    }

    @Test func malformedBodiesAreBadRequests() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        #expect(try await s.post("/ui/api/check", body: Data("not json".utf8)).status == 400)
        #expect(try await s.postJSON("/ui/api/check", ["csl": "Things", "cursor": "x"]).status == 400)
        #expect(try await s.post("/ui/api/run", body: Data("[1,2]".utf8)).status == 400)
        // A cursor past either end is clamped, not trusted.
        for cursor in [-5, 1_000_000] {
            #expect(try await s.postJSON("/ui/api/check", ["csl": "Things | wh", "cursor": cursor]).status == 200)
        }
    }

    @Test func completionAtTheCursor() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        // After a pipe: the operators; the word being typed is replaced from `start` to `end`.
        let text = "Things\n| summ"
        var r = try #require(try await s.postJSON("/ui/api/check", ["csl": text, "cursor": text.utf16.count]).json as? [String: Any])
        var c = try #require(r["completion"] as? [String: Any])
        #expect(c["candidates"] as? [String] == ["summarize"])
        #expect(c["start"] as? Int == 9 && c["end"] as? Int == 13)
        // In a clause: the input's columns (from the binder), then functions; cursor mid-text.
        let text2 = "Things | where Co > 1"
        r = try #require(try await s.postJSON("/ui/api/check", ["csl": text2, "cursor": 17]).json as? [String: Any])
        c = try #require(r["completion"] as? [String: Any])
        #expect((c["candidates"] as? [String])?.first == "Count")
        #expect(c["start"] as? Int == 15 && c["end"] as? Int == 17)
        // At the start: tables and the words that start a query.
        r = try #require(try await s.postJSON("/ui/api/check", ["csl": "Th", "cursor": 2]).json as? [String: Any])
        #expect((r["completion"] as? [String: Any])?["candidates"] as? [String] == ["Things"])
    }

    @Test func runReturnsRowsKeysAndNoChart() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        let r = try await s.postJSON("/ui/api/run", ["db": "Net", "csl": "Things | order by Count desc",
                                                     "properties": ["Options": ["query_now": "2025-05-10T00:00:00Z"]]])
        #expect(r.status == 200)
        let j = try #require(r.json as? [String: Any])
        #expect((j["columns"] as? [[String: Any]])?.map { $0["name"] as? String ?? "" } == ["Name", "Count", "When"])
        let rows = j["rows"] as? [[Any]] ?? []
        #expect(rows.map { $0[0] as? String ?? "" } == ["gamma", "beta", "alpha"])
        #expect(rows.first?[1] as? String == "3")
        let keys = j["keys"] as? [[Any]] ?? []
        #expect(keys.first?[1] as? String == "3")
        // datetime keys are ticks (100 ns since 0001-01-01), as text: exact beyond 2^53.
        #expect(keys.first?[2] as? String == "638714592000000000")
        #expect(j["rowCount"] as? Int == 3 && j["shown"] as? Int == 3)
        #expect(j["chart"] is NSNull)
        #expect((j["now"] as? String)?.hasPrefix("2025-05-10T00:00:00") == true)
    }

    @Test func runDrawsTheRenderChart() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        let r = try await s.postJSON("/ui/api/run", ["csl": "Things | project Name, Count | render columnchart"])
        let j = try #require(r.json as? [String: Any])
        let svg = try #require(j["chart"] as? String)
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.components(separatedBy: "class=\"bar\"").count - 1 == 3)
        #expect(j["chartKind"] as? String == "columnchart")
    }

    @Test func runErrorsAreKustoErrors() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        let r = try await s.postJSON("/ui/api/run", ["csl": "Things | where Nope > 1"])
        #expect(r.status == 400)
        let e = try #require((r.json as? [String: Any])?["error"] as? [String: Any])
        #expect((e["@message"] as? String)?.contains("Semantic error: KQB") == true)
        // Kusto's truncation limit holds for the page too.
        let big = try await s.postJSON("/ui/api/run", ["csl": "range x from 1 to 20 step 1",
                                                       "properties": ["Options": ["truncationmaxrecords": 5]]])
        #expect(big.status == 400)
    }

    @Test func pageShowsTheFirstRowsAndCountsAll() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        let j = try #require(try await s.postJSON("/ui/api/run", ["csl": "range x from 1 to 12000 step 1"]).json as? [String: Any])
        #expect(j["rowCount"] as? Int == 12000)
        #expect(j["shown"] as? Int == 10000)
        #expect((j["rows"] as? [Any])?.count == 10000)
    }

    @Test func downloadsCSVJSONAndHTML() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        let body: [String: Any] = ["db": "Net", "csl": "Things | where Count < 3 | project Name, Count | render columnchart"]
        var b = body; b["format"] = "csv"
        let csv = try await s.postJSON("/ui/api/download", b)
        #expect(csv.status == 200)
        #expect(csv.headers["content-type"]?.hasPrefix("text/csv") == true)
        #expect(csv.headers["content-disposition"] == "attachment; filename=\"quarry-result.csv\"")
        #expect(csv.text == "Name,Count\nalpha,1\nbeta,2\n")
        b["format"] = "json"
        let json = try #require(try await s.postJSON("/ui/api/download", b).json as? [String: Any])
        #expect((json["rows"] as? [[Any]])?.count == 2)
        #expect((json["columns"] as? [[String: Any]])?.first?["name"] as? String == "Name")
        b["format"] = "html"
        let html = try await s.postJSON("/ui/api/download", b)
        #expect(html.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(html.text.contains("<svg") && html.text.contains("<table id=\"results\""))
        b["format"] = "xlsx"
        let bad = try await s.postJSON("/ui/api/download", b)
        #expect(bad.status == 400)
    }
}
