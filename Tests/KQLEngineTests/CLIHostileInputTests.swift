import Foundation
import Testing

/// A stress test of the built CLI with hostile inputs (issue 10): the reported cases and their
/// siblings, each run as its own process under an address-space limit (`ulimit -v`) and a
/// wall-clock limit. Each must end with a result (exit 0) or a clear error (exit 1, the expected
/// text on stderr) — never a signal, an exit code of 128 or more, or a run past the limit.
@Suite(.serialized) struct CLIHostileInputTests {
    /// Virtual memory each run may map (KiB for `ulimit -v`): 8 GiB, well under this machine's
    /// memory; the queries that grow are also given `--max-memory`.
    static let addressSpaceKiB = 8 * 1024 * 1024
    /// Wall-clock limit per case (debug builds are slow; a hang is minutes, not seconds).
    static let secondsPerCase = 60.0

    struct Outcome { var status: Int32; var signalled: Bool; var timedOut: Bool; var stdout: String; var stderr: String; var seconds: Double }

    static func dir() -> String {
        let d = NSTemporaryDirectory() + "quarry-hostile-\(getpid())"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// Runs `quarry ARGS` through `sh -c 'ulimit -v …; exec "$0" "$@"'`, with the query text (if
    /// any) in a file given as the last argument to `run`.
    func run(_ args: [String], stdin: Data? = nil) throws -> Outcome? {
        guard let binary = CLIAcceptanceTests.binary else {
            print("skipping: the quarry binary is not built next to the tests")
            return nil
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "ulimit -v \(Self.addressSpaceKiB) && exec \"$0\" \"$@\"", binary] + args
        let outURL = URL(fileURLWithPath: Self.dir() + "/out-\(UUID().uuidString)"), errURL = URL(fileURLWithPath: Self.dir() + "/err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outURL); try? FileManager.default.removeItem(at: errURL) }
        p.standardOutput = try FileHandle(forWritingTo: outURL)
        p.standardError = try FileHandle(forWritingTo: errURL)
        let input = Pipe()
        p.standardInput = stdin == nil ? FileHandle.nullDevice : input
        let start = Date()
        try p.run()
        if let stdin {
            input.fileHandleForWriting.write(stdin)
            try? input.fileHandleForWriting.close()
        }
        var timedOut = false
        while p.isRunning {
            if Date().timeIntervalSince(start) > Self.secondsPerCase {
                timedOut = true
                kill(p.processIdentifier, SIGKILL)
                break
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        p.waitUntilExit()
        let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? "", err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return Outcome(status: p.terminationStatus, signalled: p.terminationReason == .uncaughtSignal, timedOut: timedOut,
                       stdout: String(out.prefix(4000)), stderr: String(err.prefix(4000)), seconds: Date().timeIntervalSince(start))
    }

    /// A query case: the text, then what stdout (exit 0) or stderr (exit 1) must contain.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var query: String
        var args: [String] = []
        /// Substring of stdout when the query must answer; nil when it must fail.
        var answer: String? = nil
        /// Substring of stderr when it must fail.
        var error: String? = nil
        var testDescription: String { name }
    }

    static func repeated(_ n: Int, _ piece: String, separator: String = "") -> String {
        Array(repeating: piece, count: n).joined(separator: separator)
    }

    static let queryCases: [Case] = [
        // Recursion, direct, through a view and mutual: a positioned error (Kusto has no recursion).
        Case(name: "recursive function", query: "let f = (x:long) { f(x) }; print f(1)", error: "1:20: error"),
        Case(name: "recursive function without arguments", query: "let f = () { f() }; f()", error: "KQB012"),
        Case(name: "recursive view", query: "let f = view () { f() }; f", error: "KQB012"),
        Case(name: "mutual recursion", query: "let f = (x:long) { g(x) }; let g = (x:long) { f(x) }; print g(1)", error: "KQB012"),
        // Deep chains without parentheses: capped with a positioned error, or answered.
        Case(name: "100,000-term sum", query: "print x = 1" + repeated(99_999, "+1"), error: "KQS009"),
        Case(name: "100,000 where stages", query: "print x = 1" + repeated(100_000, " | where true"), error: "KQS009"),
        Case(name: "10,000 unions", query: "print a = 1" + repeated(10_000, " | union (print a = 2)"), error: "KQS009"),
        Case(name: "900 where stages answer", query: "print x = 1" + repeated(900, " | where x > 0"), answer: "1"),
        Case(name: "100,000 nested parentheses", query: "print x = " + repeated(100_000, "(") + "1" + repeated(100_000, ")"), error: "KQS008"),
        Case(name: "10,000 chained let functions", query: "let f0 = (x:long) { x };" + (1...10_000).map { " let f\($0) = (x:long) { f\($0 - 1)(x) + 1 };" }.joined() + " print f10000(1)",
             error: "KQB025"),
        Case(name: "exponential expansion", query: "let f0 = (x:long) { x };" + (1...40).map { " let f\($0) = (x:long) { f\($0 - 1)(x) + f\($0 - 1)(x) };" }.joined() + " print f40(1)",
             error: "KQB013"),
        // Integer edge cases: a value or null, never a trap (also when folded by `check`).
        Case(name: "min long divided by -1", query: "print x = (-9223372036854775807 - 1) / -1, y = (-9223372036854775807 - 1) % -1", answer: "x"),
        Case(name: "substring with huge length", query: "print s = substring('abc', 1, 9223372036854775807)", answer: "bc"),
        Case(name: "top with huge count", query: "range x from 1 to 3 step 1 | top 9223372036854775807 by x", answer: "3"),
        Case(name: "bin of max long", query: "print b = bin(9223372036854775807, 3)", answer: "b"),
        Case(name: "todatetime of max long", query: "print d = todatetime(9223372036854775807)", answer: "d"),
        Case(name: "timespan overflow", query: "print t = 10000000d * 10000000", answer: "t"),
        Case(name: "datetime_diff in nanoseconds", query: "print d = datetime_diff('nanosecond', datetime(9999-12-31), datetime(0001-01-01))", answer: "d"),
        Case(name: "datetime_add of huge years", query: "print d = datetime_add('year', 9223372036854775807, datetime(2025-01-01))", answer: "d"),
        Case(name: "startofmonth with huge offset", query: "print d = startofmonth(datetime(2025-01-01), 9223372036854775807)", answer: "d"),
        Case(name: "range at the end of long", query: "range x from 9223372036854775800 to 9223372036854775807 step 5 | count", args: ["--format", "csv"], answer: "Count\n2\n"),
        Case(name: "range with a huge step", query: "range x from 0 to 9223372036854775807 step 4611686018427387904 | count", args: ["--format", "csv"], answer: "Count\n2\n"),
        // Growth bounded by the memory budget: a clear error naming the operator.
        Case(name: "100k x 100k join on one key", query: "range a from 1 to 100000 step 1 | extend k = 1 | join kind=inner (range b from 1 to 100000 step 1 | extend k = 1) on k | count",
             args: ["--max-memory", "256M"], error: "join"),
        Case(name: "sort over budget", query: "range x from 1 to 3000000 step 1 | sort by x | take 1", args: ["--max-memory", "8M"], error: "memory budget"),
        Case(name: "parse_json 200,000 keys", query: "print n = array_length(bag_keys(parse_json('{" + (1...200_000).map { "\"k\($0)\": 1" }.joined(separator: ",") + "}')))",
             args: ["--format", "csv"], answer: "n\n200000\n"),
        // Timeouts end a long query with a clear error.
        Case(name: "timeout", query: "range x from 1 to 100000000 step 1 | summarize count() by x % 7", args: ["--timeout", "0.5"], error: "time limit"),
    ]

    @Test(arguments: queryCases) func hostileQuery(_ c: Case) throws {
        let file = Self.dir() + "/q-\(UUID().uuidString).kql"
        try c.query.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        for command in [["run", file], ["check", file]] {
            // `check` only binds: an answer case must bind cleanly; an error case may fail at bind time or later.
            guard let r = try run(command + (command[0] == "run" ? c.args : [])) else { return }
            #expect(!r.signalled && !r.timedOut && r.status < 128, "\(c.name) [\(command[0])]: status \(r.status), signalled \(r.signalled), timed out \(r.timedOut)\n\(r.stderr)")
            guard command[0] == "run" else { continue }
            if let answer = c.answer {
                #expect(r.status == 0 && r.stdout.contains(answer), "\(c.name): \(r.status)\n\(r.stdout)\n\(r.stderr)")
            } else if let error = c.error {
                #expect(r.status == 1 && r.stderr.contains(error), "\(c.name): \(r.status)\n\(r.stderr)")
            }
        }
    }

    @Test func controlAndInvalidBytesInQueries() throws {
        guard let nul = try run(["query"], stdin: Data("print x = 1\u{0}".utf8)) else { return }
        #expect(nul.status == 1 && nul.stderr.contains("'\\0'"), "\(nul.stderr)")
        guard let bad = try run(["query"], stdin: Data([0x70, 0x72, 0x69, 0x6E, 0x74, 0x20, 0x27, 0xFF, 0xFE, 0x27])) else { return }
        #expect(bad.status == 1 && bad.stderr.contains("KQS010") && bad.stderr.contains("1:8"), "\(bad.stderr)")
    }

    @Test func jsonErrorsPrintTheCodesRawValue() throws {
        guard let r = try run(["query", "print x = 'a' < 1", "--format", "json"]) else { return }
        #expect(r.status == 1 && r.stdout.contains("\"code\":\"KQB016\""), "\(r.stdout)\n\(r.stderr)")
    }

    @Test func hostileFiles() throws {
        let d = Self.dir()
        // A CSV with 100,000 columns: read or refused clearly, never an abort.
        let wide = d + "/wide.csv"
        let header = (1...100_000).map { "c\($0)" }.joined(separator: ","), row = Self.repeated(100_000, "1", separator: ",")
        try (header + "\n" + row + "\n").write(toFile: wide, atomically: true, encoding: .utf8)
        guard let w = try run(["query", "T | project c99999", "--table", "T=\(wide)", "--format", "csv", "--max-memory", "512M"]) else { return }
        #expect(!w.signalled && w.status < 128)
        #expect(w.status == 0 && w.stdout == "c99999\n1\n", "\(w.stdout.prefix(200)) \(w.stderr)")
        // A JSON object with 200,000 keys.
        let keys = d + "/keys.json"
        try ("{" + (1...200_000).map { "\"k\($0)\": 1" }.joined(separator: ",") + "}\n").write(toFile: keys, atomically: true, encoding: .utf8)
        guard let k = try run(["query", "T | count", "--table", "T=\(keys)", "--format", "csv", "--max-memory", "512M"]) else { return }
        #expect(!k.signalled && k.status < 128, "\(k.stderr)")
        #expect(k.status == 0 ? k.stdout == "Count\n1\n" : k.stderr.contains("keys.json"), "\(k.stdout) \(k.stderr)")
        // A gzip bomb: 256 MiB of zeros squeezed to ~256 KB, with a 64 MB budget: a clear error naming the file.
        let bomb = d + "/bomb.csv.gz"
        let gz = Process()
        gz.executableURL = URL(fileURLWithPath: "/bin/sh")
        gz.arguments = ["-c", "(printf 'a\\n'; head -c 268435456 /dev/zero) | gzip -c > '\(bomb)'"]
        try gz.run(); gz.waitUntilExit()
        if gz.terminationStatus != 0 {
            print("skipping the gzip bomb case: gzip is not available")
        } else if let b = try run(["query", "T | count", "--table", "T=\(bomb)", "--max-memory", "64M"]) {
            #expect(!b.signalled && b.status == 2, "\(b.status) \(b.stderr)")
            #expect(b.stderr.contains("bomb.csv.gz"), "\(b.stderr)")
        }
        // A damaged CSV row with one field too many: positioned, and says "too many".
        let extra = d + "/extra.csv"
        try "a,b\n1,2\n3,4,5\n".write(toFile: extra, atomically: true, encoding: .utf8)
        guard let e = try run(["query", "T", "--table", "T=\(extra)"]) else { return }
        #expect(e.status == 2 && e.stderr.contains("extra.csv") && e.stderr.contains(":3"), "\(e.stderr)")
        try? FileManager.default.removeItem(atPath: d)
    }
}
