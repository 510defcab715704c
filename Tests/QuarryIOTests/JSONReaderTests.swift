import Foundation
import Testing
import KQLColumns
@testable import QuarryIO

@Suite struct JSONReaderTests {
    @Test func jsonLinesKnownTable() throws {
        let text = """
        {"RemotePort":443,"Timestamp":"2025-05-02T08:01:13.4431207Z","DeviceName":"a","AdditionalFields":{"k":[1,"x"]},"ReportId":"12"}
        {"Timestamp":"2025-05-02T08:01:14Z","DeviceName":"b","LocalPort":3389,"RemotePort":null,"AdditionalFields":"{\\"raw\\":true}","Extra":5}

        """
        let (t, r) = try readText(text, name: "rows.jsonl", table: "DeviceNetworkEvents")
        #expect(t.rowCount == 2)
        // Catalog order for catalogued columns, then unknown columns in first-seen order.
        #expect(t.schema.names == ["Timestamp", "DeviceName", "RemotePort", "LocalPort", "ReportId", "AdditionalFields", "Extra"])
        #expect(t.type("RemotePort") == .int)
        #expect(t.type("ReportId") == .long)
        #expect(r.inferredColumns == ["Extra": .long])
        #expect(t.column("RemotePort") == [.int(443), .null(.int)])
        #expect(t.column("LocalPort") == [.null(.int), .int(3389)])
        #expect(t.column("ReportId") == [.long(12), .null(.long)])          // numeric string into long
        // AH AdditionalFields is a string: objects are serialized compactly, strings kept as text.
        #expect(t.column("AdditionalFields") == [.string(#"{"k":[1,"x"]}"#), .string(#"{"raw":true}"#)])
        #expect(t.column("Extra") == [.null(.long), .long(5)])
    }

