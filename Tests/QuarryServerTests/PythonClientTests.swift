import Foundation
import KQLEngine
import QuarryWorkspace
import Testing

/// Kusto's Python client, azure-kusto-data, against a server in this process:
/// Tests/ServerClientTests/kusto_client_test.py (pandas, the founding hunt with query parameters,
/// management commands, errors, truncation, servertimeout). Needs `.venv-ci` at the repo root
/// with azure-kusto-data and pandas (.ci/run creates it); skips without it.
@Suite struct PythonClientTests {
    static let python = TestServer.repoRoot.appendingPathComponent(".venv-ci/bin/python").path

    static let available: Bool = {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", "import azure.kusto.data, pandas"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    @Test(.enabled(if: available, "azure-kusto-data not installed: python3 -m venv .venv-ci && .venv-ci/bin/pip install azure-kusto-data pandas"))
    func azureKustoDataClient() async throws {
        let s = try await TestServer.start(samples: true)
        defer { s.stop() }
        // The hunt's row count from the engine itself (the hunt's rows are checked against an
        // independent computation in CLIAcceptanceTests); the client must see the same rows.
        let dir = NSTemporaryDirectory() + "quarry-hunt-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestServer.repoRoot.appendingPathComponent("samples/DeviceNetworkEvents.csv").path,
                                         toPath: dir + "/DeviceNetworkEvents.csv")
        let hunt = try String(contentsOf: TestServer.repoRoot.appendingPathComponent("hunts/inbound-connections.mde.kql"), encoding: .utf8)
        var o = QueryOptions(now: 638_824_320_000_000_000)   // 2025-05-10T00:00:00Z
        o.truncation = nil
        let expected = try QuerySession(tables: Workspace(WorkspaceSpec(dataDirectories: [dir]), log: { _ in }).tables(queryText: hunt))
            .run(hunt, options: o).table.rowCount
        #expect(expected > 0)

        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.python)
        p.arguments = [TestServer.repoRoot.appendingPathComponent("Tests/ServerClientTests/kusto_client_test.py").path,
                       "http://127.0.0.1:\(s.port)", "Net", TestServer.repoRoot.path, String(expected)]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = await blocking {
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        #expect(p.terminationStatus == 0, "\(text)")
        for check in ["query_to_pandas", "typed_columns", "founding_hunt", "show_tables", "table_schema", "error_query", "truncation", "server_timeout"] {
            #expect(text.contains("ok \(check)"), "\(check): \(text)")
        }
    }
}
