import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import KQLColumns
import KQLEngine
import KQLSyntax
import Logging
import NIOCore
import QuarryIO
import QuarryWorkspace

/// `quarry serve`: Kusto's REST endpoints over folders of exports.
///
/// - `POST /v2/rest/query` — the v2 frame array (response-v2.md);
/// - `POST /v1/rest/query` — the v1 `{"Tables": [...]}` body (response.md);
/// - `POST /v1/rest/mgmt` — the `.show` commands clients send (`Management`).
///
/// Each database is a `Workspace` kept for the server's life: a table is bound on first use
/// and kept while its files keep their size and mtime. Each request runs with its own
/// `QueryOptions` (deadline from `servertimeout`, truncation, parameters, a cancellation the
/// request's task cancels) on a thread of its own, off the event loops.
///
/// Why Hummingbird rather than SwiftNIO directly: HTTP/1.1 parsing, keep-alive, body
/// streaming with a size limit, graceful shutdown and routing come done and tested; on raw
/// NIO they would be a few hundred lines of channel handlers written here, for no gain (the
/// query work runs off the event loop either way).
public final class KustoServer: @unchecked Sendable {
    public let configuration: ServerConfiguration
    let workspaces: [String: Workspace]
    let databaseNames: [String]
    let log: @Sendable (String) -> Void
    private let tokenBytes: [UInt8]?

    public init(configuration: ServerConfiguration, log: @escaping @Sendable (String) -> Void) {
        self.configuration = configuration
        self.log = log
        var ws: [String: Workspace] = [:]
        for db in configuration.databases {
            ws[db.name] = Workspace(db.spec, options: configuration.readOptions, keepRowsBytes: configuration.keepRowsBytes, log: log)
        }
        workspaces = ws
        databaseNames = configuration.databases.map(\.name)
        tokenBytes = configuration.token.map { Array($0.utf8) }
    }

