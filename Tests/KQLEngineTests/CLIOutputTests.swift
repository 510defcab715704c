import Foundation
import Testing

/// The built CLI's output and exit behaviour (issue 13 §2, §4, §5): exit statuses, `--fail-on-rows`,
/// `--version`, `functions NAME`, the hunt file's `@param` header, the vertical and Markdown formats,
/// fitting to a width, the row limit, `-q`, and the terminal (width, pager) through a pty.
@Suite struct CLIOutputTests {
    let cli = CLIGovernanceTests()

    func temp(_ name: String, _ text: String) -> String {
        let dir = NSTemporaryDirectory() + "quarry-output-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    // MARK: exit statuses

    @Test func exitStatuses() throws {
        guard let ok = try cli.quarry(["query", "print 1"]) else { return }
        #expect(ok.status == 0)
        let query = try #require(try cli.quarry(["query", "print nosuchname"]))
        #expect(query.status == 1, "\(query.stderr)")
        let bad = temp("T.csv", "a,b\n1,2\n3\n")
        let data = try #require(try cli.quarry(["query", "T | count", "--table", "T=\(bad)"]))
        #expect(data.status == 2, "\(data.stderr)")
        let missing = try #require(try cli.quarry(["query", "T | count", "--table", "T=/nonexistent/quarry/T.csv"]))
        #expect(missing.status == 2, "\(missing.stderr)")
        let usage = try #require(try cli.quarry(["query", "print 1", "--no-such-option"]))
        #expect(usage.status == 64)
    }

    @Test func optionErrorsShowTheSubcommandsUsage() throws {
        guard let r = try cli.quarry(["query", "print 1", "--format", "bogus"]) else { return }
        #expect(r.status == 64)
        #expect(r.stderr.contains("unknown --format 'bogus'"), "\(r.stderr)")
        #expect(r.stderr.contains("Usage: quarry query"), "\(r.stderr)")
        let w = try #require(try cli.quarry(["run", "-", "--max-width", "-3"]))
        #expect(w.status == 64)
        #expect(w.stderr.contains("Usage: quarry run"), "\(w.stderr)")
        let n = try #require(try cli.quarry(["run", "-", "--now", "yesterday"]))
        #expect(n.status == 64)
        #expect(n.stderr.contains("--now") && n.stderr.contains("Usage: quarry run"), "\(n.stderr)")
    }

    @Test func failOnRowsExits3WhenTheResultHasRows() throws {
        guard let rows = try cli.quarry(["query", "print 1", "--fail-on-rows", "--format", "csv"]) else { return }
        #expect(rows.status == 3)
        #expect(rows.stdout.contains("1"))
        let none = try #require(try cli.quarry(["query", "range x from 1 to 0 step 1", "--fail-on-rows"]))
        #expect(none.status == 0, "\(none.stderr)")
        let json = try #require(try cli.quarry(["query", "range x from 1 to 3 step 1", "--fail-on-rows", "--format", "json"]))
        #expect(json.status == 3)
    }

    @Test func versionAndOneFunction() throws {
        guard let v = try cli.quarry(["--version"]) else { return }
        #expect(v.status == 0)
        #expect(v.stdout.trimmingCharacters(in: .whitespacesAndNewlines).range(of: #"^\d+\.\d+\.\d+"#, options: .regularExpression) != nil, "\(v.stdout)")
        let f = try #require(try cli.quarry(["functions", "tolower"]))
        #expect(f.status == 0)
        #expect(f.stdout.hasPrefix("tolower ("), "\(f.stdout)")
        #expect(f.stdout.contains("tolower("))
        #expect(!f.stdout.contains("toupper"))
        let u = try #require(try cli.quarry(["functions", "nosuchfunction"]))
        #expect(u.status == 1)
        #expect(u.stderr.contains("unknown function 'nosuchfunction'"))
    }

    // MARK: the hunt file's parameter header

    static let hunt = """
        // Connections of one device.
        // @param Device = ws-042
        //   @param Window = 7d
        let Device = "other";
        let Window = 1d;
        print Device, Window
        """

    @Test func headerValuesApplyAndSetWins() throws {
        let path = temp("hunt.kql", Self.hunt)
        guard let r = try cli.quarry(["run", path, "--format", "csv"]) else { return }
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("ws-042,7.00:00:00"), "\(r.stdout)")
        let s = try #require(try cli.quarry(["run", path, "--format", "csv", "--set", "Window=2h"]))
        #expect(s.stdout.contains("ws-042,02:00:00"), "\(s.stdout)")
        let params = temp("p.json", #"{"Device": "from-params"}"#)
        let p = try #require(try cli.quarry(["run", path, "--format", "csv", "--params", params]))
        #expect(p.stdout.contains("from-params,7.00:00:00"), "\(p.stdout)")
    }

    @Test func headerErrorsNameTheHeaderLine() throws {
        let unknown = temp("hunt.kql", "// @param Nope = 1\nlet N = 2;\nprint N")
        guard let r = try cli.quarry(["run", unknown]) else { return }
        #expect(r.status == 1)
        #expect(r.stderr.contains("hunt.kql:1: error: @param Nope: the query has no top-level 'let Nope'"), "\(r.stderr)")
        let json = try #require(try cli.quarry(["run", unknown, "--format", "json"]))
        #expect(json.status == 1)
        #expect(json.stdout.contains(#""code":"KQB003""#) && json.stdout.contains(#""line":1"#), "\(json.stdout)")
        let bom = temp("hunt.kql", "\u{FEFF}// @param N = 7\nlet N = 2;\nprint N")
        let b = try #require(try cli.quarry(["run", bom, "--format", "csv"]))
        #expect(b.status == 0 && b.stdout.contains("7"), "\(b.stderr)")
        let check = try #require(try cli.quarry(["check", unknown]))
        #expect(check.status == 1)
        #expect(check.stderr.contains("hunt.kql:1: error: @param Nope"), "\(check.stderr)")
        let malformed = temp("hunt.kql", "//\n// @param Window 7d\nlet Window = 1d;\nprint Window")
        let m = try #require(try cli.quarry(["run", malformed]))
        #expect(m.status == 1)
        #expect(m.stderr.contains("hunt.kql:2: error: malformed @param line"), "\(m.stderr)")
        let badType = temp("hunt.kql", "// @param Window = soon\nlet Window = 1d;\nprint Window")
        let t = try #require(try cli.quarry(["run", badType]))
        #expect(t.status == 1)
        #expect(t.stderr.contains("@param Window (line 1): 'soon' is not a timespan"), "\(t.stderr)")
        let late = temp("hunt.kql", "let Window = 1d;\n// @param Window = 2d\nprint Window")
        let l = try #require(try cli.quarry(["run", late, "--format", "csv"]))
        #expect(l.status == 0)
        #expect(l.stdout.contains("1.00:00:00"))
        #expect(l.stderr.contains("hunt.kql:2: warning: @param outside"), "\(l.stderr)")
    }

    // MARK: formats and fitting

    @Test func verticalAndMarkdownFormats() throws {
        guard let v = try cli.quarry(["query", "print Name = 'a|b', N = 5", "--format", "vertical"]) else { return }
        #expect(v.status == 0)
        #expect(v.stdout == "-[ RECORD 1 ]-\nName: a|b\nN:    5\n(1 row)\n", "\(v.stdout)")
        let m = try #require(try cli.quarry(["query", "print Name = 'a|b', N = 5", "--format", "markdown"]))
        #expect(m.stdout == "| Name | N   |\n| ---- | --: |\n| a\\|b |   5 |\n", "\(m.stdout)")
    }

    @Test func tableFitsMaxWidthAndEscapesControlCharacters() throws {
        let q = "print CommandLine = strcat('powershell -enc ', strrep('A', 200)), Note = 'line1\\nline2', N = 42"
        guard let r = try cli.quarry(["query", q, "--max-width", "60"]) else { return }
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        for l in lines { #expect(l.count <= 60, "\(l)") }
        #expect(r.stdout.contains("…"))
        #expect(r.stdout.contains("line1\\nline2"))
        let full = try #require(try cli.quarry(["query", q, "--max-width", "60", "--no-truncate"]))
        #expect(full.stdout.contains(String(repeating: "A", count: 200)))
        let piped = try #require(try cli.quarry(["query", q]))   // not a terminal: unlimited
        #expect(piped.stdout.contains(String(repeating: "A", count: 200)))
    }

    @Test func maxRowsSaysHowManyWereLeftOut() throws {
        guard let r = try cli.quarry(["query", "range x from 1 to 20 step 1", "--max-rows", "5"]) else { return }
        #expect(r.status == 0)
        #expect(r.stdout.contains("(first 5 of 20 rows; --max-rows 0 shows all)"), "\(r.stdout)")
        #expect(r.stdout.split(separator: "\n").count == 2 + 5 + 1)
        let all = try #require(try cli.quarry(["query", "range x from 1 to 20 step 1"]))
        #expect(all.stdout.contains("(20 rows)"))
        let csv = try #require(try cli.quarry(["query", "print 1", "--max-rows", "5", "--format", "csv"]))
        #expect(csv.status == 64)
        #expect(csv.stderr.contains("take"), "\(csv.stderr)")
    }

    // MARK: notes

    @Test func inferredTypesNoteOncePerTableReadAndQuietSilencesIt() throws {
        let file = temp("Custom.csv", "Host,Bytes\nh1,10\nh2,20\n")
        guard let r = try cli.quarry(["query", "Custom | summarize sum(Bytes)", "--table", "Custom=\(file)"]) else { return }
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.components(separatedBy: "note: Custom: 2 column types inferred from the data (Bytes:long, Host:string)").count == 2, "\(r.stderr)")
        let q = try #require(try cli.quarry(["query", "Custom | summarize sum(Bytes)", "--table", "Custom=\(file)", "-q"]))
        #expect(q.status == 0)
        #expect(q.stderr.isEmpty, "\(q.stderr)")
        // Named only in a comment: opened (a bad file fails early) but never read, so no note.
        let unused = try #require(try cli.quarry(["query", "// Custom\nprint 1", "--table", "Custom=\(file)"]))
        #expect(!unused.stderr.contains("note:"), "\(unused.stderr)")
    }

    // MARK: a real terminal

    /// Runs the CLI in a pseudo-terminal of 40×10 (util-linux `script`), so that standard output is
    /// a terminal: the table fits 40 columns and a result taller than 10 lines goes to $PAGER.
    func inTerminal(_ args: [String], pager: String, environment: String = "", redirect: String = "") throws -> String? {
        guard let binary = CLIAcceptanceTests.binary else { return nil }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            print("skipping: util-linux 'script' is needed for the pty test")
            return nil
        }
        func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let command = "stty cols 40 rows 10; \(environment) PAGER=\(quote(pager)) " + ([binary] + args).map(quote).joined(separator: " ") + redirect
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        p.arguments = ["-qec", command, "/dev/null"]
        let out = Pipe()
        p.standardOutput = out
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    }

