import Foundation
import Testing

/// The CLI's GeoIP database for geo_info_from_ip_address: `--geoip PATH`, `QUARRY_GEOIP`, a
/// file that is not a MaxMind database, and the warning without one.
@Suite struct CLIGeoIPTests {
    let cli = CLIGovernanceTests()
    static let fixture = MaxMindDBTests.dir.appendingPathComponent("geoip-city-24.mmdb").path
    static let query = "print g = geo_info_from_ip_address('20.53.203.50')"

    @Test func theFlagGivesTheDatabase() throws {
        guard let r = try cli.quarry(["query", "--geoip", Self.fixture, Self.query, "--format", "json"]) else { return }
        #expect(r.status == 0 && r.stdout.contains("\"city\":\"Sydney\"") && !r.stderr.contains("warning"))
    }

    @Test func withoutOneAWarningSaysHow() throws {
        guard let r = try cli.quarry(["query", Self.query, "--format", "json"]) else { return }
        #expect(r.status == 0 && r.stderr.contains("warning:") && r.stderr.contains("--geoip") && r.stderr.contains("QUARRY_GEOIP"))
    }

    @Test func aFileThatIsNoDatabaseIsAnError() throws {
        let d = CLIFilesTests.dir()
        CLIFilesTests.write("not a database\n", d + "/x.mmdb")
        guard let r = try cli.quarry(["query", "--geoip", d + "/x.mmdb", Self.query]) else { return }
        #expect(r.status != 0 && r.stderr.contains("--geoip") && r.stderr.contains("MaxMind"))
        // Not opened at all when the query does not call the function.
        guard let q = try cli.quarry(["query", "--geoip", d + "/x.mmdb", "print 1"]) else { return }
        #expect(q.status == 0)
    }

    @Test func theEnvironmentVariableGivesTheDatabase() throws {
        guard let binary = CLIAcceptanceTests.binary else { return }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["query", Self.query, "--format", "json"]
        var env = ProcessInfo.processInfo.environment
        env["QUARRY_GEOIP"] = Self.fixture
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = Pipe()
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0 && String(decoding: o, as: UTF8.self).contains("\"city\":\"Sydney\""))
    }
}
