import Foundation
import Testing
@testable import QuarryIO

/// Export folders bind as an analyst expects: copies and date-stamped files join their table,
/// documentation and licences are skipped with one note, and entries are probed only on demand.
@Suite struct ExportNameTests {
    @Test func copiesAndStampsBindToTheirTable() {
        for name in ["DeviceNetworkEvents.csv", "DeviceNetworkEvents (1).csv", "DeviceNetworkEvents(12).csv",
                     "DeviceNetworkEvents-2.csv", "DeviceNetworkEvents_3.json", "DeviceNetworkEvents_2024-06-01.csv",
                     "DeviceNetworkEvents-20240601T1000.csv.gz", "devicenetworkevents 2024-06-01 10_00_00.jsonl",
                     "DeviceNetworkEvents_2024-06-01 (2).csv", "insights-logs-advancedhunting-devicenetworkevents-7"] {
            #expect(SchemaCatalog.table(fromPathComponent: name) == "DeviceNetworkEvents", "\(name)")
        }
        // Not a catalogued table: only the browser suffix goes.
        #expect(SchemaCatalog.table(fromPathComponent: "Top-10.csv") == nil)
        #expect(ExportName.stem("Top-10 (1).csv") == "Top-10")
        #expect(ExportName.stem("iocs (3).txt") == "iocs")
        #expect(ExportName.stem("(1).csv") == "(1)")
        // A name that only looks like a stamp is not stripped to nothing.
        #expect(SchemaCatalog.table(fromPathComponent: "DeviceNetworkEventsX-2.csv") == nil)
    }

    @Test func documentsAreNotTelemetry() {
        for name in ["LICENSE.GPL-3.0.txt", "LICENSE", "README.md", "README.txt", "notes.pdf", "COPYING", "export.zip"] {
            #expect(ExportName.isNotTelemetry(name), "\(name)")
        }
        for name in ["DeviceEvents.csv", "iocs.csv", "data.json", "DeviceEvents.txt", "Other.jsonl.gz"] {
            #expect(!ExportName.isNotTelemetry(name), "\(name)")
        }
    }

    @Test func folderSkipsDocumentsWithOneNoteAndMergesCopies() throws {
        let dir = TestPaths.tempDir()
        let csv = "Timestamp,DeviceName\n2024-01-01T00:00:00Z,h1\n"
        for f in ["DeviceNetworkEvents.csv", "DeviceNetworkEvents (1).csv", "DeviceNetworkEvents_2024-06-01.csv"] {
            FileManager.default.createFile(atPath: dir + "/" + f, contents: Data(csv.utf8))
        }
        FileManager.default.createFile(atPath: dir + "/LICENSE.GPL-3.0.txt", contents: Data("GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007\n".utf8))
        FileManager.default.createFile(atPath: dir + "/README.txt", contents: Data("hello, world\n".utf8))
        FileManager.default.createFile(atPath: dir + "/hunt (1).csv", contents: Data("a\n1\n".utf8))
        let b = try TableReader.bindDirectory(dir, options: ReadOptions())
        #expect(b.tables["DeviceNetworkEvents"]?.count == 3)
        #expect(b.tables["hunt"]?.count == 1)
        #expect(b.tables.count == 2)
        #expect(b.warnings.count == 1)
        #expect(b.warnings.first?.contains("LICENSE.GPL-3.0.txt, README.txt") == true)
        let (tables, report) = try TableReader.readDirectory(dir, options: ReadOptions())
        #expect(tables["DeviceNetworkEvents"]?.rowCount == 3)
        #expect(tables.count == 2)
        #expect(report.warnings.filter { $0.contains("not telemetry") }.count == 1)
    }

    @Test func entriesAreProbedOnlyWhenAsked() throws {
        let dir = TestPaths.tempDir()
        // A Streaming API export routes records to tables by `category`: only a probe can tell.
        let line = "{\"category\":\"AdvancedHunting-DeviceEvents\",\"properties\":{\"Timestamp\":\"2024-01-01T00:00:00Z\",\"DeviceName\":\"h\"}}\n"
        FileManager.default.createFile(atPath: dir + "/export.json", contents: Data(line.utf8))
        var asked: [String] = []
        let lazy = try TableReader.bindDirectory(dir, options: ReadOptions(), probe: { hint, _ in asked.append(hint); return false })
        #expect(asked == ["export"])
        #expect(lazy.tables["export"] == [dir + "/export.json"])
        #expect(lazy.routed.isEmpty)
        let probed = try TableReader.bindDirectory(dir, options: ReadOptions())
        #expect(probed.routed == ["export.json"])
    }
}
