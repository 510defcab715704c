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
    static func start(token: String? = nil, maxBodyBytes: Int = 1 << 20, samples: Bool = false) async throws -> TestServer {
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
