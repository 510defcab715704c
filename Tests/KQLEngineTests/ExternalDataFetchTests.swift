import Foundation
import KQLColumns
import KQLEngine
import QuarryIO
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 (an ephemeral port), for the externaldata fetch tests:
/// answers each path from `routes` (404 otherwise), one request per connection, and stops itself
/// after `lifetime` seconds at the latest. It never contacts anything.
final class LoopbackHTTPServer: @unchecked Sendable {
    let port: UInt16
    private let fd: Int32
    private let routes: [String: (status: Int, body: [UInt8])]
    private let lock = NSLock()
    private var served: [String] = []
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)

    init(routes: [String: (status: Int, body: [UInt8])], lifetime: Double = 60) throws {
        self.routes = routes
        #if canImport(Glibc)
        let sock = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let sock = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard sock >= 0 else { throw POSIXError(.EMFILE) }
        var yes: Int32 = 1
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(sock, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard ok, listen(sock, 16) == 0 else { close(sock); throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(sock, $0, &len) } }
        fd = sock
        port = UInt16(bigEndian: addr.sin_port)
        let deadline = Date().addingTimeInterval(lifetime)
        Thread { [self] in
            while !isStopping && Date() < deadline {
                var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&p, 1, 100) > 0 else { continue }
                let c = accept(fd, nil, nil)
                if c >= 0 { serve(c) }
            }
            close(fd)
            finished.signal()
        }.start()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var requests: [String] { lock.lock(); defer { lock.unlock() }; return served }
    private var isStopping: Bool { lock.lock(); defer { lock.unlock() }; return stopping }

    func stop() {
        lock.lock(); stopping = true; lock.unlock()
        _ = finished.wait(timeout: .now() + 5)
    }

    private func serve(_ c: Int32) {
        defer { close(c) }
        var tv = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var request: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while request.count < 65536 {
            let n = read(c, &buf, buf.count)
            if n <= 0 { break }
            request += buf[0..<n]
            if request.count >= 4, Array(request.suffix(4)) == Array("\r\n\r\n".utf8) { break }
        }
        let firstLine = String(decoding: request.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self)
        let parts = firstLine.split(separator: " ")
        let path = parts.count > 1 ? String(parts[1]) : "/"
        lock.lock(); served.append(path); lock.unlock()
        let (status, body) = routes[path] ?? (404, Array("not found".utf8))
        let head = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Status")\r\nContent-Type: text/plain\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        let out = Array(head.utf8) + body
        var sent = 0
        while sent < out.count {
            let n = out[sent...].withUnsafeBytes { write(c, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            sent += n
        }
    }

    /// A 127.0.0.1 port nothing listens on (bound, then closed).
    static func closedPort() -> UInt16 {
        let s = try? LoopbackHTTPServer(routes: [:], lifetime: 0)
        s?.stop()
        return s?.port ?? 9
    }
}

/// Log lines collected from a loader.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}

struct LoaderProvider: ExternalDataProvider {
    let loader: ExternalDataLoader
    func load(_ r: ExternalDataRequest) throws -> Table {
        try loader.table(urls: r.urls, format: r.format, schema: r.schema, ignoreFirstRecord: r.ignoreFirstRecord, zipPattern: r.zipPattern,
                         ingestionMapping: r.ingestionMapping)
    }
}

/// externaldata's fetching: download, cache, refresh, offline, mappings, limits and every kind of
/// error, against a loopback server the test starts itself.
@Suite(.serialized) struct ExternalDataFetchTests {
    static let schema = Schema([Field("Sha", .string)])

    static func tempDir(_ tag: String = #function) -> String {
        let d = NSTemporaryDirectory() + "quarry-ext-\(tag.filter { $0.isLetter })-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    static func settings(_ cache: String) -> ExternalDataSettings {
        var s = ExternalDataSettings(cacheDirectory: cache)
        s.timeout = 10
        return s
    }

    static func error(_ body: () throws -> Any) -> ExternalDataError? {
        do { _ = try body(); return nil } catch { return error as? ExternalDataError }
    }

    @Test func fetchesOnceThenServesTheCacheRefreshAndOffline() throws {
        let server = try LoopbackHTTPServer(routes: ["/ioc.txt": (200, Array("aa\nbb\n".utf8))])
        defer { server.stop() }
        let url = server.baseURL + "/ioc.txt"
        let cache = Self.tempDir()
        let log = LogLines()
        let first = ExternalDataLoader(settings: Self.settings(cache), log: log.add)
        #expect(try first.table(urls: [url], format: .txt, schema: Self.schema, ignoreFirstRecord: false).rowCount == 2)
        // Read once per loader, however often a query uses it.
        _ = try first.table(urls: [url, url], format: .txt, schema: Self.schema, ignoreFirstRecord: false)
        #expect(server.requests == ["/ioc.txt"])
        #expect(log.all.contains { $0.contains("fetched \(url)") && $0.contains("6 bytes") && $0.contains(" s)") })
        let files = try FileManager.default.contentsOfDirectory(atPath: cache)
        #expect(files.filter { $0.hasSuffix(".data") }.count == 1 && files.filter { $0.hasSuffix(".json") }.count == 1)
        let meta = try String(contentsOfFile: cache + "/" + files.first { $0.hasSuffix(".json") }!, encoding: .utf8)
        #expect(meta.contains(url))

        // A new run: from the cache, no request.
        let second = ExternalDataLoader(settings: Self.settings(cache), log: log.add)
        #expect(try second.table(urls: [url], format: .txt, schema: Self.schema, ignoreFirstRecord: false).rowCount == 2)
        #expect(server.requests.count == 1)
        #expect(log.all.contains { $0.contains("\(url) from cache") })

        // Offline: the cache still serves.
        var offline = Self.settings(cache)
        offline.offline = true
        #expect(try ExternalDataLoader(settings: offline).table(urls: [url], format: .txt, schema: Self.schema, ignoreFirstRecord: false).rowCount == 2)
        #expect(server.requests.count == 1)

        // --refresh fetches again.
        var refresh = Self.settings(cache)
        refresh.refresh = true
        _ = try ExternalDataLoader(settings: refresh).table(urls: [url], format: .txt, schema: Self.schema, ignoreFirstRecord: false)
        #expect(server.requests.count == 2)
    }

    @Test func aMappedURLIsReadFromItsFileAndNeverFetched() throws {
        let server = try LoopbackHTTPServer(routes: ["/feed.csv": (200, Array("x,1\n".utf8))])
        defer { server.stop() }
        let dir = Self.tempDir()
        let file = dir + "/local.csv"
        try "Name,Score\nlocal,7\n".write(toFile: file, atomically: true, encoding: .utf8)
        let url = server.baseURL + "/feed.csv"
        // The mapping file form: `URL PATH`, relative to the mapping file.
        try "# feeds\n\(url) local.csv\n".write(toFile: dir + "/map.txt", atomically: true, encoding: .utf8)
        var s = Self.settings(dir + "/cache")
        s.mappings = try ExternalDataSettings.readMappingFile(dir + "/map.txt")
        #expect(s.mappings[url] == file)
        s.offline = true
        let t = try ExternalDataLoader(settings: s).table(urls: [url], format: nil, schema: Schema([Field("Name", .string), Field("Score", .long)]),
                                                          ignoreFirstRecord: true)
        #expect(t.rows() == [[.string("local"), .long(7)]])
        #expect(server.requests.isEmpty)
    }

    @Test func queriesRunExternalDataThroughTheProvider() throws {
        let server = try LoopbackHTTPServer(routes: ["/tor.csv": (200, Array("Nickname,IPv4Address\nrelay1,1.2.3.4\nrelay2,5.6.7.8\n".utf8))])
        defer { server.stop() }
        var options = QueryOptions()
        options.externalData = LoaderProvider(loader: ExternalDataLoader(settings: Self.settings(Self.tempDir())))
        let q = "externaldata (Nickname:string, IPv4Address:string) [h@'\(server.baseURL)/tor.csv'] with (ignoreFirstRecord=true, format=\"csv\") | where IPv4Address == '5.6.7.8' | project Nickname"
        let r = try QuerySession().run(q, options: options)
        #expect(r.table.rows() == [[.string("relay2")]])
        // Without a provider the operator fails at run time, naming itself; binding needs none.
        #expect(QuerySession().check(q).diagnostics.isEmpty)
        do {
            _ = try QuerySession().run(q)
            Issue.record("expected an error")
        } catch let e as QueryError {
            #expect(e.diagnostics.first?.code == .externalDataFailed)
            #expect(e.description.contains("no external data provider"))
        }
    }

    @Test func everyErrorNamesTheURL() throws {
        let server = try LoopbackHTTPServer(routes: [
            "/bad.csv": (200, Array("x,1\ny,2\n\"z,3\n".utf8)),
            "/big.txt": (200, [UInt8](repeating: UInt8(ascii: "a"), count: 5000)),
            "/gone": (500, Array("oops".utf8)),
        ])
        defer { server.stop() }
        let cache = Self.tempDir()
        let loader = ExternalDataLoader(settings: Self.settings(cache))
        let two = Schema([Field("a", .string), Field("b", .long)])

        let missing = server.baseURL + "/missing.csv"
        let e404 = Self.error { try loader.table(urls: [missing], format: nil, schema: two, ignoreFirstRecord: false) }
        #expect(e404?.kind == .httpStatus(404))
        #expect(e404?.description.contains(missing) == true && e404?.description.contains("404") == true)

        let e500 = Self.error { try loader.table(urls: [server.baseURL + "/gone"], format: .txt, schema: Self.schema, ignoreFirstRecord: false) }
        #expect(e500?.kind == .httpStatus(500))

        let closed = "http://127.0.0.1:\(LoopbackHTTPServer.closedPort())/feed.csv"
        let unreachable = Self.error { try loader.table(urls: [closed], format: nil, schema: two, ignoreFirstRecord: false) }
        #expect(unreachable?.kind == .unreachable)
        #expect(unreachable?.description.contains(closed) == true)

        var offline = Self.settings(cache)
        offline.offline = true
        let notCached = Self.error { try ExternalDataLoader(settings: offline).table(urls: [missing], format: nil, schema: two, ignoreFirstRecord: false) }
        #expect(notCached?.kind == .notCached)
        #expect(notCached?.description.contains(missing) == true && notCached?.description.contains("--offline") == true)

        let badURL = server.baseURL + "/bad.csv"
        let bad = Self.error { try loader.table(urls: [badURL], format: nil, schema: two, ignoreFirstRecord: false) }
        #expect(bad?.kind == .badContent)
        #expect(bad?.description.contains(badURL) == true && bad?.description.contains("line 3") == true)

        var small = Self.settings(cache)
        small.maxBytes = 1000
        let big = Self.error { try ExternalDataLoader(settings: small).table(urls: [server.baseURL + "/big.txt"], format: .txt, schema: Self.schema, ignoreFirstRecord: false) }
        #expect(big?.kind == .tooLarge)

        // A mapped ZIP archive, its files chosen by zipPattern.
        let zip = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("LogicTests/data/external/top.zip").path
        var zipSmall = Self.settings(cache)
        zipSmall.maxBytes = 1000
        zipSmall.mappings = ["https://feeds.example/top.zip": zip]
        let zipOK = try ExternalDataLoader(settings: zipSmall).table(urls: ["https://feeds.example/top.zip"], format: .csv, schema: two,
                                                                     ignoreFirstRecord: false, zipPattern: "top-*.csv")
        #expect(zipOK.rowCount == 2)
        // A query string (a SAS token) is never shown.
        let secret = Self.error { try ExternalDataLoader(settings: offline).table(urls: [missing + "?sig=s3cret"], format: nil, schema: two, ignoreFirstRecord: false) }
        #expect(secret?.description.contains("s3cret") == false)
    }
}
