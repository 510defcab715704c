import Foundation
import HTTPTypes
import Hummingbird
import KQLColumns
import KQLEngine
import KQLSyntax
import NIOCore
import QuarryRender
import QuarryWorkspace

/// The query page (`GET /`, `QueryPageHTML`) and the endpoints it calls, under `/ui/api/`
/// (kept out of Kusto's `/v1` and `/v2` paths):
///
/// - `POST /ui/api/check` `{db, csl, cursor}` → the diagnostics of the text (as `quarry check`
///   finds them: parse, then bind against the schemas, reading no rows) and the completion at
///   the cursor (KQLEngine's `Completer`, the shell's). Offsets (`cursor`, `start`, `length`,
///   `completion.start`) count UTF-16 code units, as a browser's string indexes do; `line` and
///   `column` are 1-based (columns in characters, as the CLI prints them).
/// - `GET /ui/api/databases`, `GET /ui/api/tables?db=D`, `GET /ui/api/columns?db=D&table=T` —
///   the browser, one level per call (a table's schema is probed only when it is opened).
/// - `POST /ui/api/run` `{db, csl, properties}` (a Kusto request body) → columns, the first
///   `maxRows` rows as display text (with sort keys), the row count, the `render` chart as SVG
///   (QuarryRender), warnings, and the `now` the query ran with.
/// - `POST /ui/api/download` — the same body plus `format` (`csv`, `json`, `html`): the whole
///   result as a file (`ResultExport`, `HTMLReport`).
///
/// Every `/ui/api/` call passes the same bearer-token check, body limit, `servertimeout`,
/// truncation and memory budget as the Kusto endpoints, and fails with the same error object.
/// The page itself (`GET /`) holds no data and needs no token: it asks for one when a call
/// answers 401.
extension KustoServer {
    /// Rows of a result sent to the page's table (the chart and the downloads use every row).
    static let pageMaxRows = 10_000

