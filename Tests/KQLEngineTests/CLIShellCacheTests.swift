import Foundation
import Testing

/// `quarry shell` keeps its tables across queries (issue 13: "every query re-reads the files"):
/// the second query over an unchanged file is served from memory, a file changed on disk is
/// read again, and `--keep-rows 0` keeps no rows. What a query read is what `.timing` prints
/// ("read from files: T" / "from memory: T").
@Suite struct CLIShellCacheTests {
    /// A shell whose standard input stays open, so the test can change files between queries.
    final class LiveShell: @unchecked Sendable {
        let process = Process()
        let input = Pipe(), output = Pipe(), errors = Pipe()
        private let lock = NSLock()
        private var out = Data(), err = Data()

        init?(_ args: [String]) throws {
            guard let binary = CLIAcceptanceTests.binary else {
                print("skipping: the quarry binary is not built next to the tests")
                return nil
            }
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["shell", "--no-history"] + args
            process.standardInput = input
            process.standardOutput = output
            process.standardError = errors
            output.fileHandleForReading.readabilityHandler = { [weak self] h in
                let d = h.availableData
                self?.lock.withLock { self?.out.append(d) }
            }
            errors.fileHandleForReading.readabilityHandler = { [weak self] h in
                let d = h.availableData
                self?.lock.withLock { self?.err.append(d) }
            }
            try process.run()
        }

        var stdout: String { lock.withLock { String(decoding: out, as: UTF8.self) } }
        var stderr: String { lock.withLock { String(decoding: err, as: UTF8.self) } }

        func send(_ text: String) { input.fileHandleForWriting.write(Data(text.utf8)) }

        /// Waits until standard error holds `count` lines starting with "time:".
        func waitForTimings(_ count: Int, timeout: Double = 30) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if timings.count >= count { return true }
                Thread.sleep(forTimeInterval: 0.05)
            }
            return false
        }

        var timings: [String] { stderr.split(separator: "\n").filter { $0.hasPrefix("time:") }.map(String.init) }

        func finish() -> Int32 {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            // What the handlers have not delivered yet is still in the pipes.
            output.fileHandleForReading.readabilityHandler = nil
            errors.fileHandleForReading.readabilityHandler = nil
            let o = output.fileHandleForReading.readDataToEndOfFile(), e = errors.fileHandleForReading.readDataToEndOfFile()
            lock.withLock { out.append(o); err.append(e) }
            return process.terminationStatus
        }
    }

    static func csv(rows: Int) -> String {
        var s = "Timestamp,DeviceName,ActionType,RemotePort\n"
        for i in 0..<rows { s += "2025-05-01T00:\(10 + i % 50):00Z,device-\(i),ConnectionSuccess,\(i)\n" }
        return s
    }

    @Test func secondQueryIsServedFromMemoryAndAChangedFileIsReadAgain() throws {
        let d = CLIFilesTests.dir()
        let path = d + "/DeviceNetworkEvents.csv"
        CLIFilesTests.write(Self.csv(rows: 500), path)
        guard let shell = try LiveShell(["--data", d, "--format", "csv"]) else { return }
        shell.send(".timing on\nDeviceNetworkEvents | count;\nDeviceNetworkEvents | where RemotePort >= 0 | count;\n")
        #expect(shell.waitForTimings(2), "\(shell.stderr)")
        // One more row: the size (and modification time) change.
        CLIFilesTests.write(Self.csv(rows: 501), path)
        shell.send("DeviceNetworkEvents | count;\nDeviceNetworkEvents | summarize max(RemotePort);\n")
        #expect(shell.waitForTimings(4), "\(shell.stderr)")
        let status = shell.finish()
        #expect(status == 0, "\(shell.stderr)")
        let t = shell.timings
        guard t.count == 4 else { Issue.record("timings: \(t)"); return }
        #expect(t[0].contains("read from files: DeviceNetworkEvents") && !t[0].contains("from memory"), "\(t[0])")
        #expect(t[1].contains("from memory: DeviceNetworkEvents") && !t[1].contains("read from files"), "\(t[1])")
        #expect(t[2].contains("read from files: DeviceNetworkEvents") && !t[2].contains("from memory"), "\(t[2])")
        #expect(t[3].contains("from memory: DeviceNetworkEvents") && !t[3].contains("read from files"), "\(t[3])")
        // The answers: 500 rows, 500, then the changed file's 501 and its largest port.
        let lines = shell.stdout.split(separator: "\n").map(String.init)
        #expect(lines == ["timing is on", "Count", "500", "Count", "500", "Count", "501", "max_RemotePort", "500"], "\(lines)")
    }

    @Test func keepRowsZeroReadsTheFilesEachTime() throws {
        let d = CLIFilesTests.dir()
        CLIFilesTests.write(Self.csv(rows: 50), d + "/DeviceNetworkEvents.csv")
        guard let shell = try LiveShell(["--data", d, "--format", "csv", "--keep-rows", "0"]) else { return }
        shell.send(".timing on\nDeviceNetworkEvents | count;\nDeviceNetworkEvents | count;\n")
        let status = shell.finish()
        #expect(status == 0, "\(shell.stderr)")
        let t = shell.timings
        #expect(t.count == 2 && t.allSatisfy { $0.contains("read from files: DeviceNetworkEvents") && !$0.contains("from memory") }, "\(t)")
    }

    @Test func aRemovedFileIsAnErrorAndTheShellGoesOn() throws {
        let d = CLIFilesTests.dir()
        let path = d + "/t.csv"
        CLIFilesTests.write("Name,N\na,1\nb,2\n", path)
        guard let shell = try LiveShell(["--table", "T=" + path, "--format", "csv"]) else { return }
        shell.send(".timing on\nT | count;\n")
        #expect(shell.waitForTimings(1), "\(shell.stderr)")
        // A table no catalog types is read whole when opened, to infer its column types: the
        // first query counts that read; a second is served from memory.
        shell.send("T | count;\n")
        #expect(shell.waitForTimings(2), "\(shell.stderr)")
        let t = shell.timings
        #expect(t.count == 2 && t[0].contains("read from files: T") && !t[0].contains("from memory"), "\(t)")
        #expect(t.count == 2 && t[1].contains("from memory: T") && !t[1].contains("read from files"), "\(t)")
        try FileManager.default.removeItem(atPath: path)
        shell.send("T | count;\nprint x = 1;\n")
        let status = shell.finish()
        #expect(status == 1, "\(shell.stderr)")   // piped input: a failed query makes the status 1
        #expect(shell.stderr.contains("t.csv"), "\(shell.stderr)")
        #expect(shell.stdout.split(separator: "\n").map(String.init) == ["timing is on", "Count", "2", "Count", "2", "x", "1"], "\(shell.stdout)")
    }
}
