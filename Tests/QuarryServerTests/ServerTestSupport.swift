import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KQLColumns
import QuarryServer
import QuarryWorkspace

/// A server started in this process on a free loopback port, for one test.
final class TestServer: @unchecked Sendable {
    let port: Int
    let kusto: KustoServer
    private let task: Task<Void, Error>

    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A database "Net" over a temp folder holding `Things.csv` (and the shipped sample export
    /// when `samples`), plus "Other" over an empty folder.
    static func start(token: String? = nil, maxBodyBytes: Int = 1 << 20, samples: Bool = false, maxMemory: Int? = nil) async throws -> TestServer {
        let dir = NSTemporaryDirectory() + "quarry-serve-\(UUID().uuidString.prefix(8))"
        let other = dir + "-other"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        let csv = "Name,Count,When\nalpha,1,2025-01-01T00:00:00Z\nbeta,2,2025-01-02T00:00:00Z\ngamma,3,2025-01-03T00:00:00Z\n"
        FileManager.default.createFile(atPath: dir + "/Things.csv", contents: Data(csv.utf8))
        if samples {
            try FileManager.default.copyItem(atPath: repoRoot.appendingPathComponent("samples/DeviceNetworkEvents.csv").path,
                                             toPath: dir + "/DeviceNetworkEvents.csv")
        }
        var config = ServerConfiguration(databases: [("Net", WorkspaceSpec(dataDirectories: [dir])), ("Other", WorkspaceSpec(dataDirectories: [other]))])
        config.port = 0
        config.logLevel = .critical
        config.token = token
        config.maxBodyBytes = maxBodyBytes
        config.maxMemoryPerQuery = maxMemory
        return try await start(config)
    }

    static func start(_ config: ServerConfiguration) async throws -> TestServer {
        let server = KustoServer(configuration: config, log: { _ in })
        let box = PortBox()
        let task = Task { try await server.run(onListening: { box.set($0) }) }
        for _ in 0..<500 {
            if let p = box.get() { return TestServer(port: p, kusto: server, task: task) }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        task.cancel()
        throw NSError(domain: "TestServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "server did not start"])
    }

    private init(port: Int, kusto: KustoServer, task: Task<Void, Error>) { self.port = port; self.kusto = kusto; self.task = task }

    func stop() { task.cancel() }

    struct Reply {
        var status: Int
        var body: Data
        var headers: [String: String]
        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    func post(_ path: String, body: Data, headers: [String: String] = [:]) async throws -> Reply {
        var r = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        r.httpMethod = "POST"
        r.httpBody = body
        r.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        for (k, v) in headers { r.setValue(v, forHTTPHeaderField: k) }
        return try await send(r)
    }

    /// Sends a request and collects status, body and (lower-cased) headers.
    func send(_ r: URLRequest) async throws -> Reply {
        let (data, response) = try await URLSession.shared.data(for: r)
        let http = response as! HTTPURLResponse
        var hs: [String: String] = [:]
        for (k, v) in http.allHeaderFields { hs[String(describing: k).lowercased()] = String(describing: v) }
        return Reply(status: http.statusCode, body: data, headers: hs)
    }

    /// POSTs `{"db", "csl", "properties"}`.
    func request(_ path: String, db: String? = "Net", csl: String, properties: [String: Any]? = nil, headers: [String: String] = [:]) async throws -> Reply {
        var body: [String: Any] = ["csl": csl]
        if let db { body["db"] = db }
        if let properties { body["properties"] = properties }
        return try await post(path, body: try JSONSerialization.data(withJSONObject: body), headers: headers)
    }
}

private final class PortBox: @unchecked Sendable {
    private let lock = NSLock()
    private var port: Int?
    func set(_ p: Int) { lock.lock(); port = p; lock.unlock() }
    func get() -> Int? { lock.lock(); defer { lock.unlock() }; return port }
}

/// Frames of a v2 body by FrameType / TableKind.
func frames(_ json: Any?) -> [[String: Any]] { (json as? [[String: Any]]) ?? [] }
func table(_ json: Any?, kind: String) -> [String: Any]? {
    frames(json).first { $0["FrameType"] as? String == "DataTable" && $0["TableKind"] as? String == kind }
}

/// A program on PATH, or nil.
func findTool(_ name: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let path = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

/// Runs `body` on a thread of its own. Blocking waits (a child process, a raw socket) must not run
/// on Swift's cooperative pool or on Dispatch's global queues: on a 2-core machine they are two
/// threads, and the server under test (Hummingbird's handlers run on that pool) would starve
/// while every suite runs at once.
func onOwnThread(_ body: @escaping @Sendable () -> Void) {
    let t = Thread { body() }
    t.stackSize = 1 << 20
    t.start()
}

/// Awaits a blocking computation run on a thread of its own (see `onOwnThread`).
func blocking<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { c in onOwnThread { c.resume(returning: body()) } }
}

/// Runs a program to its end off the test's thread; its exit status and output (stdout + stderr).
func runTool(_ path: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
    try await withCheckedThrowingContinuation { continuation in
        onOwnThread {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: path)
            p.arguments = arguments
            let out = Pipe()
            p.standardOutput = out
            p.standardError = out
            do { try p.run() } catch { continuation.resume(throwing: error); return }
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            continuation.resume(returning: (p.terminationStatus, String(decoding: data, as: UTF8.self)))
        }
    }
}

/// A raw TCP client on loopback, for what URLSession will not do: send a body slowly, stop
/// reading, half-close, reset.
final class RawClient: @unchecked Sendable {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard fd >= 0, ok == 0 else { throw NSError(domain: "RawClient", code: 1, userInfo: [NSLocalizedDescriptionKey: "cannot connect"]) }
    }

    /// A POST's head (and the body, when given).
    static func post(_ path: String, body: String?, contentLength: Int? = nil) -> String {
        let length = contentLength ?? body?.utf8.count ?? 0
        return "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(length)\r\n\r\n" + (body ?? "")
    }

    @discardableResult func put(_ s: String) -> Int { put(Array(s.utf8)) }
    @discardableResult func put(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Sends without blocking: the bytes taken (0 when the socket buffer is full), -1 on error.
    func sendNow(_ bytes: [UInt8]) -> Int {
        let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        return n >= 0 ? n : (errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1)
    }

    /// Up to `max` bytes, waiting at most `timeout` seconds: nil on timeout, empty at end of stream or on error.
    func receive(max: Int = 65536, timeout: Double) -> [UInt8]? {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, Int32(timeout * 1000)) > 0 else { return nil }
        var buf = [UInt8](repeating: 0, count: max)
        let n = recv(fd, &buf, max, 0)
        return n > 0 ? Array(buf[0..<n]) : []
    }

    /// Everything until the peer closes or `timeout` seconds pass.
    func receiveAll(timeout: Double) -> [UInt8] {
        let end = Date().addingTimeInterval(timeout)
        var all: [UInt8] = []
        while Date() < end, let chunk = receive(timeout: end.timeIntervalSinceNow), !chunk.isEmpty { all += chunk }
        return all
    }

    /// Sets the receive buffer small (before the response arrives) so a client that stops reading pushes back soon.
    func smallReceiveBuffer() {
        var size: Int32 = 65536
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    }

    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Closes; with `reset`, with an RST (SO_LINGER 0), as a killed client's kernel does.
    func disconnect(reset: Bool = false) {
        if reset {
            var l = Foundation.linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, socklen_t(MemoryLayout<Foundation.linger>.size))
        }
        close(fd)
    }
}

/// The status code of a raw HTTP response ("HTTP/1.1 413 …"), or nil.
func httpStatus(_ bytes: [UInt8]) -> Int? {
    let head = String(decoding: bytes.prefix(32), as: UTF8.self)
    guard head.hasPrefix("HTTP/1.1 ") else { return nil }
    return Int(head.dropFirst(9).prefix(3))
}

extension TestServer {
    /// The server answers a query (after a fault).
    func answers() async throws -> Bool {
        let r = try await request("/v2/rest/query", csl: "Things | count")
        return r.status == 200 && (table(r.json, kind: "PrimaryResult")?["Rows"] as? [[Any]])?.first?.first as? Int == 3
    }
}
