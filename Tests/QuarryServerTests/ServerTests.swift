import Foundation
import Testing

/// The REST endpoints over HTTP, against a server in this process (response-v2.md, response.md,
/// request.md, request-properties.md, the management pages).
@Suite(.serialized) struct ServerTests {
    @Test func v2QueryFrames() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        let r = try await s.request("/v2/rest/query", csl: "Things | where Count >= 2 | project Name, Count, When | order by Count asc",
                                    headers: ["x-ms-client-request-id": "test;1"])
        #expect(r.status == 200)
        #expect(r.headers["x-ms-client-request-id"] == "test;1")
        #expect(r.headers["x-ms-activity-id"] != nil)
        let f = frames(r.json)
        #expect(f.map { $0["FrameType"] as? String ?? "" } == ["DataSetHeader", "DataTable", "DataTable", "DataTable", "DataSetCompletion"])
        #expect(f.first?["Version"] as? String == "v2.0")
        #expect(f.first?["IsProgressive"] as? Bool == false)
        #expect(table(r.json, kind: "QueryProperties")?["TableName"] as? String == "@ExtendedProperties")
        let primary = try #require(table(r.json, kind: "PrimaryResult"))
        let cols = (primary["Columns"] as? [[String: Any]] ?? []).map { "\($0["ColumnName"]!):\($0["ColumnType"]!)" }
        #expect(cols == ["Name:string", "Count:long", "When:datetime"])
        let rows = primary["Rows"] as? [[Any]] ?? []
        #expect(rows.count == 2)
        #expect(rows.first?[0] as? String == "beta")
        #expect(rows.first?[1] as? Int == 2)
        #expect((rows.first?[2] as? String)?.hasPrefix("2025-01-02T00:00:00") == true)
        let status = try #require(table(r.json, kind: "QueryCompletionInformation"))
        #expect((status["Rows"] as? [[Any]])?.first?[5] as? Int == 4)   // Level: Info
        #expect(f.last?["HasErrors"] as? Bool == false)
    }

    /// current_database() (current-database-function.md) names the request's database under serve.
    @Test func currentDatabaseIsTheRequests() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        let r = try await s.request("/v2/rest/query", csl: "print db = current_database()")
        let rows = try #require(table(r.json, kind: "PrimaryResult"))["Rows"] as? [[Any]]
        #expect(rows?.first?.first as? String == "Net")
    }

    @Test func v2ProgressiveFrames() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        let r = try await s.request("/v2/rest/query", csl: "range x from 1 to 25000 step 1",
                                    properties: ["Options": ["results_progressive_enabled": true]])
        let f = frames(r.json)
        #expect(f.first?["IsProgressive"] as? Bool == true)
        let kinds = f.map { $0["FrameType"] as? String ?? "" }
        #expect(kinds.first == "DataSetHeader" && kinds.last == "DataSetCompletion")
        #expect(kinds.contains("TableHeader") && kinds.contains("TableCompletion"))
        let fragments = f.filter { $0["FrameType"] as? String == "TableFragment" }
        #expect(fragments.allSatisfy { $0["TableFragmentType"] as? String == "DataAppend" && $0["FieldCount"] as? Int == 1 })
        #expect(fragments.reduce(0) { $0 + (($1["Rows"] as? [Any])?.count ?? 0) } == 25000)
        #expect(f.first { $0["FrameType"] as? String == "TableCompletion" }?["RowCount"] as? Int == 25000)
    }

    @Test func v1QueryTables() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        let r = try await s.request("/v1/rest/query", csl: "Things | count")
        #expect(r.status == 200)
        let tables = (r.json as? [String: Any])?["Tables"] as? [[String: Any]] ?? []
        #expect(tables.count == 4)
        let cols = tables.first?["Columns"] as? [[String: Any]] ?? []
        #expect(cols.first?["ColumnName"] as? String == "Count")
        #expect(cols.first?["DataType"] as? String == "Int64")
        #expect(cols.first?["ColumnType"] as? String == "long")
        #expect((tables.first?["Rows"] as? [[Any]])?.first?.first as? Int == 3)
        let toc = tables.last?["Rows"] as? [[Any]] ?? []
        #expect(toc.map { $0[1] as? String ?? "" } == ["QueryResult", "QueryProperties", "QueryStatus"])
    }

    @Test func managementCommands() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        func rows(_ csl: String, db: String? = "Net") async throws -> (columns: [String], rows: [[Any]]) {
            let r = try await s.request("/v1/rest/mgmt", db: db, csl: csl)
            #expect(r.status == 200, "\(csl): \(r.text)")
            let t = ((r.json as? [String: Any])?["Tables"] as? [[String: Any]])?.first
            return ((t?["Columns"] as? [[String: Any]] ?? []).map { $0["ColumnName"] as? String ?? "" }, t?["Rows"] as? [[Any]] ?? [])
        }
        let tables = try await rows(".show tables")
        #expect(tables.columns == ["TableName", "DatabaseName", "Folder", "DocString"])
        #expect(tables.rows.map { $0[0] as? String ?? "" } == ["Things"])
        let dbs = try await rows(".show databases")
        #expect(dbs.rows.map { $0[0] as? String ?? "" } == ["Net", "Other"])
        #expect(dbs.rows.map { $0[3] as? Bool ?? false } == [true, false])
        let schema = try await rows(".show table Things schema as json")
        #expect(schema.columns == ["TableName", "Schema", "DatabaseName", "Folder", "DocString"])
        let json = try #require((schema.rows.first?[1] as? String)?.data(using: .utf8))
        let obj = try JSONSerialization.jsonObject(with: json) as? [String: Any]
        let ordered = (obj?["OrderedColumns"] as? [[String: Any]] ?? []).map { "\($0["Name"]!):\($0["CslType"]!)" }
        #expect(ordered == ["Name:string", "Count:long", "When:datetime"])
        let dbSchema = try await rows(".show database Net schema")
        #expect(dbSchema.rows.contains { $0[1] as? String == "Things" && $0[2] as? String == "Count" && $0[3] as? String == "System.Int64" })
        let dbJSON = try await rows(".show database Net schema as json")
        #expect(dbJSON.columns == ["DatabaseSchema"])
        #expect((dbJSON.rows.first?[0] as? String)?.contains("\"Things\"") == true)
        #expect(try await rows(".show functions").rows.isEmpty)
        #expect(try await rows(".show version").columns.first == "BuildVersion")
        let other = try await s.request("/v1/rest/mgmt", csl: ".drop table Things")
        #expect(other.status == 400)
        #expect(other.text.contains("not supported"))
    }

    @Test func queryErrorsAreKustoErrors() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        let r = try await s.request("/v2/rest/query", csl: "Things | where Nope > 1")
        #expect(r.status == 400)
        let e = (r.json as? [String: Any])?["error"] as? [String: Any]
        #expect(e?["code"] as? String == "General_BadRequest")
        #expect((e?["@message"] as? String)?.contains("Semantic error: KQB003") == true)
        #expect((e?["@message"] as? String)?.contains("line 1, column 16") == true)
        #expect(((e?["innererror"] as? [String: Any])?["code"] as? String) == "KQB003")
        let syntax = try await s.request("/v2/rest/query", csl: "Things | where")
        #expect(syntax.status == 400)
        #expect(syntax.text.contains("Syntax error"))
        let db = try await s.request("/v2/rest/query", db: "Missing", csl: "print 1")
        #expect(db.status == 400)
        #expect(db.text.contains("'Missing' of kind 'Database' was not found"))
    }

    @Test func malformedBodies() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        for body in ["", "not json", "[1,2]", "{\"db\":\"Net\"}", "{\"csl\":\"print 1\",\"properties\":\"{broken\"}"] {
            let r = try await s.post("/v2/rest/query", body: Data(body.utf8))
            #expect(r.status == 400, "\(body)")
            #expect((r.json as? [String: Any])?["error"] != nil, "\(body)")
        }
        // The server still answers.
        #expect(try await s.request("/v2/rest/query", csl: "print 1").status == 200)
    }

    @Test func oversizedBody() async throws {
        let s = try await TestServer.start(maxBodyBytes: 4096)
        defer { s.stop() }
        let big = try JSONSerialization.data(withJSONObject: ["db": "Net", "csl": "print '" + String(repeating: "x", count: 10_000) + "'"])
        let r = try await s.post("/v2/rest/query", body: big)
        #expect(r.status == 413)
        #expect(try await s.request("/v2/rest/query", csl: "print 1").status == 200)
    }

    @Test func bearerToken() async throws {
        let s = try await TestServer.start(token: "s3cret")
        defer { s.stop() }
        #expect(try await s.request("/v2/rest/query", csl: "print 1").status == 401)
        #expect(try await s.request("/v2/rest/query", csl: "print 1", headers: ["Authorization": "Bearer wrong"]).status == 401)
        #expect(try await s.request("/v2/rest/query", csl: "print 1", headers: ["Authorization": "Bearer s3cret-longer"]).status == 401)
        #expect(try await s.request("/v2/rest/query", csl: "print 1", headers: ["Authorization": "Bearer s3cret"]).status == 200)
        #expect(try await s.request("/v1/rest/mgmt", csl: ".show tables").status == 401)
    }

    @Test func requestProperties() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        // query_now pins now(); Parameters fill declare query_parameters (a long as a JSON number).
        let r = try await s.request("/v2/rest/query",
                                    csl: "declare query_parameters(n:long, who:string = 'nobody'); print n, who, t = now()",
                                    properties: ["Options": ["query_now": "2025-05-10T00:00:00Z"], "Parameters": ["n": 10, "who": "alice"]])
        let row = (table(r.json, kind: "PrimaryResult")?["Rows"] as? [[Any]])?.first
        #expect(row?[0] as? Int == 10)
        #expect(row?[1] as? String == "alice")
        #expect((row?[2] as? String)?.hasPrefix("2025-05-10T00:00:00") == true)
        // properties as a string holding JSON (what azure-kusto-data sends).
        let s2 = try await s.request("/v2/rest/query", csl: "declare query_parameters(n:long); print n",
                                     properties: nil, headers: [:])
        #expect(s2.status == 400)
        #expect(s2.text.contains("KQB026"))
        let body = try JSONSerialization.data(withJSONObject: ["db": "Net", "csl": "declare query_parameters(n:long); print n",
                                                               "properties": "{\"Parameters\":{\"n\":\"7\"}}"])
        let r3 = try await s.post("/v2/rest/query", body: body)
        #expect((table(r3.json, kind: "PrimaryResult")?["Rows"] as? [[Any]])?.first?.first as? Int == 7)
    }

    @Test func truncation() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        // Over truncationmaxrecords: Kusto's partial-failure shape, in the data of a 200 response.
        let r = try await s.request("/v2/rest/query", csl: "range x from 1 to 10 step 1", properties: ["Options": ["truncationmaxrecords": 5]])
        #expect(r.status == 200)
        let rows = table(r.json, kind: "PrimaryResult")?["Rows"] as? [Any] ?? []
        #expect((rows.first as? [String: Any])?["OneApiErrors"] != nil)
        #expect(frames(r.json).last?["HasErrors"] as? Bool == true)
        #expect(r.text.contains("E_QUERY_RESULT_SET_TOO_LARGE"))
        let ok = try await s.request("/v2/rest/query", csl: "range x from 1 to 10 step 1",
                                     properties: ["Options": ["truncationmaxrecords": 5, "notruncation": true]])
        #expect((table(ok.json, kind: "PrimaryResult")?["Rows"] as? [Any])?.count == 10)
    }

    @Test func serverTimeout() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        // 100 million rows cannot be summed in 0.3 s; the engine checks the deadline between batches.
        let q = "range x from 1 to 100000000 step 1 | extend y = x * 2 | summarize count(), sum(y)"
        let started = Date()
        let r = try await s.request("/v2/rest/query", csl: q, properties: ["Options": ["servertimeout": "00:00:00.3"]])
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(r.status == 504, "\(r.text.prefix(300))")
        #expect(try await s.request("/v2/rest/query", csl: "print 1").status == 200)
    }

    @Test func concurrentQueries() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<16 {
                group.addTask {
                    let r = try await s.request("/v2/rest/query", csl: "Things | where Count >= \(i % 4) | count")
                    return (table(r.json, kind: "PrimaryResult")?["Rows"] as? [[Any]])?.first?.first as? Int ?? -1
                }
            }
            var counts: [Int] = []
            for try await c in group { counts.append(c) }
            #expect(counts.sorted() == [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3].map { [3, 3, 2, 1][$0] }.sorted())
        }
    }
}

