import Foundation
import Testing

/// `results_progressive_enabled`: frames arrive while the query still runs (response-v2.md,
/// progressive mode), and a client that leaves mid-response stops its query.
@Suite(.serialized) struct StreamingTests {
    static let bigQuery = "{\"db\":\"Net\",\"csl\":\"range x from 1 to 100000000 step 1 | extend s = strcat('row-', x)\","
        + "\"properties\":{\"Options\":{\"results_progressive_enabled\":true,\"notruncation\":true}}}"

    @Test func framesArriveBeforeTheQueryEnds() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        let c = try RawClient(port: s.port)
        c.put(RawClient.post("/v2/rest/query", body: Self.bigQuery))
        var got: [UInt8] = []
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, !String(decoding: got, as: UTF8.self).contains("\"TableFragment\"") {
            got += await blocking { c.receive(timeout: 1) ?? [] }
        }
        let text = String(decoding: got, as: UTF8.self)
        #expect(httpStatus(got) == 200)
        #expect(text.lowercased().contains("transfer-encoding: chunked"))
        #expect(text.contains("\"DataSetHeader\"") && text.contains("\"TableHeader\"") && text.contains("\"TableFragment\""))
        // 100 million rows are far from done: the first fragment came while the query runs.
        #expect(!text.contains("DataSetCompletion"))
        #expect(s.kusto.activeQueries == 1)

        // The client goes away mid-response: its query stops, and the next one is answered.
        c.disconnect(reset: true)
        var stopped = false
        for _ in 0..<200 where !stopped {
            try await Task.sleep(nanoseconds: 50_000_000)
            stopped = s.kusto.activeQueries == 0
        }
        #expect(stopped, "the query went on after its client left")
        #expect(try await s.answers())
    }

    /// A client that simply closes (FIN, no reset) mid-response also stops its query.
    @Test func closeMidResponseCancels() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        let c = try RawClient(port: s.port)
        c.put(RawClient.post("/v2/rest/query", body: Self.bigQuery))
        var got: [UInt8] = []
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, got.count < 100_000 { got += await blocking { c.receive(timeout: 1) ?? [] } }
        #expect(httpStatus(got) == 200)
        c.disconnect()
        var stopped = false
        for _ in 0..<200 where !stopped {
            try await Task.sleep(nanoseconds: 50_000_000)
            stopped = s.kusto.activeQueries == 0
        }
        #expect(stopped, "the query went on after its client left")
        #expect(try await s.answers())
    }

    /// A failure after the first frames (here servertimeout) goes in the data: TableCompletion and
    /// DataSetCompletion carry OneApiErrors.
    @Test func failureAfterTheFirstFramesIsInTheData() async throws {
        let s = try await TestServer.start()
        defer { s.stop() }
        // The first rows come at once, the next only after 50 million: the deadline passes between.
        let r = try await s.request("/v2/rest/query", csl: "range x from 1 to 100000000 step 1 | where x < 10 or x % 50000000 == 0",
                                    properties: ["Options": ["results_progressive_enabled": true, "notruncation": true, "servertimeout": "00:00:01"]])
        #expect(r.status == 200)
        let f = frames(r.json)
        #expect(f.first?["FrameType"] as? String == "DataSetHeader")
        let completion = f.first { $0["FrameType"] as? String == "TableCompletion" }
        #expect((completion?["OneApiErrors"] as? [Any])?.isEmpty == false)
        #expect(f.last?["FrameType"] as? String == "DataSetCompletion")
        #expect(f.last?["HasErrors"] as? Bool == true)
        #expect(r.text.contains("Request_ExecutionTimeout"))
        let fragments = f.filter { $0["FrameType"] as? String == "TableFragment" }
        #expect((fragments.first?["Rows"] as? [Any])?.count == 9)
        #expect(try await s.answers())
    }
}
