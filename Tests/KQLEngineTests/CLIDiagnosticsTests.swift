import Foundation
import Testing

/// `quarry check` and `quarry run` as a hunter meets them: every error of a file in one run,
/// "did you mean" help in text and JSON, a column the catalog has and the file lacks, a
/// Timestamp/TimeGenerated mix-up, and a catalog table with no data bound.
@Suite struct CLIDiagnosticsTests {
    struct Outcome { var status: Int32; var stdout: String; var stderr: String }

    func quarry(_ args: [String], in dir: URL) throws -> Outcome? {
        guard let binary = CLIAcceptanceTests.binary else {
            print("skipping: the quarry binary is not built next to the tests")
            return nil
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.currentDirectoryURL = dir
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Outcome(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// A temporary folder with `files` (name → contents).
    func folder(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-diag-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    static let advancedHunting = "Timestamp,DeviceId,DeviceName,ActionType\n2025-05-09T10:00:00Z,d1,host1,ProcessCreated\n"
    static let sentinel = "TimeGenerated,DeviceId,DeviceName,ActionType,Type\n2025-05-09T10:00:00Z,d1,host1,ProcessCreated,DeviceEvents\n"

    @Test func checkReportsThreeIndependentErrorsInOneRun() throws {
        let hunt = """
            // three mistakes, one per statement
            let recent = DeviceNetworkEvent | where Timestamp > ago(1d);
            let port = 22;
            DeviceNetworkEvents
            | where RemotIP == "10.0.0.1" and RemotePort == port
            | extend Url = tolowr(RemoteUrl)
            """
        let dir = try folder(["hunt.kql": hunt])
        defer { try? FileManager.default.removeItem(at: dir) }
        guard let r = try quarry(["check", "hunt.kql"], in: dir) else { return }
        #expect(r.status == 1)
        let headers = r.stderr.split(separator: "\n").filter { $0.hasPrefix("hunt.kql:") }.map(String.init)
        #expect(headers == [
            "hunt.kql:2:14: error: unknown table 'DeviceNetworkEvent' [KQB001]",
            "hunt.kql:5:9: error: unknown name 'RemotIP': no such column, variable or function [KQB003]",
            "hunt.kql:6:16: error: unknown function 'tolowr' [KQB014]",
        ])
        #expect(r.stderr.contains("help: did you mean 'DeviceNetworkEvents'?"))
        #expect(r.stderr.contains("help: did you mean 'RemoteIP'?"))
        #expect(r.stderr.contains("help: did you mean 'tolower'?"))

        guard let j = try quarry(["check", "hunt.kql", "--format", "json"], in: dir) else { return }
        #expect(j.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any]
        let errors = object?["errors"] as? [[String: Any]] ?? []
        #expect(errors.map { $0["code"] as? String } == ["KQB001", "KQB003", "KQB014"])
        #expect(errors.map { $0["line"] as? Int } == [2, 5, 6])
        #expect(errors.map { $0["column"] as? Int } == [14, 9, 16])
        #expect(errors.map { $0["help"] as? String } == ["did you mean 'DeviceNetworkEvents'?", "did you mean 'RemoteIP'?", "did you mean 'tolower'?"])
        #expect((object?["error"] as? [String: Any])?["code"] as? String == "KQB001")
    }

    @Test func aCatalogColumnTheFileLacksIsNamedAndCheckAgreesWithRun() throws {
        let dir = try folder(["export.csv": Self.advancedHunting, "hunt.kql": "DeviceEvents | where AccountName == \"admin\"\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        // Against the catalog the hunt is fine; against the file it is not, for run and check alike.
        guard let catalog = try quarry(["check", "hunt.kql"], in: dir),
              let run = try quarry(["run", "hunt.kql", "--table", "DeviceEvents=export.csv"], in: dir),
              let check = try quarry(["check", "hunt.kql", "--table", "DeviceEvents=export.csv"], in: dir) else { return }
        #expect(catalog.status == 0 && catalog.stdout == "ok\n")
        let message = "hunt.kql:1:22: error: column 'AccountName' is in the DeviceEvents schema but not in export.csv [KQB003]"
        #expect(run.status == 1)
        #expect(run.stderr.contains(message))
        #expect(check.status == 1)
        #expect(check.stderr.contains(message))
    }

    @Test func checkBindsExtendedCatalogTablesByNameAndWildcardsReadTheWorkspacesOwnTables() throws {
        // A vendor custom log (extended catalog) binds by its catalogued spelling with its declared
        // types; `union *` against the catalog reads the tables every workspace has, so the hunt's
        // Timestamp stays one datetime column (SalesforceServiceCloud's string Timestamp, a parser
        // function of one solution, is not in it), while naming that function still binds it.
        let dir = try folder([
            "dns.kql": "Cisco_Umbrella_dns_CL | where TimeGenerated > ago(1d) | summarize n = count() by Identities_s\n",
            "lower.kql": "cisco_umbrella_dns_cl | take 1\n",
            "star.kql": "union withsource=TableName *\n| where Timestamp > ago(90d)\n| distinct TableName\n",
            "named.kql": "SalesforceServiceCloud | where Timestamp has \"2025\" | take 1\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        guard let dns = try quarry(["check", "dns.kql", "--schema", "--format", "json"], in: dir),
              let lower = try quarry(["check", "lower.kql"], in: dir),
              let star = try quarry(["check", "star.kql", "--schema", "--format", "json"], in: dir),
              let named = try quarry(["check", "named.kql"], in: dir) else { return }
        let columns = ((try JSONSerialization.jsonObject(with: Data(dns.stdout.utf8)) as? [String: Any])?["columns"] as? [[String]]) ?? []
        #expect(columns == [["Identities_s", "string"], ["n", "long"]], "\(dns.stdout) \(dns.stderr)")
        #expect(lower.status == 1 && lower.stderr.contains("unknown table 'cisco_umbrella_dns_cl'"))
        let starColumns = ((try JSONSerialization.jsonObject(with: Data(star.stdout.utf8)) as? [String: Any])?["columns"] as? [[String]]) ?? []
        #expect(star.status == 0 && starColumns == [["TableName", "string"]], "\(star.stdout) \(star.stderr)")
        #expect(named.status == 0, "\(named.stderr)")
    }

    @Test func azureDiagnosticsTakesSuffixTypedColumnsAgainstTheCatalog() throws {
        // AzureDiagnostics' resource-specific columns vary per workspace and carry their type in a
        // suffix: against the catalog alone, `log_s` is a string and `clientPort_d` a real; a let
        // name is still the let's, and a name without a type suffix is still unknown.
        let hunt = """
            let port_d = 443.0;
            AzureDiagnostics
            | where Category == "kube-audit" and clientPort_d == port_d and isnotnull(requestId_g)
            | extend log = parse_json(log_s), at = eventTime_t, ok = blocked_b
            | project log, at, ok, twice = clientPort_d * 2
            """
        let dir = try folder(["hunt.kql": hunt, "bad.kql": "AzureDiagnostics | where log == 1\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        guard let ok = try quarry(["check", "hunt.kql", "--schema", "--format", "json"], in: dir),
              let bad = try quarry(["check", "bad.kql"], in: dir) else { return }
        #expect(ok.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(ok.stdout.utf8)) as? [String: Any]
        let columns = (object?["columns"] as? [[String]]) ?? []
        #expect(columns == [["log", "dynamic"], ["at", "datetime"], ["ok", "bool"], ["twice", "real"]], "\(ok.stdout) \(ok.stderr)")
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("unknown name 'log'"))
    }

    @Test func timestampOnASentinelExportSaysWhichFormTheFileIsIn() throws {
        let dir = try folder(["sentinel.csv": Self.sentinel, "hunt.kql": "DeviceEvents | where Timestamp > ago(1d)\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        guard let r = try quarry(["run", "hunt.kql", "--table", "DeviceEvents=sentinel.csv"], in: dir) else { return }
        #expect(r.status == 1)
        #expect(r.stderr.contains("column 'Timestamp' is in the Advanced Hunting form of the DeviceEvents schema, but sentinel.csv is in the Sentinel form (its time column is TimeGenerated)"))
        #expect(r.stderr.contains("use TimeGenerated"))
    }

    @Test func aHuntWhoseDataIsOlderThanItsAgoWindowSaysSo() throws {
        let dir = try folder(["export.csv": Self.advancedHunting, "hunt.kql": "DeviceEvents | where Timestamp > ago(7d) | project DeviceName\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        guard let r = try quarry(["run", "hunt.kql", "--table", "DeviceEvents=export.csv"], in: dir),
              let pinned = try quarry(["run", "hunt.kql", "--table", "DeviceEvents=export.csv", "--now", "2025-05-10T00:00:00Z", "--format", "csv"], in: dir)
        else { return }
        #expect(r.status == 0)
        #expect(r.stderr.contains("note: no rows: every DeviceEvents row has Timestamp before "))
        #expect(r.stderr.contains("(the newest is 2025-05-09T10:00:00.0000000Z)"))
        #expect(r.stderr.contains("use --now 2025-05-09T10:00:00.0000000Z"))
        // With --now the window holds the row: no note.
        #expect(pinned.stdout == "DeviceName\nhost1\n")
        #expect(!pinned.stderr.contains("note: no rows"))
    }

    @Test func anUnboundCatalogTableListsTheBoundOnesAndHowToBind() throws {
        let dir = try folder(["export.csv": Self.advancedHunting, "hunt.kql": "DeviceInfo | take 1\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        guard let r = try quarry(["run", "hunt.kql", "--table", "DeviceEvents=export.csv", "--format", "json"], in: dir) else { return }
        #expect(r.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let error = object?["error"] as? [String: Any]
        #expect(error?["code"] as? String == "KQB001")
        #expect((error?["message"] as? String)?.contains("the schema catalog knows it, but no data is bound to it") == true)
        #expect(error?["help"] as? String == "bound tables: DeviceEvents; bind this one with --table DeviceInfo=PATH, or --data DIR with a file or folder named DeviceInfo")
    }
}