    @Test func terminalWidthAndPager() throws {
        let wide = "range x from 1 to 30 step 1 | extend Text = strrep('abcdef', 20)"
        guard let paged = try inTerminal(["query", wide], pager: "sed s/^/PAGED:/") else { return }
        let lines = paged.split(separator: "\n").filter { $0.hasPrefix("PAGED:") }
        #expect(lines.count == 2 + 30 + 1, "\(paged)")
        for l in lines { #expect(l.dropFirst(6).count <= 40, "\(l)") }
        guard let plain = try inTerminal(["query", wide, "--no-pager"], pager: "sed s/^/PAGED:/") else { return }
        #expect(!plain.contains("PAGED:"))
        guard let short = try inTerminal(["query", "print 1"], pager: "sed s/^/PAGED:/") else { return }
        #expect(!short.contains("PAGED:"), "\(short)")
    }

    @Test func progressOfALongScanOnATerminal() throws {
        guard let binary = CLIAcceptanceTests.binary else { return }
        let file = temp("DeviceNetworkEvents.csv", "")
        let gen = Process()
        gen.executableURL = URL(fileURLWithPath: binary)
        gen.arguments = ["generate", "--rows", "20000", "--out", file]
        try gen.run(); gen.waitUntilExit()
        // Standard output to /dev/null (CSV would otherwise stream to the same terminal), standard error the pty.
        guard let out = try inTerminal(["query", "DeviceNetworkEvents | count", "--table", "DeviceNetworkEvents=\(file)", "--format", "csv"],
                                       pager: "", environment: "QUARRY_PROGRESS_DELAY=0", redirect: " > /dev/null") else { return }
        #expect(out.range(of: #"read [0-9.]+ [KM]B of [0-9.]+ MB, [0-9,]+ rows, [0-9.]+ s"#, options: .regularExpression) != nil, "\(out)")
        #expect(out.contains("\r\u{1B}[K"))   // erased at the end
        guard let quiet = try inTerminal(["query", "DeviceNetworkEvents | count", "--table", "DeviceNetworkEvents=\(file)", "--format", "csv", "-q"],
                                         pager: "", environment: "QUARRY_PROGRESS_DELAY=0", redirect: " > /dev/null") else { return }
        #expect(!quiet.contains("read "), "\(quiet)")
    }
}
