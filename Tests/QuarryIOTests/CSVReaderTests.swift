import Foundation
import Testing
import KQLColumns
@testable import QuarryIO

@Suite struct CSVReaderTests {
    @Test func telemetrySampleTypedFromCatalog() throws {
        let csv = """
        Timestamp,DeviceName,ActionType,RemoteIP,RemotePort,LocalPort,AdditionalFields
        2025-05-02T08:01:13.4431207Z,ws01.contoso.local,InboundConnectionAccepted,::ffff:10.1.2.3,50122,3389,
        2025-05-02T08:02:00Z,ws01.contoso.local,DnsConnectionInspected,10.0.0.1,53,,"{""direction"":""Out"",""query"":""x.test""}"

        """
        let (t, r) = try readText(csv, table: "DeviceNetworkEvents")
        #expect(t.rowCount == 2)
        #expect(r.forms["DeviceNetworkEvents"] == .advancedHunting)
        #expect(t.schema.names == ["Timestamp", "DeviceName", "ActionType", "RemoteIP", "RemotePort", "LocalPort", "AdditionalFields"])
        #expect(t.type("Timestamp") == .datetime)
        #expect(t.type("RemotePort") == .int)
        #expect(t.type("AdditionalFields") == .string)
        #expect(r.inferredColumns.isEmpty)
        #expect(t.column("Timestamp")[0] == .datetime(DateTime.parseISO("2025-05-02T08:01:13.4431207Z")!))
        #expect(t.column("LocalPort") == [.int(3389), .null(.int)])
        #expect(t.column("AdditionalFields") == [.string(""), .string(#"{"direction":"Out","query":"x.test"}"#)])
    }
}

@Suite struct CSVEdgeCaseTests {
    func readError(_ csv: String, table: String? = "DeviceNetworkEvents", tag: String = #function) -> ReadError? {
        do { _ = try readText(csv, table: table, tag: tag); return nil } catch let e as ReadError { return e } catch { return nil }
    }

    @Test func portalExportWithBOMAndCRLF() throws {
        let (t, r) = try TableReader.read(path: TestPaths.fixture("portal-export-bom-crlf.csv"), tableName: "DeviceNetworkEvents", options: ReadOptions())
        #expect(t.rowCount == 4)
        #expect(t.schema.names.first == "Timestamp")   // BOM stripped
        #expect(r.forms["DeviceNetworkEvents"] == .advancedHunting)
        #expect(t.type("ReportId") == .long)
        #expect(t.column("InitiatingProcessCommandLine")[2] == .string("powershell.exe -File \"C:\\a, b.ps1\"\r\n-Second line"))
        #expect(t.column("AdditionalFields")[1] == .string(#"{"direction":"Out","query":"x.test"}"#))
        #expect(t.column("AdditionalFields")[2] == .string("{}"))
        #expect(t.column("RemoteIP")[3] == .string(""))
        #expect(t.column("RemotePort")[3] == .null(.int))
        #expect(t.column("LocalPort")[3] == .int(445))
        #expect(t.column("Timestamp")[2] == .datetime(DateTime.ticks(year: 2025, month: 5, day: 2, hour: 8, minute: 3, fraction: 5_000_000)))
        #expect(t.column("Timestamp")[3] == .datetime(DateTime.ticks(year: 2025, month: 5, day: 2, hour: 8, minute: 4, fraction: 1_234_560)))
    }

    @Test func quotingAndLineEnds() throws {
        let csv = "a,b,c\n\"x,1\",\"he said \"\"hi\"\"\",\"line1\nline2\"\r\n\"\",plain,\"\"\"\"\nlast,row,no-newline"
        let (t, r) = try readText(csv, table: "Generic")
        #expect(t.rowCount == 3)
        #expect(t.column("a") == [.string("x,1"), .string(""), .string("last")])
        #expect(t.column("b") == [.string("he said \"hi\""), .string("plain"), .string("row")])
        #expect(t.column("c") == [.string("line1\nline2"), .string("\""), .string("no-newline")])
        #expect(r.inferredColumns["a"] == .string)
    }

    @Test func longUnquotedFields() throws {
        // The tokenizer skips 8 bytes at a time; delimiters must be found at every offset.
        var csv = "a,b\n"
        var expected: [Value] = []
        for k in 0..<20 {
            let v = String(repeating: "v", count: k)
            csv += "\(v),\(k)\(k % 2 == 0 ? "\r\n" : "\n")"
            expected.append(.string(v))
        }
        let (t, _) = try readText(csv, table: "Generic")
        #expect(t.column("a") == expected)
        #expect(t.column("b") == (0..<20).map { .long(Int64($0)) })
    }

    @Test func blankLinesAndLoneCR() throws {
        let (t, _) = try readText("n\r\n\r\n1\r\n\n2\r3\n\n", table: "Generic")
        #expect(t.column("n") == [.long(1), .long(2), .long(3)])
    }

