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
        #expect(bad.status == 2)   // a data error
        #expect(bad.stderr.contains("DeviceNetworkEvents.csv:2"))
    }

    /// A real Defender export folder as an analyst has it: licence and readme beside the data,
    /// a second browser download of the same table. Documents are skipped with one note, the copy
    /// joins its table, and a Streaming API file is not probed for a query that cannot use it.
    @Test func exportFolderBindsAsAnAnalystExpects() throws {
        let d = Self.dir()
        let csv = "Timestamp,DeviceName,RemotePort\n2024-01-01T00:00:00Z,h1,443\n2024-01-01T00:00:01Z,h2,80\n"
        Self.write(csv, d + "/DeviceNetworkEvents.csv")
        Self.write(csv, d + "/DeviceNetworkEvents (1).csv")
        Self.write("GNU GENERAL PUBLIC LICENSE\n  Version 3, 29 June 2007\n", d + "/LICENSE.GPL-3.0.txt")
        Self.write("Export of 2024-01-01, see notes\n", d + "/README.txt")
        // Unterminated JSON: probing (or reading) it would fail the query.
        Self.write("{\"category\": \n", d + "/stream-export.json")
        guard let r = try cli.quarry(["query", "--data", d, "DeviceNetworkEvents | summarize count(), sum(RemotePort)", "--format", "csv"]) else { return }
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("4,1046"))
        #expect(r.stderr.components(separatedBy: "not telemetry").count == 2)
        #expect(r.stderr.contains("LICENSE.GPL-3.0.txt, README.txt"))
        guard let p = try cli.quarry(["query", "--data", d, "print 1", "--format", "csv"]) else { return }
        #expect(p.status == 0, "\(p.stderr)")
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
        #expect(bad.status == 2)   // a data error
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
