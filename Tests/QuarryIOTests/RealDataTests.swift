import Foundation
import Testing
import KQLColumns
@testable import QuarryIO

/// The real public exports in ../shared/data/real (see SOURCES.md there); skipped when absent.
@Suite struct RealDataTests {
    static let csvPath = TestPaths.realData + "/dafneb-defender_hunting/advanced_hunting_test.csv"
    static let otrfPath = TestPaths.realData + "/otrf-security-datasets/Microsoft365DefenderEvents.json"

    @Test(.enabled(if: FileManager.default.fileExists(atPath: csvPath), "real data folder ../shared/data/real not found"))
    func defenderPortalExport() throws {
        let (t, r) = try TableReader.read(path: Self.csvPath, tableName: nil, options: ReadOptions())
        #expect(t.rowCount == 26)
        #expect(t.schema.fields.count == 72)
        #expect(r.skippedRows.isEmpty)
        #expect(t.type("Timestamp") == .datetime)
        let actions = t.column("ActionType")
        #expect(actions.filter { $0 == .string("InboundConnectionAccepted") }.count == 1)
        #expect(Set(actions).count == 26)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: csvPath), "real data folder ../shared/data/real not found"))
    func defenderPortalExportAsDeviceNetworkEvents() throws {
        let (t, r) = try TableReader.read(path: Self.csvPath, tableName: "DeviceNetworkEvents", options: ReadOptions())
        #expect(r.forms["DeviceNetworkEvents"] == .advancedHunting)
        let header = try String(contentsOfFile: Self.csvPath, encoding: .utf8).split(separator: "\n")[0]
        #expect(t.schema.names == header.split(separator: ",").map(String.init))
        #expect(t.type("RemotePort") == .int)
        #expect(t.type("LocalPort") == .int)
        #expect(t.type("InitiatingProcessId") == .long)
        #expect(t.type("AdditionalFields") == .string)
        let actions = t.column("ActionType")
        let i = try #require(actions.firstIndex(of: .string("InboundConnectionAccepted")))
        #expect(t.column("RemoteIP")[i] == .string("192.168.1.12"))
        #expect(t.column("RemotePort")[i] == .int(52694))
        #expect(t.column("LocalIP")[i] == .string("192.168.1.74"))
        #expect(t.column("LocalPort")[i] == .int(8080))
        #expect(t.column("InitiatingProcessFileName")[i] == .string("httpd.exe"))
        #expect(t.column("Timestamp")[i] == .datetime(DateTime.parseISO("2023-10-12T10:17:47.0771784Z")!))
        // AdditionalFields stays the JSON text of the export, and it is valid JSON.
        for case .string(let s) in t.column("AdditionalFields") where !s.isEmpty {
            #expect((try? JSON.parse(s)) != nil, "\(s)")
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: otrfPath), "real data folder ../shared/data/real not found"))
    func otrfUnionExport() throws {
        let (t, r) = try TableReader.read(path: Self.otrfPath, tableName: nil, options: ReadOptions())
        #expect(t.rowCount == 9)
        #expect(r.skippedRows.isEmpty)
        #expect(t.type("Timestamp") == .datetime)
        #expect(t.type("ReportId_long") == .long)
        // Always null in this file: a column without values is inferred as string.
        #expect(t.type("AdditionalFields_dynamic") == .string)
        #expect(t.type("ReportId") == .string)
        #expect(t.type("AdditionalFields") == .dynamic)
        #expect(t.column("ActionType").filter { $0 == .string("LdapSearch") }.count == 5)
        #expect(t.schema.names.contains("AdditionalFields_string"))
    }
}