    @Test func emptyFieldIsNullExceptStrings() throws {
        let csv = "Timestamp,DeviceName,RemotePort,InitiatingProcessId,IsInitiatingProcessRemoteSession,AdditionalFields\n,,,,,\n\"\",\"\",\"\",\"\",\"\",\"\"\n2024-01-01T00:00:00Z,d,1,2,true,{}\n"
        let (t, _) = try readText(csv, table: "DeviceNetworkEvents")
        #expect(t.column("Timestamp").prefix(2) == [.null(.datetime), .null(.datetime)])
        #expect(t.column("DeviceName").prefix(2) == [.string(""), .string("")])
        #expect(t.column("RemotePort") == [.null(.int), .null(.int), .int(1)])
        #expect(t.column("InitiatingProcessId") == [.null(.long), .null(.long), .long(2)])
        #expect(t.column("IsInitiatingProcessRemoteSession") == [.null(.bool), .null(.bool), .bool(true)])
        #expect(t.column("AdditionalFields") == [.string(""), .string(""), .string("{}")])
    }

    @Test func datetimeFractions() throws {
        let csv = "Timestamp\n2023-10-18T14:37:28Z\n2023-10-18T14:37:28.2Z\n2023-10-18T14:37:28.551828Z\n2023-10-18T14:37:28.2012261Z\n2023-10-18T14:37:28.20122619Z\n2023-10-18 14:37:28\n2023-10-18\n"
        let (t, _) = try readText(csv, table: "DeviceNetworkEvents")
        let base = DateTime.ticks(year: 2023, month: 10, day: 18, hour: 14, minute: 37, second: 28)
        #expect(t.column("Timestamp") == [
            .datetime(base), .datetime(base + 2_000_000), .datetime(base + 5_518_280), .datetime(base + 2_012_261),
            .datetime(base + 2_012_261), .datetime(base), .datetime(DateTime.ticks(year: 2023, month: 10, day: 18)),
        ])
    }

    @Test func wrongFieldCountIsAnError() throws {
        // Line 3 has 4 fields where 3 are expected: the error points at the extra field.
        let e = try #require(readError("ActionType,RemoteIP,RemotePort\nA,1.2.3.4,80\nB,5.6.7.8,81,extra\n"))
        #expect(e.line == 3)
        #expect(e.column == 14)
        #expect(e.message.contains("too many fields"))
        // Too few: points at the end of the record.
        let e2 = try #require(readError("ActionType,RemoteIP,RemotePort\nA,1.2.3.4,80\nB,5.6.7.8\n"))
        #expect(e2.line == 3)
        #expect(e2.column == 10)
        #expect(e2.message.contains("too few fields"))
        #expect(e2.file.hasSuffix("data.csv"))
    }

    @Test func badIntIsAnErrorWithPosition() throws {
        // The quoted field on line 2 spans two physical lines, so the bad row is on line 4.
        let csv = "ActionType,InitiatingProcessCommandLine,RemotePort\nA,\"x\ny\",80\nB,z,abc\n"
        let e = try #require(readError(csv))
        #expect(e.line == 4)
        #expect(e.column == 5)
        #expect(e.message.contains("abc"))
        #expect(e.message.contains("RemotePort"))
        #expect(e.message.contains("int"))
        #expect(e.description.contains(":4:5:"))
        // Columns count characters, not bytes.
        let e2 = try #require(readError("DeviceName,RemotePort\nüüü,99999999999\n"))
        #expect(e2.line == 2)
        #expect(e2.column == 5)
        #expect(e2.message.contains("int"))
    }

    @Test func brokenQuotes() throws {
        let e = try #require(readError("ActionType,RemoteIP\nA,\"1.2.3.4\"x\n"))
        #expect(e.line == 2)
        #expect(e.column == 12)
        let e2 = try #require(readError("ActionType,RemoteIP\nA,ok\nB,\"never closed\n"))
        #expect(e2.line == 3)
        #expect(e2.column == 3)
        #expect(e2.message.contains("unterminated"))
    }

    @Test func skipBadRowsCountsPerFile() throws {
        let csv = "ActionType,RemotePort\nA,1\nB,abc\nC,2,3\nD\nE,\"4\"x\nF,5\n"
        let path = TestPaths.write(csv)
        var o = ReadOptions()
        o.skipBadRows = true
        let (t, r) = try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: o)
        #expect(t.column("ActionType") == [.string("A"), .string("F")])
        #expect(t.column("RemotePort") == [.int(1), .int(5)])
        #expect(r.skippedRows[path] == 4)
        #expect(r.rows == 2)
        // Without the option the first bad row fails the read.
        #expect(throws: ReadError.self) { try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: ReadOptions()) }
    }

    @Test func skipBadRowsAcrossBatches() throws {
        var csv = "ActionType,RemotePort\n"
        for i in 0..<1000 { csv += i % 7 == 3 ? "bad,x\n" : "ok,\(i)\n" }
        let path = TestPaths.write(csv)
        var o = ReadOptions()
        o.skipBadRows = true
        o.batchSize = 64
        let (t, r) = try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: o)
        let bad = (0..<1000).filter { $0 % 7 == 3 }.count
        #expect(t.rowCount == 1000 - bad)
        #expect(r.skippedRows[path] == bad)
        #expect(t.batches.allSatisfy { b in b.count <= 64 && b.columns.allSatisfy { c in c.count == b.count } })
        #expect(t.column("RemotePort").allSatisfy { $0 != .null(.int) })
    }

    @Test func genericCSVInfersTypes() throws {
        let csv = """
        id,ratio,when,flag,name,mixed,empty,port
        1,1.5,2024-01-01T00:00:00Z,true,a,1,,80
        2,2,2024-01-02T10:00:00.5Z,FALSE,b,x,,
        -3,1e3,2024-01-03,True,"c,d",2.5,,443

        """
        let (t, r) = try readText(csv, name: "custom.csv")
        #expect(t.rowCount == 3)
        #expect(r.inferredColumns == ["id": .long, "ratio": .real, "when": .datetime, "flag": .bool, "name": .string,
                                      "mixed": .string, "empty": .string, "port": .long])
        #expect(t.column("id") == [.long(1), .long(2), .long(-3)])
        #expect(t.column("ratio") == [.real(1.5), .real(2), .real(1000)])
        #expect(t.column("flag") == [.bool(true), .bool(false), .bool(true)])
        #expect(t.column("mixed") == [.string("1"), .string("x"), .string("2.5")])
        #expect(t.column("port") == [.long(80), .null(.long), .long(443)])
        #expect(t.column("when")[2] == .datetime(DateTime.ticks(year: 2024, month: 1, day: 3)))
    }

    @Test func sentinelCSVWithUTCHeadersAndDynamic() throws {
        let csv = """
        "TimeGenerated [UTC]",DeviceName,ActionType,RemotePort,AdditionalFields,_BilledSize,Type
        "2/25/2025, 9:19:25.391 AM",ws01,InboundConnectionAccepted,50122,"{""direction"":""In""}",1024.5,DeviceNetworkEvents
        "2/25/2025, 12:00:00.000 PM",ws01,ConnectionSuccess,443,,10,DeviceNetworkEvents

        """
        let (t, r) = try readText(csv, name: "DeviceNetworkEvents.csv")
        #expect(r.forms["DeviceNetworkEvents"] == .sentinel)
        #expect(t.schema.names.first == "TimeGenerated")
        #expect(t.type("AdditionalFields") == .dynamic)
        #expect(t.type("_BilledSize") == .real)
        #expect(t.column("TimeGenerated") == [
            .datetime(DateTime.ticks(year: 2025, month: 2, day: 25, hour: 9, minute: 19, second: 25, fraction: 3_910_000)),
            .datetime(DateTime.ticks(year: 2025, month: 2, day: 25, hour: 12)),
        ])
        #expect(t.column("AdditionalFields") == [.dynamic(.object(PropertyBag([("direction", .string("In"))]))), .dynamic(.null)])
    }

    @Test func csvKeepsHeaderOrderForCataloguedTables() throws {
        let (t, r) = try readText("RemotePort,Timestamp,Custom,ActionType\n80,2024-01-01T00:00:00Z,x,A\n", table: "DeviceNetworkEvents")
        #expect(t.schema.names == ["RemotePort", "Timestamp", "Custom", "ActionType"])
        #expect(t.schema.fields.map(\.type) == [.int, .datetime, .string, .string])
        #expect(r.inferredColumns == ["Custom": .string])
    }

    @Test func headerOnlyAndDuplicates() throws {
        let (t, r) = try readText("a,b,a\n", table: "Generic")
        #expect(t.rowCount == 0)
        #expect(t.schema.names == ["a", "b", "a1"])
        #expect(r.warnings.contains { $0.contains("duplicate") })
    }

    @Test func multipleFilesOfOneTable() throws {
        let dir = TestPaths.tempDir()
        try "ActionType,RemotePort\nA,1\nB,2\n".write(toFile: dir + "/part1.csv", atomically: true, encoding: .utf8)
        try "RemotePort,ActionType,LocalPort\n3,C,30\n".write(toFile: dir + "/part2.csv", atomically: true, encoding: .utf8)
        try "notes".write(toFile: dir + "/README.md", atomically: true, encoding: .utf8)
        let (t, r) = try TableReader.read(path: dir, tableName: "DeviceNetworkEvents", options: ReadOptions())
        #expect(r.files.count == 2)
        #expect(t.rowCount == 3)
        #expect(t.schema.names == ["ActionType", "RemotePort", "LocalPort"])   // first-seen header order
        #expect(t.column("ActionType") == [.string("A"), .string("B"), .string("C")])
        #expect(t.column("LocalPort") == [.null(.int), .null(.int), .int(30)])
        #expect(r.warnings.contains { $0.contains("README.md") })
    }
}