/// Faults: a client that resets its connection mid-query stops the query; the server answers the next.
@Suite(.serialized) struct ServerFaultTests {
    @Test func clientResetCancelsItsQuery() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let body = "{\"db\":\"Net\",\"csl\":\"range x from 1 to 100000000 step 1 | extend y = strcat(x, \\\"-\\\", x * 2) | summarize dcount(y)\"}"
        let request = "POST /v2/rest/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(server.port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        #expect(connected == 0)
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        // Wait until the query runs, then reset the connection (SO_LINGER 0: RST, as a killed client's kernel sends).
        var running = false
        for _ in 0..<600 where !running {
            try await Task.sleep(nanoseconds: 50_000_000)
            running = server.kusto.activeQueries > 0
        }
        if !running {
            var tv = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            var buf = [UInt8](repeating: 0, count: 2048)
            let n = recv(fd, &buf, buf.count, 0)
            Issue.record("the query did not start; the server answered: \(String(decoding: buf.prefix(max(0, n)), as: UTF8.self))")
        }
        var linger = Foundation.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Foundation.linger>.size))
        close(fd)
        var stopped = false
        for _ in 0..<600 where !stopped {
            try await Task.sleep(nanoseconds: 50_000_000)
            stopped = server.kusto.activeQueries == 0
        }
        #expect(stopped, "the query went on after its client reset the connection")
        #expect(try await server.request("/v2/rest/query", csl: "print 1").status == 200)
    }
}
