import Foundation
import Testing

/// The built CLI's limits: Ctrl-C stops a running query promptly with exit 130; `--timeout`,
/// `--max-memory` and Kusto's result truncation end it with a clear error and exit 1.
@Suite struct CLIGovernanceTests {
    struct Outcome { var status: Int32; var stdout: String; var stderr: String; var seconds: Double }

    func quarry(_ args: [String], interruptAfter: Double? = nil) throws -> Outcome? {
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
        let start = Date()
        try p.run()
        if let interruptAfter {
            Thread.sleep(forTimeInterval: interruptAfter)
            p.interrupt()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Outcome(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                       stderr: String(decoding: e, as: UTF8.self), seconds: Date().timeIntervalSince(start))
    }

    static let longQuery = "range x from 1 to 100000000 step 1 | summarize count() by x % 1000"

    @Test func ctrlCStopsARunningQueryWithExit130() throws {
        guard let r = try quarry(["query", Self.longQuery], interruptAfter: 0.5) else { return }
        #expect(r.status == 130)
        #expect(r.stderr.contains("cancelled"))
        #expect(r.seconds < 4)
    }

    @Test func timeoutStopsTheQueryWithAClearError() throws {
        guard let r = try quarry(["query", Self.longQuery, "--timeout", "0.3"]) else { return }
        #expect(r.status == 1)
        #expect(r.stderr.contains("time limit of 0.3 s"))
        #expect(r.seconds < 4)
    }

    @Test func maxMemoryNamesTheOperator() throws {
        guard let r = try quarry(["query", "range x from 1 to 2000000 step 1 | sort by x | take 1", "--max-memory", "1M"]) else { return }
        #expect(r.status == 1)
        #expect(r.stderr.contains("sort needs"))
        #expect(r.stderr.contains("memory budget of 1.0 MB"))
    }

    @Test func truncationFailsLikeKustoUnlessLifted() throws {
        guard let r = try quarry(["query", "range x from 1 to 500001 step 1 | project y = x * 2", "--format", "json"]) else { return }
        #expect(r.status == 1)
        #expect(r.stdout.contains("E_QUERY_RESULT_SET_TOO_LARGE"))
        guard let ok = try quarry(["query", "set notruncation; range x from 1 to 500001 step 1 | count", "--format", "csv"]),
              let lifted = try quarry(["query", "range x from 1 to 500001 step 1 | summarize max(x)", "--no-truncation", "--format", "csv"]) else { return }
        #expect(ok.status == 0 && ok.stdout == "Count\n500001\n")
        #expect(lifted.status == 0 && lifted.stdout == "max_x\n500001\n")
        guard let all = try quarry(["query", "range x from 1 to 500001 step 1", "--no-truncation", "--format", "csv"]) else { return }
        #expect(all.status == 0 && all.stdout.split(separator: "\n").count == 500_002)
    }
}

/// `quarry functions NAME` prints one entry, and says why a name is not there.
@Suite struct CLIFunctionsTests {
    @Test func oneEntryOrAReason() throws {
        let cli = CLIGovernanceTests()
        guard let one = try cli.quarry(["functions", "indexof"]) else { return }
        #expect(one.status == 0)
        #expect(one.stdout.hasPrefix("indexof (scalar)\n"))
        #expect(one.stdout.contains("occurrence"))
        #expect(!one.stdout.contains("strlen"))
        let known = try #require(try cli.quarry(["functions", "weekofyear"]))
        #expect(known.status == 1 && known.stderr.contains("not support yet"))
        let unknown = try #require(try cli.quarry(["functions", "no_such_function"]))
        #expect(unknown.status == 1 && unknown.stderr.contains("unknown function 'no_such_function'"))
    }
}
