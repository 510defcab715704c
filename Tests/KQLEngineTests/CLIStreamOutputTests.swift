import Foundation
import Testing

/// Output streams (issue 13: "the first rows appear while the query still runs where the plan
/// allows it"): over a large CSV, a `where` with no `take` writes its first rows while the
/// process is still reading the file — CSV, JSON Lines, and table and vertical output when
/// standard output is not a terminal. A table that streams keeps its blocks aligned.
@Suite struct CLIStreamOutputTests {
    struct Timed { var status: Int32; var stdout: String; var stderr: String; var firstBytesWhileRunning: Bool }

    /// Runs `quarry ARGS`, noting whether the first bytes on standard output came while the
    /// process was still running.
    func run(_ args: [String]) throws -> Timed? {
        guard let binary = CLIAcceptanceTests.binary else {
            print("skipping: the quarry binary is not built next to the tests")
            return nil
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let handle = out.fileHandleForReading
        var data = Data()
        var early: Bool? = nil
        while true {
            let chunk = handle.availableData   // blocks until bytes come, or the end
            if chunk.isEmpty { break }
            if early == nil { early = p.isRunning }
            data.append(chunk)
        }
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Timed(status: p.terminationStatus, stdout: String(decoding: data, as: UTF8.self),
                     stderr: String(decoding: e, as: UTF8.self), firstBytesWhileRunning: early ?? false)
    }

    /// ~36 MB of DeviceNetworkEvents (every column typed by the catalog, so the file is streamed,
    /// not read whole to infer types); RemotePort is the row number.
    static let bigFile: String = {
        let d = CLIFilesTests.dir("streamoutput")
        var s = "Timestamp,DeviceName,ActionType,RemotePort,RemoteUrl\n"
        s.reserveCapacity(40 << 20)
        let pad = String(repeating: "x", count: 40)
        for i in 0..<400_000 { s += "2025-05-01T00:10:00Z,device-\(i % 97),ConnectionSuccess,\(i),\(pad)\n" }
        let path = d + "/DeviceNetworkEvents.csv"
        CLIFilesTests.write(s, path)
        return path
    }()

    static let query = "DeviceNetworkEvents | where RemotePort % 1000 == 7 | project RemotePort, DeviceName"

    @Test func csvAndJSONLinesWriteTheFirstRowsWhileTheScanRuns() throws {
        for format in ["csv", "jsonl"] {
            guard let r = try run(["query", "--table", "DeviceNetworkEvents=" + Self.bigFile, Self.query, "--format", format]) else { return }
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.firstBytesWhileRunning, "\(format): the first output came only at the end")
            let lines = r.stdout.split(separator: "\n")
            #expect(lines.count == (format == "csv" ? 401 : 400), "\(format): \(lines.count) lines")
            #expect(lines.last?.contains("399007") == true)
        }
    }

    @Test func pipedTableAndVerticalOutputStreamToo() throws {
        guard let t = try run(["query", "--table", "DeviceNetworkEvents=" + Self.bigFile, Self.query]) else { return }
        #expect(t.status == 0, "\(t.stderr)")
        #expect(t.firstBytesWhileRunning, "table: the first output came only at the end")
        let lines = t.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first?.hasPrefix("RemotePort | DeviceName") == true, "\(lines.prefix(3))")
        #expect(lines.contains("(400 rows)"))
        // Every block is aligned: a data line's separator sits under its block's header's.
        var column: Int? = nil
        var rows = 0
        for l in lines where !l.isEmpty && !l.hasPrefix("(") {
            if l.hasPrefix("RemotePort") { column = l.range(of: " | ").map { l.distance(from: l.startIndex, to: $0.lowerBound) }; continue }
            if l.hasPrefix("-") { continue }
            rows += 1
            #expect(l.range(of: " | ").map { l.distance(from: l.startIndex, to: $0.lowerBound) } == column, "\(l)")
        }
        #expect(rows == 400)
        guard let v = try run(["query", "--table", "DeviceNetworkEvents=" + Self.bigFile, Self.query, "--format", "vertical"]) else { return }
        #expect(v.status == 0, "\(v.stderr)")
        #expect(v.firstBytesWhileRunning, "vertical: the first output came only at the end")
        #expect(v.stdout.contains("-[ RECORD 1 ]-") && v.stdout.contains("-[ RECORD 400 ]-") && !v.stdout.contains("-[ RECORD 401 ]-"))
        #expect(v.stdout.hasSuffix("(400 rows)\n"))
    }

    /// A sort holds every row until its input ends: the same rows, all at once (nothing to stream).
    @Test func aSortedResultIsTheSameRows() throws {
        guard let r = try run(["query", "--table", "DeviceNetworkEvents=" + Self.bigFile, Self.query + " | sort by RemotePort asc", "--format", "csv"]) else { return }
        #expect(r.status == 0, "\(r.stderr)")
        let ports = r.stdout.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").first.flatMap { Int($0) } }
        #expect(ports == (0..<400).map { $0 * 1000 + 7 })
    }
}