    @Test func jsonLinesUnknownTableInfersTypes() throws {
        let text = """
        {"n":1,"r":1,"b":true,"t":"2024-01-01T00:00:00Z","s":"x","o":{"a":1},"m":1,"z":null,"e":""}
        {"n":2,"r":2.5,"b":false,"t":null,"s":"y","o":[1],"m":"one","z":null,"e":""}
        """
        let (t, r) = try readText(text, name: "things.json")
        #expect(t.schema.names == ["n", "r", "b", "t", "s", "o", "m", "z", "e"])
        #expect(r.inferredColumns == ["n": .long, "r": .real, "b": .bool, "t": .datetime, "s": .string, "o": .dynamic,
                                      "m": .string, "z": .string, "e": .string])
        #expect(t.column("r") == [.real(1), .real(2.5)])
        #expect(t.column("t") == [.datetime(DateTime.ticks(year: 2024, month: 1, day: 1)), .null(.datetime)])
        #expect(t.column("o") == [.dynamic(.object(PropertyBag([("a", .long(1))]))), .dynamic(.array([.long(1)]))])
        #expect(t.column("m") == [.string("1"), .string("one")])
        #expect(t.column("z") == [.string(""), .string("")])
    }

    @Test func badValueErrorHasLineAndColumn() throws {
        let text = "{\"RemotePort\":1}\n{\"DeviceName\":\"x\", \"RemotePort\":\"abc\"}\n"
        do {
            _ = try readText(text, name: "x.json", table: "DeviceNetworkEvents")
            Issue.record("expected an error")
        } catch let e as ReadError {
            #expect(e.line == 2)
            #expect(e.column == 33)
            #expect(e.message.contains("RemotePort"))
            #expect(e.message.contains("abc"))
        }
        // Objects cannot go into typed scalar columns; syntax errors point at the offending byte.
        do {
            _ = try readText("{\"Timestamp\":\"2024-01-01\"}\n{\"Timestamp\": 5}\n{", name: "y.json", table: "DeviceNetworkEvents")
            Issue.record("expected an error")
        } catch let e as ReadError {
            #expect(e.line == 2)
            #expect(e.column == 15)
        }
        do {
            _ = try readText("{\"a\":1}\n{\"a\":2,,}\n", name: "z.json", table: "T")
            Issue.record("expected an error")
        } catch let e as ReadError {
            #expect((e.line, e.column) == (2, 8))
        }
    }

    @Test func skipBadJSONRows() throws {
        let text = "{\"RemotePort\":1}\n{\"RemotePort\":\"abc\"}\n{broken\n{\"RemotePort\":3}\n"
        let path = TestPaths.write(text, name: "s.json")
        var o = ReadOptions()
        o.skipBadRows = true
        let (t, r) = try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: o)
        #expect(t.column("RemotePort") == [.int(1), .int(3)])
        #expect(r.skippedRows[path] == 2)
    }

    @Test func streamingRecordsPT1H() throws {
        let (t, r) = try TableReader.read(path: TestPaths.fixture("PT1H.json"), tableName: nil, options: ReadOptions())
        #expect(t.rowCount == 3)
        #expect(r.forms["DeviceNetworkEvents"] == .advancedHunting)
        #expect(r.inferredColumns.isEmpty)
        #expect(t.schema.names.first == "Timestamp")
        #expect(!t.schema.names.contains("time") && !t.schema.names.contains("category"))
        #expect(t.type("MachineGroup") == .string)
        #expect(t.type("InitiatingProcessUniqueId") == .string)
        #expect(t.column("RemotePort") == [.int(50122), .int(53), .int(443)])
        #expect(t.column("LocalPort") == [.int(3389), .null(.int), .null(.int)])
        #expect(t.column("RemoteUrl") == [.string(""), .string(""), .string("")])
        #expect(t.column("AdditionalFields") == [.string(""), .string(#"{"direction":"Out","query":"x.test"}"#), .string(#"{"Command":"x"}"#)])
        #expect(t.column("Timestamp")[0] == .datetime(DateTime.parseISO("2025-05-02T08:01:13.4431207Z")!))
    }

    @Test func eventHubBodiesRouteByCategory() throws {
        let path = TestPaths.fixture("eventhub-bodies.json")
        let (tables, r) = try TableReader.readDirectory(TestPaths.tempDirWith(files: [path]), options: ReadOptions())
        #expect(Set(tables.keys) == ["DeviceNetworkEvents", "DeviceProcessEvents"])
        #expect(tables["DeviceNetworkEvents"]?.rowCount == 3)
        #expect(tables["DeviceProcessEvents"]?.rowCount == 1)
        #expect(tables["DeviceProcessEvents"]?.type("ProcessId") == .long)
        #expect(r.rows == 4)
        // A single-table read of a multi-table file needs a name.
        #expect(throws: ReadError.self) { try TableReader.read(path: path, tableName: nil, options: ReadOptions()) }
        let (t, r2) = try TableReader.read(path: path, tableName: "devicenetworkevents", options: ReadOptions())
        #expect(t.rowCount == 3)
        #expect(r2.warnings.contains { $0.contains("DeviceProcessEvents") })
    }

    @Test func logAnalyticsExportLines() throws {
        let (t, r) = try TableReader.read(path: TestPaths.fixture("PT05M.json"), tableName: nil, options: ReadOptions())
        #expect(r.forms["DeviceNetworkEvents"] == .sentinel)
        #expect(t.rowCount == 2)
        #expect(t.schema.names.prefix(2) == ["TenantId", "TimeGenerated"])
        #expect(t.type("AdditionalFields") == .dynamic)
        #expect(t.type("_BilledSize") == .real)
        #expect(t.column("_BilledSize") == [.real(1234.5), .real(987)])
        #expect(t.column("AdditionalFields") == [.dynamic(.object(PropertyBag())), .dynamic(.object(PropertyBag([("direction", .string("Out"))])))])
        #expect(r.inferredColumns.isEmpty)
    }

    @Test func interleavedTablesDoNotLeakColumns() throws {
        let text = """
        {"TimeGenerated":"2025-01-01T00:00:00Z","RemotePort":1,"Type":"DeviceNetworkEvents"}
        {"TimeGenerated":"2025-01-01T00:00:01Z","RemotePort":2,"Type":"DeviceNetworkEvents"}
        {"TimeGenerated":"2025-01-01T00:00:02Z","FileName":"cmd.exe","ProcessId":7,"Type":"DeviceProcessEvents"}
        {"TimeGenerated":"2025-01-01T00:00:03Z","RemotePort":3,"Type":"DeviceNetworkEvents"}
        {"time":"x","category":"AdvancedHunting-DeviceNetworkEvents","properties":{"Timestamp":"2025-01-01T00:00:04Z","RemotePort":4}}
        {"TimeGenerated":"2025-01-01T00:00:05Z","ProcessId":8,"Type":"DeviceProcessEvents"}
        {"TimeGenerated":"2025-01-01T00:00:06Z","RemotePort":5,"Type":"DeviceNetworkEvents"}

        """
        let dir = TestPaths.tempDir()
        try text.write(toFile: dir + "/PT05M.json", atomically: true, encoding: .utf8)
        let (tables, _) = try TableReader.readDirectory(dir, options: ReadOptions())
        let net = try #require(tables["DeviceNetworkEvents"])
        let proc = try #require(tables["DeviceProcessEvents"])
        #expect(net.column("RemotePort") == [.int(1), .int(2), .int(3), .int(4), .int(5)])
        #expect(Set(net.schema.names) == ["TimeGenerated", "Timestamp", "RemotePort", "Type"])
        #expect(proc.column("ProcessId") == [.long(7), .long(8)])
        #expect(Set(proc.schema.names) == ["TimeGenerated", "FileName", "ProcessId", "Type"])
    }

    @Test func interleavedStreamingCategories() throws {
        func rec(_ cat: String, _ props: String, categoryFirst: Bool) -> String {
            categoryFirst ? #"{"category":"AdvancedHunting-\#(cat)","time":"t","properties":\#(props),"Tenant":"DefaultTenant"}"#
                : #"{"time":"t","properties":\#(props),"category":"AdvancedHunting-\#(cat)"}"#
        }
        var lines: [String] = []
        for i in 0..<10 {
            lines.append(rec("DeviceNetworkEvents", #"{"Timestamp":"2025-01-01T00:00:00Z","RemotePort":\#(i)}"#, categoryFirst: i % 3 == 0))
            if i % 4 == 1 { lines.append(rec("DeviceProcessEvents", #"{"Timestamp":"2025-01-01T00:00:00Z","ProcessId":\#(i),"FileName":"x"}"#, categoryFirst: false)) }
        }
        let dir = TestPaths.tempDir()
        try lines.joined(separator: "\r\n").write(toFile: dir + "/PT1H.json", atomically: true, encoding: .utf8)
        let (tables, r) = try TableReader.readDirectory(dir, options: ReadOptions())
        #expect(r.rows == 13)
        #expect(tables["DeviceNetworkEvents"]?.column("RemotePort") == (0..<10).map { .int(Int32($0)) })
        #expect(tables["DeviceNetworkEvents"]?.schema.names == ["Timestamp", "RemotePort"])
        #expect(tables["DeviceProcessEvents"]?.column("ProcessId") == [.long(1), .long(5), .long(9)])
        #expect(tables["DeviceProcessEvents"]?.schema.names == ["Timestamp", "FileName", "ProcessId"])
    }

    @Test func huntingAPIResponses() throws {
        // Graph runHuntingQuery (camelCase) for a catalogued table.
        let graph = """
        {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults",
         "schema":[{"name":"Timestamp","type":"DateTime"},{"name":"RemoteIP","type":"String"},{"name":"LocalPort","type":"Int32"},{"name":"Score","type":"Double"}],
         "results":[{"Timestamp":"2025-05-02T08:01:13.4431207Z","RemoteIP":"::ffff:10.1.2.3","LocalPort":3389,"Score":1},
                    {"Timestamp":"2025-05-02T08:01:14Z","RemoteIP":"10.0.0.1","LocalPort":null,"Score":0.5}]}
        """
        let (t, r) = try readText(graph, name: "DeviceNetworkEvents.json")
        #expect(t.schema.names == ["Timestamp", "RemoteIP", "LocalPort", "Score"])
        #expect(t.type("LocalPort") == .int)
        #expect(t.type("Score") == .real)
        #expect(r.inferredColumns.isEmpty)
        #expect(t.column("LocalPort") == [.int(3389), .null(.int)])
        #expect(t.column("Score") == [.real(1), .real(0.5)])
        // MDE advancedqueries/run (PascalCase) for an unknown table: .NET type names type the columns.
        let mde = #"{"Schema":[{"Name":"When","Type":"DateTime"},{"Name":"N","Type":"Int64"},{"Name":"Bag","Type":"Object"}],"Results":[{"When":"2025-01-01T00:00:00Z","N":5,"Bag":{"a":1}},{"When":null,"N":null,"Bag":null}]}"#
        let (t2, r2) = try readText(mde, name: "query-result.json")
        #expect(t2.schema.fields == [Field("When", .datetime), Field("N", .long), Field("Bag", .dynamic)])
        #expect(r2.inferredColumns.isEmpty)
        #expect(t2.column("Bag") == [.dynamic(.object(PropertyBag([("a", .long(1))]))), .dynamic(.null)])
    }

    @Test func logAnalyticsQueryAPIResponse() throws {
        let text = """
        {"tables":[{"name":"PrimaryResult","columns":[{"name":"TimeGenerated","type":"datetime"},{"name":"DeviceName","type":"string"},
          {"name":"RemotePort","type":"int"},{"name":"AdditionalFields","type":"dynamic"},{"name":"Extra","type":"long"}],
          "rows":[["2025-05-02T08:01:13.4431207Z","ws01",50122,{"direction":"In"},7],
                  ["2025-05-02T08:01:14Z","ws02",null,"{\\"x\\":1}",null]]}]}
        """
        let (t, r) = try readText(text, name: "DeviceNetworkEvents.json")
        #expect(r.forms["DeviceNetworkEvents"] == .sentinel)
        #expect(t.rowCount == 2)
        #expect(t.type("Extra") == .long)
        #expect(t.column("RemotePort") == [.int(50122), .null(.int)])
        #expect(t.column("AdditionalFields") == [.dynamic(.object(PropertyBag([("direction", .string("In"))]))),
                                                 .dynamic(.object(PropertyBag([("x", .long(1))])))])
        // A row with the wrong number of cells is an error (or skipped and counted).
        let bad = #"{"tables":[{"name":"P","columns":[{"name":"a","type":"long"}],"rows":[[1],[2,3],["x"],[4]]}]}"#
        #expect(throws: ReadError.self) { try readText(bad, name: "t.json") }
        let (t2, r2) = try readText(bad, name: "t.json", skip: true)
        #expect(t2.column("a") == [.long(1), .long(4)])
        #expect(r2.skippedRows.values.reduce(0, +) == 2)
    }

    @Test func topLevelArrayAndPrettyPrinted() throws {
        let text = """
        [
          {"Timestamp": "2025-01-01T00:00:00Z", "RemotePort": 1},
          {"Timestamp": "2025-01-01T00:00:01Z",
           "RemotePort": 2}
        ]
        {
          "Timestamp": "2025-01-01T00:00:02Z",
          "RemotePort": 3
        }
        """
        let (t, _) = try readText(text, name: "DeviceNetworkEvents.json")
        #expect(t.column("RemotePort") == [.int(1), .int(2), .int(3)])
    }

    @Test func duplicateKeysLastWins() throws {
        let (t, _) = try readText(#"{"RemotePort":1,"RemotePort":2}"#, name: "d.json", table: "DeviceNetworkEvents")
        #expect(t.column("RemotePort") == [.int(2)])
    }

    @Test func newColumnsAcrossBatches() throws {
        var text = ""
        for i in 0..<300 { text += i == 250 ? "{\"a\":\(i),\"late\":\"x\"}\n" : "{\"a\":\(i)}\n" }
        let path = TestPaths.write(text, name: "t.json")
        var o = ReadOptions()
        o.batchSize = 100
        let (t, _) = try TableReader.read(path: path, tableName: "T", options: o)
        #expect(t.rowCount == 300)
        #expect(t.batches.count == 3)
        let late = t.column("late")
        #expect(late[250] == .string("x"))
        #expect(late.filter { $0 == .string("") }.count == 299)
        #expect(t.column("a")[299] == .long(299))
    }
}

@Suite struct DirectoryAndCatalogTests {
    @Test func catalogForms() throws {
        let forms = SchemaCatalog.lookup(table: "DeviceNetworkEvents")
        #expect(forms.count == 2)
        let ah = try #require(forms.first { $0.kind == .advancedHunting })
        let la = try #require(forms.first { $0.kind == .sentinel })
        #expect(ah.schema.fields.first == Field("Timestamp", .datetime))
        #expect(ah.type(of: "RemotePort") == .int)
        #expect(ah.type(of: "LocalPort") == .int)
        #expect(ah.type(of: "ReportId") == .long)
        #expect(ah.type(of: "InitiatingProcessId") == .long)
        #expect(ah.type(of: "InitiatingProcessCreationTime") == .datetime)
        #expect(ah.type(of: "AdditionalFields") == .string)
        #expect(ah.type(of: "IsInitiatingProcessRemoteSession") == .bool)
        #expect(ah.type(of: "TimeGenerated") == nil)
        #expect(ah.schema.fields.count >= 44)
        #expect(la.type(of: "Timestamp") == nil)
        #expect(la.type(of: "TimeGenerated") == .datetime)
        #expect(la.type(of: "AdditionalFields") == .dynamic)
        #expect(la.type(of: "_BilledSize") == .real)
        #expect(la.type(of: "_IsBillable") == .string)
        for c in ["TenantId", "Type", "SourceSystem", "MachineGroup"] { #expect(la.type(of: c) == .string) }
        #expect(SchemaCatalog.type(of: "MachineGroup", in: ah) == .string)
        #expect(SchemaCatalog.form(table: "devicenetworkevents", columns: ["TimeGenerated", "X"])?.kind == .sentinel)
        #expect(SchemaCatalog.form(table: "DeviceNetworkEvents", columns: ["Timestamp"])?.kind == .advancedHunting)
        #expect(SchemaCatalog.form(table: "DeviceNetworkEvents", columns: ["TenantId", "Type"])?.kind == .sentinel)
        #expect(SchemaCatalog.form(table: "Nope", columns: ["Timestamp"]) == nil)
        #expect(SchemaCatalog.canonicalName("DEVICENETWORKEVENTS") == "DeviceNetworkEvents")
        #expect(SchemaCatalog.table(fromCategory: "AdvancedHunting-DeviceNetworkEvents") == "DeviceNetworkEvents")
        #expect(SchemaCatalog.table(fromPathComponent: "insights-logs-advancedhunting-devicenetworkevents") == "DeviceNetworkEvents")
        #expect(SchemaCatalog.table(fromPathComponent: "am-DeviceNetworkEvents") == "DeviceNetworkEvents")
        #expect(SchemaCatalog.table(fromPathComponent: "DeviceNetworkEvents.csv") == "DeviceNetworkEvents")
        #expect(SchemaCatalog.tableNames.contains("DeviceProcessEvents"))
    }

    @Test func readDirectoryBindsTables() throws {
        let dir = TestPaths.tempDir()
        let fm = FileManager.default
        try "Timestamp,DeviceName,RemotePort\n2025-01-01T00:00:00Z,a,1\n".write(toFile: dir + "/DeviceNetworkEvents.csv", atomically: true, encoding: .utf8)
        let hub = dir + "/insights-logs-advancedhunting-deviceprocessevents/tenantId=1/y=2025/m=05/d=02/h=08/m=00"
        try fm.createDirectory(atPath: hub, withIntermediateDirectories: true)
        try #"{"Timestamp":"2025-01-01T00:00:00Z","ProcessId":12,"FileName":"cmd.exe"}"# .write(toFile: hub + "/PT1H.json", atomically: true, encoding: .utf8)
        try fm.createDirectory(atPath: dir + "/custom", withIntermediateDirectories: true)
        try "x,y\n1,a\n2,b\n".write(toFile: dir + "/custom/part-0.csv", atomically: true, encoding: .utf8)
        try "x,y\n3,c\n".write(toFile: dir + "/custom/part-1.csv", atomically: true, encoding: .utf8)
        try fm.copyItem(atPath: TestPaths.fixture("PT05M.json"), toPath: dir + "/am-devicenetworkevents-export.json")
        let (tables, r) = try TableReader.readDirectory(dir, options: ReadOptions())
        #expect(Set(tables.keys) == ["DeviceNetworkEvents", "DeviceProcessEvents", "custom"])
        #expect(tables["DeviceProcessEvents"]?.type("ProcessId") == .long)
        #expect(tables["custom"]?.rowCount == 3)
        #expect(r.inferredColumns["custom.x"] == .long)
        // The LA rows (Type = DeviceNetworkEvents) join the CSV rows of the same table.
        #expect(tables["DeviceNetworkEvents"]?.rowCount == 3)
        #expect(r.files.count == 5)
    }
}

extension TestPaths {
    /// A temp directory holding copies of `files`.
    static func tempDirWith(files: [String], tag: String = #function) -> String {
        let d = tempDir(tag)
        for f in files { try? FileManager.default.copyItem(atPath: f, toPath: d + "/" + (f as NSString).lastPathComponent) }
        return d
    }
}
