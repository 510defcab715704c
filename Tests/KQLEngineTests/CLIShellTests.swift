import Foundation
import Testing

/// `quarry shell`, the built binary: piped input (plain lines, no editor) and a real terminal
/// (tmux: typed queries, Tab, Ctrl-C during a long query, history across sessions, the
/// terminal's settings back after `.quit` and after SIGTERM). Data: the fixture folder
/// Tests/QuarryIOTests/Fixtures/hunt (DeviceNetworkEvents.csv, 12 rows).
@Suite struct CLIShellTests {
    static let dataDir = FoundingHuntAcceptanceTests.repoRoot.appendingPathComponent("Tests/QuarryIOTests/Fixtures/hunt").path
    static var fixtureRows: [String] {
        let text = (try? String(contentsOfFile: dataDir + "/DeviceNetworkEvents.csv", encoding: .utf8)) ?? ""
        return Array(text.split(whereSeparator: \.isNewline).dropFirst().map(String.init))   // CRLF lines
    }

    struct Outcome { var status: Int32; var stdout: String; var stderr: String }

    /// Runs `quarry shell ARGS` with `input` on standard input (a pipe, so no line editor).
    func shell(_ args: [String], input: String, state: String) throws -> Outcome? {
        guard let binary = CLIAcceptanceTests.binary else {
            print("skipping: the quarry binary is not built next to the tests")
            return nil
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["shell"] + args
        var env = ProcessInfo.processInfo.environment
        env["XDG_STATE_HOME"] = state
        p.environment = env
        let inp = Pipe(), out = Pipe(), err = Pipe()
        p.standardInput = inp
        p.standardOutput = out
        p.standardError = err
        try p.run()
        inp.fileHandleForWriting.write(Data(input.utf8))
        try inp.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Outcome(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    @Test func pipedQueryRuns() throws {
        let state = CLIFilesTests.dir()
        guard let r = try shell(["--data", Self.dataDir, "--format", "csv"], input: "DeviceNetworkEvents | take 3 | project DeviceName;\n", state: state) else { return }
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == 4, "\(r.stdout)")   // a header and three rows
        #expect(r.stdout.hasPrefix("DeviceName\n"))
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        // No terminal: no prompts, and no history written.
        #expect(!r.stdout.contains("quarry>"))
        #expect(!FileManager.default.fileExists(atPath: state + "/quarry/history"))
    }

    @Test func pipedScriptKeepsTablesAndSettingsAndGoesOnAfterErrors() throws {
        let rows = Self.fixtureRows
        let success = rows.filter { $0.contains(",ConnectionSuccess,") }.count
        let script = """
            print x = ;
            let kind = "ConnectionSuccess";
            DeviceNetworkEvents
            | where ActionType == kind
            | summarize n = count()

            .show tables
            .set format json
            DeviceNetworkEvents | count;
            .set format csv
            .set now 2025-05-02T09:00:00Z
            print t = now(), a = ago(1h);
            .show table DeviceNetworkEvents schema
            .show table Nope schema
            .frobnicate
            .set format yaml
            NoSuchTable | take 1;
            print "still here";
            """
        guard let r = try shell(["--data", Self.dataDir], input: script, state: CLIFilesTests.dir()) else { return }
        // A failed query or command makes the exit status 1; everything after it still ran.
        #expect(r.status == 1)
        // The error is positioned within its query, as `quarry run` positions it.
        #expect(r.stderr.contains("1:11: error: "), "\(r.stderr)")
        #expect(r.stderr.contains("print x = ;\n          ^"), "\(r.stderr)")
        // The let before the query, over several lines ended by a blank line.
        #expect(r.stdout.contains("n\n-\n\(success)"), "\(r.stdout)")
        #expect(r.stdout.contains("\nDeviceNetworkEvents\n"))   // .show tables
        #expect(r.stdout.contains("{\"columns\":[{\"name\":\"Count\",\"type\":\"long\"}],\"rows\":[[\(rows.count)]]}"), "\(r.stdout)")
        #expect(r.stdout.contains("2025-05-02T09:00:00.0000000Z,2025-05-02T08:00:00.0000000Z"), "\(r.stdout)")
        #expect(r.stdout.contains("ActionType: string\n"))
        #expect(r.stdout.contains("RemotePort: int\n"))
        #expect(r.stderr.contains("error: no table 'Nope' is bound"))
        #expect(r.stderr.contains("error: unknown command '.frobnicate'"))
        #expect(r.stderr.contains("error: unknown format 'yaml'"))
        #expect(r.stderr.contains("NoSuchTable"))
        #expect(r.stdout.hasSuffix("print_0\nstill here\n"), "\(r.stdout)")
    }

    @Test func loadBindsAnotherFolder() throws {
        let d = CLIFilesTests.dir()
        CLIFilesTests.write("Name,Score\nalpha,3\nbeta,5\n", d + "/Scores.csv")
        guard let r = try shell(["--format", "csv"], input: "Scores | count;\n.load \(d)\nScores | summarize s = sum(Score);\n.load /nonexistent-quarry-dir\n",
                                state: CLIFilesTests.dir()) else { return }
        #expect(r.stderr.contains("Scores"))   // not bound yet: the first query fails
        #expect(r.stdout.contains("bound 1 table: Scores"), "\(r.stdout)")
        #expect(r.stdout.contains("s\n8\n"), "\(r.stdout)")
        #expect(r.stderr.contains("error: .load:"), "\(r.stderr)")
        #expect(r.status == 1)
    }
}

/// The shell in a real terminal: tmux runs it in a 120x40 pane; keys go in with send-keys and
/// the screen comes back with capture-pane. Skips where tmux is not installed.
@Suite(.serialized) struct ShellTerminalTests {
    /// A one-column result of a number as the table output prints it: the header, its rule, and
    /// the value right-aligned under it.
    static func numberColumn(_ header: String, _ value: Int) -> String {
        let v = String(value), width = max(header.count, v.count)
        return header + "\n" + String(repeating: "-", count: width) + "\n" + String(repeating: " ", count: width - v.count) + v
    }

    final class Tmux {
        let socket = "quarry-test-\(UUID().uuidString.prefix(8))"
        let tmux: String
        init?() {
            guard let t = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
                return nil
            }
            tmux = t
        }

        /// Runs a tmux command and waits for it; with `output`, returns what it printed. Spawned
        /// and reaped by hand: Foundation's Process never saw `new-session -d` end (the client
        /// forks the server), which hung the test.
        @discardableResult
        func run(_ args: [String], output: Bool = false) -> String {
            #if os(Linux)
            var actions = posix_spawn_file_actions_t()
            #else
            var actions: posix_spawn_file_actions_t?
            #endif
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            var fds: [Int32] = [-1, -1]
            if output {
                guard pipe(&fds) == 0 else { return "" }
                posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
                posix_spawn_file_actions_addclose(&actions, fds[0])
                posix_spawn_file_actions_addclose(&actions, fds[1])
            } else {
                posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            let argv: [UnsafeMutablePointer<CChar>?] = ([tmux, "-L", socket] + args).map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var pid: pid_t = 0
            let spawned = posix_spawn(&pid, tmux, &actions, nil, argv, environ)
            var data = [UInt8]()
            if output {
                close(fds[1])
                var buf = [UInt8](repeating: 0, count: 65536)
                while spawned == 0 {
                    let n = read(fds[0], &buf, buf.count)
                    if n <= 0 { break }
                    data += buf[..<n]
                }
                close(fds[0])
            }
            guard spawned == 0 else { return "" }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            return String(decoding: data, as: UTF8.self)
        }

        private var serverPid: Int32?

        func start(_ command: String) {
            run(["new-session", "-d", "-s", "q", "-x", "120", "-y", "40", command])
            serverPid = Int32(run(["display-message", "-p", "#{pid}"], output: true).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        /// Types text literally (a final ';' is escaped: tmux would take it as a command separator).
        func type(_ text: String) { run(["send-keys", "-t", "q", "-l", text.hasSuffix(";") ? String(text.dropLast()) + "\\;" : text]) }
        func key(_ name: String) { run(["send-keys", "-t", "q", name]) }
        /// The pane's text (with its scrollback), without the blanks that pad table cells at line ends.
        func screen() -> String {
            run(["capture-pane", "-p", "-J", "-t", "q", "-S", "-500"], output: true)
                .split(separator: "\n", omittingEmptySubsequences: false)
                .map { line in String(line.reversed().drop(while: { $0 == " " }).reversed()) }
                .joined(separator: "\n")
        }

        /// Ends this test's tmux server (and the pane's processes with it).
        func stop() {
            run(["kill-server"])
            guard let pid = serverPid else { return }
            serverPid = nil
            Thread.sleep(forTimeInterval: 0.5)
            if kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        }

        /// Waits until the screen holds `text` `times` times (or more); false after `timeout` s.
        func waitFor(_ text: String, times: Int = 1, timeout: Double = 20) -> Bool {
            let end = Date().addingTimeInterval(timeout)
            while Date() < end {
                if screen().components(separatedBy: text).count - 1 >= times { return true }
                Thread.sleep(forTimeInterval: 0.2)
            }
            return false
        }
    }

    /// A script for the pane: runs the shell (its pid in `pid`), then records the terminal's
    /// settings (`stty -a`) once the shell has gone, however it went.
    static func script(dir: String, binary: String) -> String {
        let path = dir + "/run.sh"
        let text = """
            #!/bin/sh
            trap ':' INT   # Ctrl-C reaches the whole pane: this script must outlive it (the shell gets the default)
            sh -c 'echo $$ > "\(dir)/pid"; exec env XDG_STATE_HOME="\(dir)/state" "\(binary)" shell --data "\(CLIShellTests.dataDir)"'
            stty -a > "\(dir)/stty.txt"
            echo "pane shell done"
            sleep 60
            """
        CLIFilesTests.write(text, path)
        return "sh " + path
    }

    /// The flags `stty -a` printed, e.g. "icanon" or "-icanon".
    static func sttyFlags(_ dir: String) -> Set<String> {
        let text = (try? String(contentsOfFile: dir + "/stty.txt", encoding: .utf8)) ?? ""
        return Set(text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
    }

    @Test func typedQueriesCompletionCtrlCHistoryAndTheTerminalRestored() throws {
        guard let tmux = Tmux() else {
            print("skipping: tmux is not installed (apt-get install tmux)")
            return
        }
        guard let binary = CLIAcceptanceTests.binary else {
            print("skipping: the quarry binary is not built next to the tests")
            return
        }
        defer { tmux.stop() }
        let dir = CLIFilesTests.dir()
        tmux.start(Self.script(dir: dir, binary: binary))
        #expect(tmux.waitFor("quarry>"), "\(tmux.screen())")

        // A query, typed and run: its rows appear.
        tmux.type("DeviceNetworkEvents | take 2 | project DeviceName;")
        tmux.key("Enter")
        #expect(tmux.waitFor("(2 rows)"), "\(tmux.screen())")
        #expect(tmux.screen().contains("ws01.contoso.local"))

        // Tab completes a column of the table under the pipe, then the query runs over two lines.
        tmux.type("DeviceNetworkEvents | where ActionT")
        tmux.key("Tab")
        #expect(tmux.waitFor("where ActionType"), "\(tmux.screen())")
        tmux.type(" == \"ConnectionSuccess\"")
        tmux.key("Enter")
        #expect(tmux.waitFor("   ...>"), "\(tmux.screen())")
        tmux.type("| cou")
        tmux.key("Tab")
        #expect(tmux.waitFor("| count"), "\(tmux.screen())")
        tmux.type(";")
        tmux.key("Enter")
        let success = CLIShellTests.fixtureRows.filter { $0.contains(",ConnectionSuccess,") }.count
        #expect(tmux.waitFor(Self.numberColumn("Count", success)), "\(tmux.screen())")

        // Ctrl-C during a long query cancels it; the shell survives and runs the next one.
        tmux.type("range x from 1 to 100000000 step 1 | summarize count() by x % 1000 | count;")
        tmux.key("Enter")
        Thread.sleep(forTimeInterval: 1.5)
        tmux.key("C-c")
        #expect(tmux.waitFor("cancelled"), "\(tmux.screen())")
        tmux.type("print survived = 42;")
        tmux.key("Enter")
        #expect(tmux.waitFor(Self.numberColumn("survived", 42)), "\(tmux.screen())")

        // Line editing: Ctrl-A goes home, Ctrl-K kills to the end, Left/Right move.
        tmux.type("xprint edited = 1; junk")
        tmux.key("C-a")
        tmux.key("Delete")
        tmux.key("End")
        for _ in 0..<5 { tmux.key("Left") }
        tmux.key("C-k")
        tmux.key("Enter")
        #expect(tmux.waitFor(Self.numberColumn("edited", 1)), "\(tmux.screen())")

        // Ctrl-C while editing drops the line; .quit leaves with the terminal as it was.
        tmux.type("half a line")
        tmux.key("C-c")
        tmux.type(".quit")
        tmux.key("Enter")
        #expect(tmux.waitFor("pane shell done"), "\(tmux.screen())")
        var flags = Self.sttyFlags(dir)
        #expect(flags.contains("icanon") && flags.contains("echo") && flags.contains("isig"), "\(flags)")

        // History across sessions: a new shell's Up brings back the last query.
        let history = (try? String(contentsOfFile: dir + "/state/quarry/history", encoding: .utf8)) ?? ""
        #expect(history.contains("DeviceNetworkEvents | where ActionType == \"ConnectionSuccess\" | count;"), "\(history)")
        #expect(history.contains("print edited = 1;"))
        tmux.stop()
        let second = Tmux()!
        defer { second.stop() }
        second.start(Self.script(dir: dir, binary: binary))
        #expect(second.waitFor("quarry>"))
        second.key("Up")   // .quit
        second.key("Up")
        #expect(second.waitFor("quarry> print edited = 1;"), "\(second.screen())")

        // SIGTERM while a line is edited (raw mode): the terminal is restored too.
        try? FileManager.default.removeItem(atPath: dir + "/stty.txt")
        if let pid = Int32(((try? String(contentsOfFile: dir + "/pid", encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) {
            kill(pid, SIGTERM)
            #expect(second.waitFor("pane shell done"), "\(second.screen())")
            flags = Self.sttyFlags(dir)
            #expect(flags.contains("icanon") && flags.contains("echo") && flags.contains("isig"), "\(flags)")
        } else {
            Issue.record("the shell's pid was not written")
        }
    }
}
