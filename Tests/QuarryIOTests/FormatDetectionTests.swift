import Foundation
import Testing
import KQLColumns
@testable import QuarryIO

/// One small fixture per export format, each also gzip-compressed (Fixtures/formats), plus a
/// Streaming API / data-export storage tree (Fixtures/storage).
@Suite struct FormatDetectionTests {
    static func read(_ name: String, table: String? = nil) throws -> (Table, ReadReport) {
        try TableReader.read(path: TestPaths.fixture("formats/" + name), tableName: table, options: ReadOptions())
    }

    static func dt(_ s: String) -> Value { .datetime(DateTime.parseISO(Substring(s))!) }

    /// Reads `name` and `name.gz` and checks that both give the same table.
    static func readBoth(_ name: String, table: String? = nil) throws -> (Table, ReadReport) {
        let (a, r) = try read(name, table: table)
        let (b, _) = try read(name + ".gz", table: table)
        #expect(a.schema.fields.map(\.name) == b.schema.fields.map(\.name))
        #expect(a.schema.fields.map(\.type) == b.schema.fields.map(\.type))
        for f in a.schema.fields { #expect(a.column(f.name) == b.column(f.name), "\(name) column \(f.name)") }
        return (a, r)
    }

    @Test func jsonArrayOfRows() throws {
        let (t, _) = try Self.readBoth("array.json", table: "DeviceNetworkEvents")
        #expect(t.rowCount == 3)
        #expect(t.type("Timestamp") == .datetime)
        #expect(t.type("RemotePort") == .int)
        #expect(t.type("AdditionalFields") == .string)   // Advanced Hunting: JSON text
        #expect(t.column("ReportId") == [.long(41235), .long(41236), .long(41237)])
        #expect(t.column("Timestamp")[0] == Self.dt("2025-05-02T08:00:00.4431207Z"))
    }

    @Test func graphRunHuntingQueryResponse() throws {
        let (t, r) = try Self.readBoth("graph-hunting.json", table: "HuntResult")
        #expect(t.rowCount == 3)
        #expect(t.schema.names == ["Timestamp", "DeviceName", "RemotePort", "Score"])
        #expect(t.type("Timestamp") == .datetime)
        #expect(t.type("RemotePort") == .int)
        #expect(t.type("Score") == .real)
        #expect(t.column("Score") == [.real(0), .real(0.5), .real(1)])
        #expect(r.rows == 3)
    }

    @Test func mdeAdvancedQueriesResponse() throws {
        let (t, _) = try Self.readBoth("mde-api.json", table: "Result")
        #expect(t.rowCount == 2)
        #expect(t.type("Count") == .long)
        #expect(t.column("FileName") == [.string("cmd.exe"), .string("net.exe")])
        #expect(t.column("Timestamp")[1] == Self.dt("2025-05-02T09:00:00.5Z"))
    }

    @Test func logAnalyticsQueryResponse() throws {
        let (t, _) = try Self.readBoth("la-query.json", table: "Result")
        #expect(t.rowCount == 2)
        #expect(t.type("EventID") == .int)
        #expect(t.type("Data") == .dynamic)
        #expect(t.column("EventID") == [.int(4624), .int(4625)])
        #expect(t.column("TimeGenerated")[1] == Self.dt("2025-05-02T08:01:00.1234567Z"))
    }

    @Test func logAnalyticsPortalCSV() throws {
        let (t, _) = try Self.readBoth("la-portal.csv", table: "SecurityEvent")
        #expect(t.rowCount == 2)
        #expect(t.type("TimeGenerated") == .datetime)   // "TimeGenerated [UTC]" header
        #expect(t.type("EventID") == .int)
        #expect(t.column("TimeGenerated") == [Self.dt("2025-02-25T09:19:25.391Z"), Self.dt("2025-02-25T13:05:00Z")])
        #expect(t.column("Account") == [.string(#"CONTOSO\alice"#), .string(#"CONTOSO\bob, jr"#)])
    }

    @Test func gzipDetectedByMagicNotName() throws {
        let dir = TestPaths.tempDir()
        let path = dir + "/rows.data"   // no .gz extension
        try FileManager.default.copyItem(atPath: TestPaths.fixture("formats/mde-api.json.gz"), toPath: path)
        let (t, _) = try TableReader.read(path: path, tableName: "R", options: ReadOptions())
        #expect(t.rowCount == 2)
    }

    // MARK: - Storage folder layouts

    @Test func storageTreeBindsEveryTable() throws {
        let (tables, report) = try TableReader.readDirectory(TestPaths.fixture("storage"), options: ReadOptions())
        #expect(Set(tables.keys) == ["DeviceNetworkEvents", "DeviceProcessEvents", "SigninLogs"])
        // Rows of one table spread over hourly blobs (plain and gzip) form one table.
        #expect(tables["DeviceNetworkEvents"]?.rowCount == 12)
        #expect(tables["DeviceProcessEvents"]?.rowCount == 4)
        #expect(tables["SigninLogs"]?.rowCount == 4)
        #expect(report.files.count == 7)
        #expect(report.forms["DeviceNetworkEvents"] == .advancedHunting)
        #expect(report.forms["SigninLogs"] == .sentinel)
        let dpe = try #require(tables["DeviceProcessEvents"])
        #expect(dpe.type("ProcessId") == .long)
        #expect(dpe.column("FileName") == ["cmd.exe", "powershell.exe", "whoami.exe", "net.exe"].map { Value.string($0) })
        let sl = try #require(tables["SigninLogs"])
        #expect(sl.type("LocationDetails") == .dynamic)   // Sentinel: JSON columns are dynamic
        #expect(sl.type("TimeGenerated") == .datetime)
        #expect(sl.column("UserPrincipalName").count == 4)
    }

    @Test func oneContainerReadAsOneTable() throws {
        let path = TestPaths.fixture("storage/insights-logs-advancedhunting-devicenetworkevents")
        let (t, r) = try TableReader.read(path: path, tableName: nil, options: ReadOptions())
        #expect(t.rowCount == 12)
        #expect(r.files.count == 3)
        #expect(t.type("MachineGroup") == .string)
    }

    /// The founding hunt's input (DeviceNetworkEvents) read from the storage tree equals the same
    /// events read from one Advanced Hunting portal CSV export, row by row.
    @Test func foundingHuntInputFolderEqualsCSV() throws {
        let (tables, _) = try TableReader.readDirectory(TestPaths.fixture("storage"), options: ReadOptions())
        let folder = try #require(tables["DeviceNetworkEvents"])
        let (csv, _) = try TableReader.read(path: TestPaths.fixture("hunt/DeviceNetworkEvents.csv"), tableName: nil, options: ReadOptions())
        #expect(csv.rowCount == 12)
        #expect(folder.rowCount == csv.rowCount)
        func rows(_ t: Table) -> [[Value]] {
            let cols = csv.schema.names.map { t.column($0) }
            var out = (0..<t.rowCount).map { i in cols.map { $0[i] } }
            let ts = csv.schema.index(of: "Timestamp")!, rid = csv.schema.index(of: "ReportId")!
            out.sort { a, b in
                if case .datetime(let x) = a[ts], case .datetime(let y) = b[ts], x != y { return x < y }
                if case .long(let x) = a[rid], case .long(let y) = b[rid] { return x < y }
                return false
            }
            return out
        }
        for f in csv.schema.fields { #expect(folder.type(f.name) == f.type, "type of \(f.name)") }
        let a = rows(folder), b = rows(csv)
        for (i, (x, y)) in zip(a, b).enumerated() {
            for (j, name) in csv.schema.names.enumerated() where !Self.sameCell(x[j], y[j]) {
                Issue.record("row \(i) column \(name): folder \(x[j]) vs csv \(y[j])")
            }
        }
        // The hunt's own filter sees the same events.
        let inbound = b.filter { $0[csv.schema.index(of: "ActionType")!] == .string("InboundConnectionAccepted") }
        #expect(inbound.count == 6)
    }

    /// A missing string is empty in CSV and null in JSON; Kusto strings have no null, so both read as "".
    static func sameCell(_ a: Value, _ b: Value) -> Bool {
        if a == b { return true }
        switch (a, b) {
        case (.null(.string), .string("")), (.string(""), .null(.string)): return true
        default: return false
        }
    }
}