    /// Runs until the task is cancelled; `onListening` gets the bound port (useful with port 0).
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let router = Router(context: ChannelRequestContext.self)
        router.post("/v2/rest/query") { request, context in try await self.handle(request, endpoint: .v2, channel: context.channel) }
        router.post("/v1/rest/query") { request, context in try await self.handle(request, endpoint: .v1, channel: context.channel) }
        router.post("/v1/rest/mgmt") { request, context in try await self.handle(request, endpoint: .mgmt, channel: context.channel) }
        registerQueryPage(router)   // GET / and /ui/api/… (QueryPage.swift)
        var logger = Logger(label: "quarry.serve")
        logger.logLevel = configuration.logLevel
        let app = Application(router: router, server: try httpServer(),
                              configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "quarry"),
                              onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
                              logger: logger)
        try await app.run()
    }

    enum Endpoint { case v1, v2, mgmt }

    /// HTTP/1.1, wrapped in TLS when the configuration names a certificate and a key.
    func httpServer() throws -> HTTPServerBuilder {
        switch (configuration.tlsCertificatePath, configuration.tlsKeyPath) {
        case (nil, nil): return .http1()
        case let (cert?, key?): return try .tls(.http1(), tlsConfiguration: ServerTLS.configuration(certificate: cert, key: key))
        default: throw ServerTLS.SetupError("--tls-cert and --tls-key go together: give both or neither")
        }
    }

    // MARK: Databases

    func resolveDatabase(_ name: String?) -> String? {
        guard let name, !name.isEmpty, name != "NetDefaultDB" else { return databaseNames.first }
        if workspaces[name] != nil { return name }
        return databaseNames.first { $0.lowercased() == name.lowercased() }
    }

    func unknownDatabase(_ name: String) -> String {
        "Entity ID '\(name)' of kind 'Database' was not found (this server has \(databaseNames.map { "'\($0)'" }.joined(separator: ", ")))"
    }

    /// The tables of a database, bound (nothing is read but what binding needs).
    func tables(_ database: String, queryText: String? = nil) throws -> [String: any TableProvider] {
        guard let ws = workspaces[database] else { throw KustoError.notFound(unknownDatabase(database)) }
        return try ws.tables(queryText: queryText)
    }

    // MARK: Requests

    func handle(_ request: Request, endpoint: Endpoint, channel: (any Channel)? = nil) async throws -> Response {
        let requestId = request.headers[HTTPField.Name("x-ms-client-request-id")!] ?? "quarry;\(GUIDs.random())"
        let activityId = GUIDs.random()
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        headers[HTTPField.Name("x-ms-client-request-id")!] = requestId
        headers[HTTPField.Name("x-ms-activity-id")!] = activityId
        func respond(_ status: Int, _ body: [UInt8]) -> Response {
            Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        func fail(_ e: KustoError) -> Response { respond(e.status, e.json(clientRequestId: requestId, activityId: activityId)) }

        guard authorized(request.headers[.authorization]) else { return fail(.unauthorized) }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > configuration.maxBodyBytes {
            return fail(.tooLarge(configuration.maxBodyBytes))
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: configuration.maxBodyBytes)
        } catch let e as HTTPError where e.status == .contentTooLarge {
            return fail(.tooLarge(configuration.maxBodyBytes))
        }
        do {
            let parsed = try KustoRequest(body: Array(buffer: body))
            guard let db = resolveDatabase(parsed.database) else { throw KustoError.notFound(unknownDatabase(parsed.database ?? "")) }
            switch endpoint {
            case .mgmt:
                let table = try await offLoop { try Management.run(parsed.text, database: db, server: self) }
                return respond(200, KustoResponse.v1([table], tableOfContents: false))
            case .v1, .v2:
                if parsed.text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix(".") {
                    throw KustoError.badRequest("Not supported: a management command sent to the query endpoint; send it to /v1/rest/mgmt")
                }
                let options = try queryOptions(parsed)
                if endpoint == .v2, parsed.bool("results_progressive_enabled") == true {
                    return try await progressiveResponse(parsed.text, database: db, options: options, channel: channel,
                                                         requestId: requestId, activityId: activityId, headers: headers)
                }
                let outcome = try await runQuery(parsed.text, database: db, options: options, channel: channel)
                if endpoint == .v2 {
                    let primary = ResultTable(name: "PrimaryResult", kind: "PrimaryResult", schema: outcome.schema, batches: outcome.batches)
                    let status = KustoResponse.completion(requestId: requestId, activityId: activityId, rows: outcome.rows, error: outcome.error)
                    return respond(200, KustoResponse.v2([KustoResponse.extendedProperties(), primary, status], error: outcome.error,
                                                         requestId: requestId, activityId: activityId,
                                                         progressive: parsed.bool("results_progressive_enabled") == true))
                }
                if let error = outcome.error { throw error }
                let primary = ResultTable(name: "PrimaryResult", kind: "PrimaryResult", schema: outcome.schema, batches: outcome.batches)
                let props = ResultTable(name: "@ExtendedProperties", kind: "QueryProperties", schema: Schema([Field("Value", .string)]),
                                        rows: [[.string("{\"Visualization\":null}")]])
                let status = ResultTable(name: "QueryStatus", kind: "QueryCompletionInformation",
                                         schema: Schema([Field("Timestamp", .datetime), Field("Severity", .int), Field("SeverityName", .string),
                                                         Field("StatusCode", .int), Field("StatusDescription", .string), Field("Count", .int),
                                                         Field("RequestId", .guid), Field("ActivityId", .guid), Field("SubActivityId", .guid),
                                                         Field("ClientActivityId", .string)]),
                                         rows: [[.datetime(QueryClock.nowTicks()), .int(4), .string("Info"), .int(0),
                                                 .string("Query completed successfully"), .int(1), .null(.guid), .null(.guid), .null(.guid),
                                                 .string(requestId)]])
                return respond(200, KustoResponse.v1([primary, props, status], tableOfContents: true))
            }
        } catch {
            let e = KustoError.from(error)
            if e.status >= 500 { log("error: request \(requestId): \(e.detail)") }
            return fail(e)
        }
    }

    /// Constant-time comparison with the configured token (any length difference fails, after
    /// the same work).
    func authorized(_ header: String?) -> Bool {
        guard let token = tokenBytes else { return true }
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return false }
        let given = Array(header.utf8.dropFirst(7))
        var diff = UInt8(given.count == token.count ? 0 : 1)
        for i in 0..<max(given.count, token.count) {
            let a = i < given.count ? given[i] : 0
            let b = i < token.count ? token[i] : 0
            diff |= a ^ b
        }
        return diff == 0
    }

    /// The query's options from the request's properties (request-properties.md).
    func queryOptions(_ r: KustoRequest) throws -> QueryOptions {
        var o = QueryOptions()
        o.queryParameters = r.parameters
        o.timeout = min(try r.timeoutSeconds() ?? configuration.defaultTimeout, configuration.maxTimeout)
        if let m = configuration.maxMemoryPerQuery { o.maxMemory = m }
        o.maxThreads = configuration.threadsPerQuery
        if r.bool("notruncation") == true {
            o.truncation = nil
        } else {
            let records = try r.count("truncationmaxrecords"), size = try r.count("truncationmaxsize")
            if records != nil || size != nil {
                o.truncation = Truncation(maxRecords: records ?? Truncation.kustoDefault.maxRecords, maxBytes: size ?? Truncation.kustoDefault.maxBytes)
            }
        }
        switch r.options["query_now"] {
        case .string(let s)?:
            guard let t = DateTime.parse(Substring(s)) else { throw KustoError.badRequest("request property 'query_now' is not a datetime: '\(s)'") }
            o.now = t
        case .datetime(let t)?: o.now = t
        case nil, .null?: break
        default: throw KustoError.badRequest("request property 'query_now' is not a datetime")
        }
        return o
    }

    struct Outcome {
        var schema: Schema
        var batches: [Batch]
        var rows: Int
        /// A failure after the query started (over the truncation limits): v2 reports it in the data.
        var error: KustoError?
        /// What the query's `render` asks to draw, and the binder's warnings (the query page shows both).
        var visualization: Visualization? = nil
        var warnings: [String] = []
    }

    /// Queries running now (for tests and a future status page).
    public var activeQueries: Int { activeLock.withLock { active } }
    private let activeLock = NSLock()
    private var active = 0
    func queryStarted() { activeLock.withLock { active += 1 } }
    func queryEnded() { activeLock.withLock { active -= 1 } }

    /// Binds and runs a query off the event loops. Cancelling the request's task cancels it, and
    /// so does the connection closing under it (a watchdog polls `channel.isActive`): a client
    /// that resets or drops its connection stops its query. (A client that only half-closes its
    /// side is not seen until the response is written: Hummingbird allows half-closure.)
    func runQuery(_ text: String, database: String, options: QueryOptions, channel: (any Channel)? = nil) async throws -> Outcome {
        let cancellation = Cancellation()
        var options = options
        options.cancellation = cancellation
        options.databaseName = database
        let opts = options
        queryStarted()
        defer { queryEnded() }
        let watchdog = channel.map { ch in
            Task {
                while !Task.isCancelled {
                    if !ch.isActive { cancellation.cancel(); return }
                    try? await Task.sleep(nanoseconds: 100_000_000)
                }
            }
        }
        defer { watchdog?.cancel() }
        return try await withTaskCancellationHandler {
            try await offLoop {
                let session = QuerySession(tables: try self.tables(database, queryText: text))
                let stream = try session.stream(text, options: opts)
                var batches: [Batch] = []
                var rows = 0
                do {
                    while let group = try stream.next() {
                        batches += group
                        rows += group.reduce(0) { $0 + $1.count }
                    }
                } catch let e as QueryLimitError where e.code == .resultTooLarge {
                    return Outcome(schema: stream.schema, batches: [], rows: 0, error: KustoError.runtime(e.code, e.message))
                }
                return Outcome(schema: stream.schema, batches: batches, rows: rows, error: nil,
                               visualization: stream.visualization, warnings: stream.warnings)
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    /// Runs blocking work (binding, reading, the query) on a dispatch thread, not an event loop.
    /// (Binding and the query's pulls are synchronous; the engine runs its operators on threads of its own.)
    func offLoop<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}

/// Hummingbird's basic context plus the connection's channel (to notice a client that goes away).
struct ChannelRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel
    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
