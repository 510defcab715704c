import Foundation
import Testing

/// The CLI's file binding: tables are opened only if the query uses them, folders skip pipes,
/// a pipe named with --table is read as a stream, extra columns are columns, and a bad value
/// in a column the query never reads does not fail it.
@Suite struct CLIFilesTests {
    let cli = CLIGovernanceTests()

    static func dir(_ tag: String = #function) -> String {
        let d = NSTemporaryDirectory() + "quarry-cli-files-\(tag.filter { $0.isLetter })-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    static func write(_ text: String, _ path: String) {
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }

    @Test func printDoesNotOpenTheFolder() throws {
        let d = Self.dir()
        // Broken files: reading either would fail the query.
        Self.write("Timestamp,DeviceName\n\"unterminated\n", d + "/DeviceNetworkEvents.csv")
        Self.write("{\"DeviceName\": \n", d + "/Other.json")
        guard let r = try cli.quarry(["query", "--data", d, "print 1", "--format", "csv"]) else { return }
        #expect(r.status == 0)
        #expect(r.stdout.contains("1"))
        guard let bad = try cli.quarry(["query", "--data", d, "DeviceNetworkEvents | count"]) else { return }
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("DeviceNetworkEvents.csv:2"))
    }

    @Test func fifoInFolderIsSkippedAndFifoTableIsAStream() throws {
        let d = Self.dir()
        Self.write("a\n1\n2\n", d + "/T.csv")
        #expect(mkfifo(d + "/pipe.csv", 0o600) == 0)
        guard let r = try cli.quarry(["query", "--data", d, "T | count", "--format", "csv"]) else { return }
        #expect(r.status == 0)
        #expect(r.stdout.contains("2"))
        #expect(r.stderr.contains("skipped FIFO"))
        let fifo = d + "/pipe.csv"
        let writer = Thread {
            if let h = FileHandle(forWritingAtPath: fifo) { h.write(Data("x\n5\n6\n7\n".utf8)); try? h.close() }
        }
        writer.start()
        guard let s = try cli.quarry(["query", "--table", "P=" + fifo, "P | summarize sum(x)", "--format", "csv"]) else { return }
        #expect(s.status == 0)
        #expect(s.stdout.contains("18"))
    }

    @Test func extraColumnsAreColumnsAndSkipNothing() throws {
        let d = Self.dir()
        let rows = (0..<3).map { "{\"Timestamp\":\"2024-01-01T00:00:0\($0)Z\",\"DeviceName\":\"h\($0)\",\"NewColumn\":\($0)}" }
        Self.write(rows.joined(separator: "\n") + "\n", d + "/DeviceEvents.json")
        for skip in [false, true] {
            guard let r = try cli.quarry(["query", "--data", d, "DeviceEvents | summarize sum(NewColumn)", "--format", "csv"] + (skip ? ["--skip-bad-rows"] : [])) else { return }
            #expect(r.status == 0)
            #expect(r.stdout.contains("3"))
            #expect(!r.stderr.contains("skipped"))
            #expect(r.stderr.components(separatedBy: "NewColumn:long").count == 2)   // noted once
        }
    }

    @Test func unreadBadColumnDoesNotFailTheQuery() throws {
        let d = Self.dir()
        Self.write("{\"Foo\": \"\", \"ReportId\": \"abc-1\"}\n", d + "/e.json")
        guard let r = try cli.quarry(["query", "--table", "DeviceEvents=" + d + "/e.json", "DeviceEvents | project Foo | count", "--format", "csv"]) else { return }
        #expect(r.status == 0)
        guard let bad = try cli.quarry(["query", "--table", "DeviceEvents=" + d + "/e.json", "DeviceEvents | project ReportId"]) else { return }
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("e.json:1:25"))
        #expect(bad.stderr.contains("ReportId"))
        let real = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/real/otrf-security-datasets/Microsoft365DefenderEvents.json").path
        guard FileManager.default.fileExists(atPath: real) else { return }
        guard let otrf = try cli.quarry(["query", "--table", "DeviceEvents=" + real, "DeviceEvents | where ActionType == 'LdapSearch' | count", "--format", "csv"]) else { return }
        #expect(otrf.status == 0)
        #expect(otrf.stdout.contains("5"))
    }
}
