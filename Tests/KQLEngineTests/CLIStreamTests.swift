import Foundation
import Testing

/// The CLI scans files as streams: `take` stops the reading, so a file whose tail is broken
/// still answers `take 10`, while a query that needs every row reports the broken row with its
/// file, line and column. JSON Lines the same; results equal the whole-file read's.
@Suite struct CLIStreamTests {
    let cli = CLIGovernanceTests()

    static func csv(rows: Int) -> String {
        var s = "Timestamp,DeviceName,ActionType,RemotePort\n"
        for i in 0..<rows {
            s += "2025-05-01T00:\(10 + i % 50):00Z,\"device-\(i)\nsecond line\",ConnectionSuccess,\(i % 65536)\n"
        }
        return s
    }

    @Test func takeReadsOnlyTheStartOfACSV() throws {
        let d = CLIFilesTests.dir()
        let rows = 60_000   // ~4 MB: many rounds
        CLIFilesTests.write(Self.csv(rows: rows) + "2025-05-01T00:00:00Z,\"broken,X,1\n", d + "/T.csv")
        // A catalogued table: its types are known without reading the rows. (A table the catalog
        // does not type is read once whole for exact inferred types before any scan.)
        let bind = "DeviceNetworkEvents=" + d + "/T.csv"
        guard let r = try cli.quarry(["query", "--table", bind, "DeviceNetworkEvents | take 10 | project RemotePort", "--format", "csv"]) else { return }
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == 11)
        guard let all = try cli.quarry(["query", "--table", bind, "DeviceNetworkEvents | count", "--format", "csv"]) else { return }
        #expect(all.status == 2)   // a data error
        #expect(all.stderr.contains("T.csv:\(2 * rows + 2):"), "\(all.stderr)")
        #expect(all.stderr.contains("unterminated quoted field"))
    }

    @Test func streamedAnswersEqualWholeReads() throws {
        let d = CLIFilesTests.dir()
        CLIFilesTests.write(Self.csv(rows: 20_000), d + "/T.csv")
        var jsonl = ""
        for i in 0..<20_000 { jsonl += "{\"DeviceName\":\"d\(i % 37)\",\"RemotePort\":\(i),\"ActionType\":\"A\(i % 3)\"}\n" }
        CLIFilesTests.write(jsonl, d + "/J.jsonl")
        guard let c = try cli.quarry(["query", "--table", "T=" + d + "/T.csv",
                                      "T | summarize n = count(), s = sum(RemotePort), m = max(Timestamp)", "--format", "csv"]) else { return }
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stdout.contains("20000,"))
        #expect(c.stdout.contains(",\((0..<20_000).reduce(0) { $0 + $1 % 65536 }),"))
        guard let j = try cli.quarry(["query", "--table", "J=" + d + "/J.jsonl",
                                      "J | where ActionType == 'A1' | summarize n = count(), s = sum(RemotePort) | extend k = 1", "--format", "csv"]) else { return }
        #expect(j.status == 0, "\(j.stderr)")
        let expected = (0..<20_000).filter { $0 % 3 == 1 }
        #expect(j.stdout.contains("\(expected.count),\(expected.reduce(0, +)),1"), "\(j.stdout)")
        // Gzip is read whole: same answer.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "gzip -c '\(d)/J.jsonl' > '\(d)/G.jsonl.gz'"]
        try p.run(); p.waitUntilExit()
        if p.terminationStatus == 0, let g = try cli.quarry(["query", "--table", "G=" + d + "/G.jsonl.gz",
                                      "G | where ActionType == 'A1' | summarize n = count(), s = sum(RemotePort) | extend k = 1", "--format", "csv"]) {
            #expect(g.stdout == j.stdout)
        }
    }
}
