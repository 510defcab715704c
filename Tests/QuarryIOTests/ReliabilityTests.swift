import Foundation
import Testing
import KQLColumns
@testable import QuarryIO

/// The reliability issue: gzip bombs, wrong field counts, exact skip counts, half envelopes,
/// extra columns, pipes and /proc files, huge headers and very wide tables end in a result or a
/// clear error naming the file, never a trap.
@Suite struct ReliabilityTests {
    static func readError(_ path: String, table: String? = "T", options: ReadOptions = ReadOptions()) -> ReadError? {
        do { _ = try TableReader.read(path: path, tableName: table, options: options); return nil } catch { return error as? ReadError }
    }

    @Test func gzipBombStopsAtTheLimitNamingTheFile() throws {
        // 4 MB of CSV in a 4 KB gzip file; a 1 MB limit stops it.
        let data = try Data(contentsOf: URL(fileURLWithPath: TestPaths.fixture("gzip/bomb.gz")))
        #expect(throws: DecompressionError.self) { _ = try Gzip.decompress(data, limit: 1 << 20) }
        do { _ = try Gzip.decompress(data, limit: 1 << 20) } catch { #expect(error.tooLarge) }
        #expect(try Gzip.decompress(data, limit: 8 << 20).count == 4_000_004)
        let path = TestPaths.tempDir() + "/bomb.csv.gz"
        try FileManager.default.copyItem(atPath: TestPaths.fixture("gzip/bomb.gz"), toPath: path)
        var o = ReadOptions()
        o.maxInflatedBytes = 1 << 20
        let e = try #require(Self.readError(path, options: o))
        #expect(e.file == path)
        #expect(e.message.contains("exceeds the limit of 1048576 bytes"))
        o.maxInflatedBytes = 8 << 20
        #expect(try TableReader.read(path: path, tableName: "T", options: o).0.rowCount == 1_000_000)
    }

    @Test func oneExtraCSVFieldIsReportedAsSuch() throws {
        let header = (0..<22).map { "c\($0)" }.joined(separator: ",")
        let row = (0..<22).map { "\"v\($0)\"" }.joined(separator: ",")
        var rows = Array(repeating: row, count: 40)
        rows[30] += ",\"x\""
        let text = header + "\n" + rows.joined(separator: "\n") + "\n"
        for (workers, piece) in [(1, 1 << 40), (3, 7), (2, 300)] {
            var o = ReadOptions()
            o.workers = workers
            o.pieceBytes = piece
            let e = try #require(Self.readError(TestPaths.write(text), options: o))
            #expect(e.message == "too many fields: expected 22, found 23 (field 23 starts here)")
            #expect(e.line == 32)
            #expect(e.column == row.count + 2)
        }
    }

    @Test func skipCountIsExactInAPrettyPrintedArray() throws {
        var recs = (0..<40).map { i in "  {\n    \"Timestamp\": \"2024-01-01T00:00:\(10 + i / 2)Z\",\n    \"DeviceName\": \"h\(i)\"\n  }" }
        recs[17] = "  {\n    \"Timestamp\": \"not a time\",\n    \"DeviceName\": \"bad\"\n  }"
        let text = "[\n" + recs.joined(separator: ",\n") + "\n]\n"
        let (t, r) = try readText(text, name: "a.json", table: "DeviceNetworkEvents", skip: true)
        #expect(t.rowCount == 39)
        #expect(r.skippedRows.values.reduce(0, +) == 1)
    }

    @Test func halfAStreamingEnvelopeIsABadRecord() throws {
        let text = """
        {"category":"AdvancedHunting-DeviceEvents","properties":{"DeviceName":"a"}}
        {"categorx":"AdvancedHunting-DeviceEvents","properties":{"DeviceName":"b"}}
        {"category":"AdvancedHunting-DeviceEvents","propertiex":{"DeviceName":"c"}}

        """
        let path = TestPaths.write(text, name: "PT1H.json")
        let e = try #require(Self.readError(path, table: "DeviceEvents"))
        #expect(e.line == 2 && e.column == 1)
        #expect(e.message.contains("no \"category\""))
        var o = ReadOptions()
        o.skipBadRows = true
        let (t, r) = try TableReader.read(path: path, tableName: "DeviceEvents", options: o)
        #expect(t.column("DeviceName") == [.string("a")])
        #expect(r.skippedRows[path] == 2)
        // The same inside a Streaming API body.
        let body = "{\"records\":[{\"category\":\"AdvancedHunting-DeviceEvents\",\"properties\":{\"DeviceName\":\"a\"}},{\"category\":\"AdvancedHunting-DeviceEvents\",\"propertiez\":{\"DeviceName\":\"b\"}}]}\n"
        let (t2, r2) = try TableReader.read(path: TestPaths.write(body, name: "body.json"), tableName: "DeviceEvents", options: o)
        #expect(t2.rowCount == 1 && r2.skippedRows.values.reduce(0, +) == 1)
    }

    @Test func unreadColumnWithABadValueIsNotAnError() throws {
        let path = TestPaths.write("{\"Foo\": \"\", \"ReportId\": \"abc-1\"}\n", name: "e.json")
        let (t, _) = try TableReader.read(path: path, tableName: "DeviceEvents", options: ReadOptions(), columns: ["Foo"], predicates: [])
        #expect(t.rowCount == 1)
        let e = try #require(Self.readError(path, table: "DeviceEvents"))
        #expect(e.message.contains("ReportId") && e.line == 1)
        // The schema still types ReportId by the catalog.
        let s = try TableReader.schema(path: path, tableName: "DeviceEvents", options: ReadOptions())
        #expect(s.index(of: "ReportId").map { s.fields[$0].type } == .long)
    }

    @Test func zeroSizedFilesAreReadToTheEnd() throws {
        // Read as a one-column CSV (lines with commas are skipped): what matters is that it is not empty.
        var o = ReadOptions()
        o.skipBadRows = true
        let (t, _) = try TableReader.read(path: "/proc/self/status", tableName: "T", options: o)
        #expect(t.schema.fields.count >= 1)
        #expect(t.rowCount > 5)
    }

    @Test func fifoInAFolderIsSkippedWithAWarning() throws {
        let dir = TestPaths.tempDir()
        FileManager.default.createFile(atPath: dir + "/T.csv", contents: Data("a\n1\n".utf8))
        #expect(mkfifo(dir + "/pipe.csv", 0o600) == 0)
        let (tables, report) = try TableReader.readDirectory(dir, options: ReadOptions())
        #expect(tables["T"]?.rowCount == 1)
        #expect(report.warnings.contains { $0.contains("FIFO") && $0.contains("pipe.csv") })
        let b = try TableReader.bindDirectory(dir, options: ReadOptions())
        #expect(b.tables["T"] == [dir + "/T.csv"])
        #expect(b.warnings.contains { $0.contains("FIFO") })
    }

    @Test func headerWithoutLineEndIsBounded() throws {
        // A header longer than the bound (here 64 MiB + a bit, no newline): a clear error.
        var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: CSVReader.maxHeaderBytes + 10)
        bytes[5] = UInt8(ascii: ",")
        let path = TestPaths.tempDir() + "/long.csv"
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let e = try #require(Self.readError(path))
        #expect(e.message.contains("no line end"))
        // The schema probe reads a bounded prefix and then the same error.
        #expect(throws: ReadError.self) { _ = try TableReader.schema(path: path, tableName: "T", options: ReadOptions()) }
    }

    @Test func veryWideCSVAndJSONWork() throws {
        let n = 100_000
        let header = (0..<n).map { "c\($0)" }.joined(separator: ",")
        let row = (0..<n).map { "\($0)" }.joined(separator: ",")
        let (t, _) = try readText(header + "\n" + row + "\n" + row + "\n", name: "wide.csv")
        #expect(t.schema.fields.count == n && t.rowCount == 2)
        let obj = "{" + (0..<200_000).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + "}\n"
        let (j, _) = try readText(obj, name: "wide.json")
        #expect(j.schema.fields.count == 200_000 && j.rowCount == 1)
    }
}