    func registerQueryPage(_ router: Router<ChannelRequestContext>) {
        router.get("/") { _, _ in
            var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
            // Nothing is loaded from anywhere: inline script and style, SVG and data: images, calls to this server only.
            headers[.contentSecurityPolicy] = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'"
            headers[HTTPField.Name("x-content-type-options")!] = "nosniff"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: QueryPageHTML.page)))
        }
        router.post("/ui/api/check") { request, context in
            try await self.pageCall(request, context) { body in try self.pageCheck(body) }
        }
        router.get("/ui/api/databases") { request, context in
            try await self.pageCall(request, context) { _ in self.pageDatabases() }
        }
        router.get("/ui/api/tables") { request, context in
            let db = request.uri.queryParameters["db"].map(String.init)
            return try await self.pageCall(request, context) { _ in try self.pageTables(db) }
        }
        router.get("/ui/api/columns") { request, context in
            let db = request.uri.queryParameters["db"].map(String.init)
            let table = request.uri.queryParameters["table"].map(String.init) ?? ""
            return try await self.pageCall(request, context) { _ in try self.pageColumns(db, table) }
        }
        router.post("/ui/api/run") { request, context in
            try await self.pageRun(request, context, download: false)
        }
        router.post("/ui/api/download") { request, context in
            try await self.pageRun(request, context, download: true)
        }
    }

    // MARK: The calls

    /// A JSON reply of the page's API.
    func pageJSON(_ status: Int, _ bytes: [UInt8]) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    func pageFailure(_ error: Error) -> Response {
        let e = KustoError.from(error)
        if e.status >= 500 { log("error: query page: \(e.detail)") }
        return pageJSON(e.status, e.json(clientRequestId: "quarry-page", activityId: GUIDs.random()))
    }

    /// The token check and the body limit (as `handle`), then `work` off the event loops with
    /// the body (empty for a GET).
    func pageCall(_ request: Request, _ context: ChannelRequestContext,
                  _ work: @escaping @Sendable ([UInt8]) throws -> [UInt8]) async throws -> Response {
        do {
            let body = try await pageBody(request)
            return pageJSON(200, try await offLoop { try work(body) })
        } catch {
            return pageFailure(error)
        }
    }

    func pageBody(_ request: Request) async throws -> [UInt8] {
        guard authorized(request.headers[.authorization]) else { throw KustoError.unauthorized }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > configuration.maxBodyBytes {
            throw KustoError.tooLarge(configuration.maxBodyBytes)
        }
        var request = request
        do {
            return Array(buffer: try await request.collectBody(upTo: configuration.maxBodyBytes))
        } catch let e as HTTPError where e.status == .contentTooLarge {
            throw KustoError.tooLarge(configuration.maxBodyBytes)
        }
    }

    func pageDatabases() -> [UInt8] {
        var w = JSONWriter()
        w.raw("{\"databases\":[")
        for (i, name) in databaseNames.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{\"name\":"); w.string(name); w.raw(",\"default\":\(i == 0)}")
        }
        w.raw("]}")
        return w.bytes
    }

    func pageDatabase(_ name: String?) throws -> String {
        guard let db = resolveDatabase(name) else { throw KustoError.notFound(unknownDatabase(name ?? "")) }
        return db
    }

    func pageTables(_ name: String?) throws -> [UInt8] {
        let db = try pageDatabase(name)
        let names = try tables(db).keys.sorted()
        var w = JSONWriter()
        w.raw("{\"database\":"); w.string(db); w.raw(",\"tables\":[")
        for (i, t) in names.enumerated() {
            if i > 0 { w.raw(",") }
            w.string(t)
        }
        w.raw("]}")
        return w.bytes
    }

    func pageColumns(_ name: String?, _ table: String) throws -> [UInt8] {
        let db = try pageDatabase(name)
        let all = try tables(db)
        guard let provider = all[table] else { throw KustoError.notFound("Table '\(table)' was not found in database '\(db)'") }
        var w = JSONWriter()
        w.raw("{\"database\":"); w.string(db); w.raw(",\"table\":"); w.string(table); w.raw(",\"columns\":[")
        for (i, f) in provider.schema.fields.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{\"name\":"); w.string(f.name); w.raw(",\"type\":"); w.string(f.type.rawValue); w.raw("}")
        }
        w.raw("]}")
        return w.bytes
    }

    /// Diagnostics and completion for `{db, csl, cursor}`.
    func pageCheck(_ body: [UInt8]) throws -> [UInt8] {
        guard case .object(let bag)? = try? JSON.parse(body), case .string(let text)? = bag["csl"] else {
            throw KustoError.badRequest("the body is not a JSON object with 'csl' (the query text) and 'cursor'")
        }
        var db: String? = nil
        if case .string(let d)? = bag["db"] { db = d }
        let cursor: Int
        switch bag["cursor"] {
        case .long(let n)?: cursor = Int(clamping: n)
        case .real(let x)? where x.isFinite: cursor = Int(max(0, min(x, 1e9)))
        case nil, .null?: cursor = text.utf16.count
        default: throw KustoError.badRequest("'cursor' must be a number (UTF-16 offset into 'csl')")
        }
        let database = try pageDatabase(db)
        let session = QuerySession(tables: try tables(database, queryText: text))
        let (diagnostics, source) = session.check(text)
        let offsets = UTF16Offsets(source)
        var w = JSONWriter()
        w.raw("{\"diagnostics\":[")
        for (i, d) in diagnostics.prefix(100).enumerated() {
            if i > 0 { w.raw(",") }
            let (line, column) = source.location(of: d.span.start)
            let start = offsets.offset(d.span.start)
            let end = max(start, offsets.offset(d.span.end))
            w.raw("{\"severity\":"); w.string(d.severity.rawValue)
            w.raw(",\"code\":"); w.string(d.code.rawValue)
            w.raw(",\"message\":"); w.string(d.message)
            if let help = d.help { w.raw(",\"help\":"); w.string(help) }
            w.raw(",\"line\":\(line),\"column\":\(column),\"start\":\(start),\"length\":\(end - start)}")
        }
        let completion = Self.complete(text, utf16Cursor: cursor, with: Completer(session: session))
        w.raw("],\"completion\":{\"start\":\(completion.start),\"end\":\(completion.end),\"candidates\":[")
        for (i, c) in completion.candidates.prefix(200).enumerated() {
            if i > 0 { w.raw(",") }
            w.string(c)
        }
        w.raw("]}}")
        return w.bytes
    }

    /// The completer's answer for a cursor given in UTF-16 code units of the whole text: the
    /// completer works on the cursor's line (characters) and the lines before it.
    static func complete(_ text: String, utf16Cursor: Int, with completer: Completer) -> (start: Int, end: Int, candidates: [String]) {
        let cursor = max(0, min(utf16Cursor, text.utf16.count))
        var lines: [String] = []
        var line = ""
        var lineStartUTF16 = 0
        var column = 0          // characters of `line` before the cursor
        var seen = 0            // UTF-16 units before the current character
        var reached = false
        for ch in text {
            if !reached && seen >= cursor { reached = true }
            if ch == "\n" || ch == "\r\n" {
                if reached { break }
                lines.append(line)
                line = ""
                column = 0
                seen += ch.utf16.count
                lineStartUTF16 = seen
                continue
            }
            line.append(ch)
            if !reached { column += 1 }
            seen += ch.utf16.count
        }
        let c = completer.complete(line: line, cursor: column, previousLines: lines)
        let start = lineStartUTF16 + String(line.prefix(c.start)).utf16.count
        return (start, max(start, lineStartUTF16 + String(line.prefix(column)).utf16.count), c.candidates)
    }

    /// `/ui/api/run` and `/ui/api/download`: a Kusto request body (`db`, `csl`, `properties`),
    /// run with the request's options; `now` is pinned (given as `query_now`, or the wall clock
    /// now) and returned, so the page's downloads rerun the query with the same `now()`.
    func pageRun(_ request: Request, _ context: ChannelRequestContext, download: Bool) async throws -> Response {
        do {
            let body = try await pageBody(request)
            let parsed = try KustoRequest(body: body)
            guard let db = resolveDatabase(parsed.database) else { throw KustoError.notFound(unknownDatabase(parsed.database ?? "")) }
            var options = try queryOptions(parsed)
            if options.now == nil { options.now = QueryClock.nowTicks() }
            let now = options.now ?? 0
            var format = "json"
            var maxRows = Self.pageMaxRows
            if case .object(let bag)? = try? JSON.parse(body) {
                if case .string(let f)? = bag["format"] { format = f.lowercased() }
                if case .long(let n)? = bag["maxRows"], n >= 0 { maxRows = Int(min(n, Int64(Self.pageMaxRows))) }
            }
            if download && !["csv", "json", "html"].contains(format) {
                throw KustoError.badRequest("'format' must be csv, json or html, not '\(format)'")
            }
            let started = DispatchTime.now().uptimeNanoseconds
            let outcome = try await runQuery(parsed.text, database: db, options: options, channel: context.channel)
            if let error = outcome.error { throw error }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
            let text = parsed.text, fileFormat = format, rowLimit = maxRows
            let bytes = try await offLoop {
                download ? Self.pageFile(outcome, format: fileFormat, query: text, now: now)
                         : Self.pageResult(outcome, maxRows: rowLimit, now: now, elapsedMs: elapsed)
            }
            guard download else { return pageJSON(200, bytes) }
            let types = ["csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8", "html": "text/html; charset=utf-8"]
            var headers: HTTPFields = [.contentType: types[format] ?? "application/octet-stream", .cacheControl: "no-store"]
            headers[.contentDisposition] = "attachment; filename=\"quarry-result.\(format)\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        } catch {
            return pageFailure(error)
        }
    }

    /// The run's JSON: `columns`, `rows` (display text, null for null), `keys` (per cell, how
    /// it sorts: an integer as text for int/long/datetime/timespan — ticks for the last two,
    /// exact past 2^53 —, a number for real, null where the text sorts), `rowCount`, `shown`,
    /// `chart` (SVG or null), `chartKind`, `warnings`, `now`, `elapsedMs`.
    static func pageResult(_ o: Outcome, maxRows: Int, now: Int64, elapsedMs: Double) -> [UInt8] {
        var w = JSONWriter()
        w.raw("{\"columns\":[")
        for (i, f) in o.schema.fields.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{\"name\":"); w.string(f.name); w.raw(",\"type\":"); w.string(f.type.rawValue); w.raw("}")
        }
        var shown = 0
        var rw = JSONWriter(), kw = JSONWriter()
        outer: for b in o.batches {
            for i in 0..<b.count {
                if shown >= maxRows { break outer }
                rw.raw(shown == 0 ? "[" : ",[")
                kw.raw(shown == 0 ? "[" : ",[")
                for (j, c) in b.columns.enumerated() {
                    if j > 0 { rw.raw(","); kw.raw(",") }
                    let v = c.value(at: i)
                    if case .null = v { rw.raw("null") } else { rw.string(Format.cell(v)) }
                    switch v {
                    case .int(let x): kw.string(String(x))
                    case .long(let x): kw.string(String(x))
                    case .datetime(let x): kw.string(String(x))
                    case .timespan(let x): kw.string(String(x))
                    case .real(let x) where x.isFinite: kw.raw(formatReal(x))
                    case .bool(let x): kw.raw(x ? "1" : "0")
                    default: kw.raw("null")
                    }
                }
                rw.raw("]"); kw.raw("]")
                shown += 1
            }
        }
        w.raw("],\"rows\":["); w.bytes += rw.bytes
        w.raw("],\"keys\":["); w.bytes += kw.bytes
        w.raw("],\"rowCount\":\(o.rows),\"shown\":\(shown),\"chart\":")
        if let v = o.visualization, v.chart != "table" {
            w.string(ChartRenderer.svg(Table(schema: o.schema, batches: o.batches), v))
            w.raw(",\"chartKind\":"); w.string(v.chart)
        } else {
            w.raw("null,\"chartKind\":null")
        }
        w.raw(",\"warnings\":[")
        for (i, s) in o.warnings.enumerated() {
            if i > 0 { w.raw(",") }
            w.string(s)
        }
        w.raw("],\"now\":"); w.string(DateTime.format(now))
        w.raw(",\"elapsedMs\":\(Int(elapsedMs.rounded()))}")
        return w.bytes
    }

    /// A download: CSV or JSON as `quarry run --format csv|json` writes them, or the HTML page
    /// of `--format html` (result, chart, timelines) with the query and its `now`.
    static func pageFile(_ o: Outcome, format: String, query: String, now: Int64) -> [UInt8] {
        let table = Table(schema: o.schema, batches: o.batches)
        switch format {
        case "csv": return Array((ResultExport.csv(table) + "\n").utf8)
        case "html":
            var input = ReportInput(queryText: query, queryFile: nil, table: table, visualization: o.visualization, warnings: o.warnings)
            input.full = false
            input.now = DateTime.format(now)
            return Array(HTMLReport.page(input).utf8)
        default: return Array((ResultExport.json(table) + "\n").utf8)
        }
    }
}

/// UTF-8 byte offsets of a source (spans) to UTF-16 offsets (a browser's string indexes).
struct UTF16Offsets {
    private let bytes: [UInt8]
    init(_ source: SourceText) { bytes = source.bytes }

    func offset(_ byteOffset: Int) -> Int {
        String(decoding: bytes[0..<max(0, min(byteOffset, bytes.count))], as: UTF8.self).utf16.count
    }
}
