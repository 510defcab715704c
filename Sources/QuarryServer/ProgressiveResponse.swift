import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import KQLColumns
import KQLEngine
import NIOCore

/// `results_progressive_enabled` on `POST /v2/rest/query`: the frames are written as the query
/// produces them (a chunked body), not after it ends (response-v2.md, progressive mode).
///
/// The query is bound and its first rows pulled before the status line is sent, so a query that
/// fails to bind, times out or runs out of memory before its first rows still gets its HTTP
/// status and Kusto's error object. After that, a failure (servertimeout, the memory budget, the
/// truncation limits, a file that cannot be read) goes in the data, as the page says Kusto does
/// once the status line is out: the primary table's TableCompletion carries `OneApiErrors`, the
/// QueryCompletionInformation table an Error row, and DataSetCompletion `HasErrors: true`.
/// (The page is silent on where a progressive table's error goes; TableCompletion carrying the
/// error is Quarry's choice, with DataSetCompletion carrying it as in the buffered response.)
///
/// Fragments: the first rows at once, then a TableFragment (DataAppend) when 10,000 rows are
/// pending or 100 ms have passed since the last one, whichever comes first (checked after each pull). Each pull waits for the previous write, so a
/// client that reads slowly slows its query rather than filling the server's memory. A client
/// that goes away cancels the query: the write fails, or the watchdog sees the channel close.
extension KustoServer {
    func progressiveResponse(_ text: String, database: String, options: QueryOptions, channel: (any Channel)?,
                             requestId: String, activityId: String, headers: HTTPFields) async throws -> Response {
        let run = RunningQuery(server: self, channel: channel)
        var options = options
        options.cancellation = run.cancellation
        let opts = options
        let first: [Batch]?
        do {
            first = try await withTaskCancellationHandler {
                try await offLoop { () -> [Batch]? in
                    let session = QuerySession(tables: try self.tables(database, queryText: text))
                    run.stream = try session.stream(text, options: opts)
                    return try run.pull()
                }
            } onCancel: { run.cancellation.cancel() }
        } catch let e as QueryLimitError where e.code == .resultTooLarge {
            // Over the truncation limits in the first rows: the buffered shape (an error in a 200 response).
            let error = KustoError.runtime(e.code, e.message)
            let schema = run.stream?.schema ?? Schema([])
            let body = KustoResponse.v2([KustoResponse.extendedProperties(),
                                         ResultTable(name: "PrimaryResult", kind: "PrimaryResult", schema: schema, batches: []),
                                         KustoResponse.completion(requestId: requestId, activityId: activityId, rows: 0, error: error)],
                                        error: error, requestId: requestId, activityId: activityId, progressive: true)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        guard let schema = run.stream?.schema else { throw KustoError.internalError("the query did not start") }
        let primary = ResultTable(name: "PrimaryResult", kind: "PrimaryResult", schema: schema, batches: [])
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            var w = JSONWriter()
            KustoResponse.dataSetHeader(&w, progressive: true)
            KustoResponse.dataTable(&w, id: 0, KustoResponse.extendedProperties())
            KustoResponse.tableHeader(&w, id: 1, primary)
            var pending = first ?? []
            var rows = 0
            var lastFlush: UInt64 = 0   // the first rows go out at once
            var failure: KustoError?
            var done = first == nil
            do {
                while true {
                    let pendingRows = pending.reduce(0) { $0 + $1.count }
                    if pendingRows > 0, done || pendingRows >= Self.fragmentRows || DispatchTime.now().uptimeNanoseconds - lastFlush >= 100_000_000 {
                        KustoResponse.tableFragment(&w, id: 1, fieldCount: schema.fields.count, pending)
                        rows += pendingRows
                        pending = []
                    }
                    if !w.bytes.isEmpty {
                        try await writer.write(ByteBuffer(bytes: w.bytes))
                        w.bytes.removeAll(keepingCapacity: true)
                        lastFlush = DispatchTime.now().uptimeNanoseconds
                    }
                    if done { break }
                    do {
                        if let group = try await self.offLoop({ try run.pull() }) { pending += group } else { done = true }
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        failure = KustoError.from(error)
                        done = true   // the rows pulled before the failure are still sent
                    }
                }
                KustoResponse.tableCompletion(&w, id: 1, rows: rows, error: failure, requestId: requestId, activityId: activityId)
                KustoResponse.dataTable(&w, id: 2, KustoResponse.completion(requestId: requestId, activityId: activityId, rows: rows, error: failure))
                KustoResponse.dataSetCompletion(&w, error: failure, cancelled: failure?.code == "Request_Canceled",
                                                requestId: requestId, activityId: activityId)
                try await writer.write(ByteBuffer(bytes: w.bytes))
                try await writer.finish(nil)
            } catch {
                // The client went away (the write failed) or the request's task was cancelled: stop the query.
                run.cancellation.cancel()
                throw error
            }
            withExtendedLifetime(run) {}
        })
    }

    static var fragmentRows: Int { 10_000 }
}

/// One streamed query: its stream, its cancellation, the watchdog on its connection, and its
/// place in `activeQueries` until it is released (when the response body is done or dropped).
final class RunningQuery: @unchecked Sendable {
    let cancellation = Cancellation()
    var stream: QueryStream?
    private let server: KustoServer
    private let watchdog: Task<Void, Never>?

    init(server: KustoServer, channel: (any Channel)?) {
        self.server = server
        let cancellation = self.cancellation
        watchdog = channel.map { ch in
            Task {
                while !Task.isCancelled {
                    if !ch.isActive { cancellation.cancel(); return }
                    try? await Task.sleep(nanoseconds: 100_000_000)
                }
            }
        }
        server.queryStarted()
    }

    /// The next group of rows (pulls run one at a time: each waits for the previous write).
    func pull() throws -> [Batch]? {
        guard let stream else { return nil }
        return try stream.next()
    }

    deinit {
        cancellation.cancel()
        watchdog?.cancel()
        server.queryEnded()
    }
}
