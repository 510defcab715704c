import ArgumentParser
import Dispatch
import Foundation
import KQLColumns
import KQLEngine
import KQLSyntax
import QuarryIO
import QuarryWorkspace

/// One `quarry shell`: the tables bound once and kept across queries, the settings the
/// dot-commands change, and the loop that reads input (the line editor on a terminal, plain
/// lines otherwise) and runs what it completes.
///
/// The tables come from `Workspace`s (QuarryWorkspace, the same cache `quarry serve` keeps per
/// database): one for the command line's bindings, one more per `.load DIR`. Before each query
/// the shell asks them for their tables again: a table whose files kept their size and
/// modification time is the same object, with its schema, inferred types and — within the
/// `--keep-rows` budget — its rows in memory; a changed file is bound and read anew.
final class ShellSession {
    private let options: DataOptions
    private let limits: LimitOptions
    private let session: QuerySession
    /// The command line's workspace, then one per `.load`, later ones winning on a name.
    private var workspaces: [Workspace] = []
    /// Rows kept in memory, shared by all the workspaces (nil: none).
    private let rowBudget: RowBudget?
    private var format: OutputFormat
    private var now: Int64?
    private var timing = false
    private var history: ShellHistory
    private let interactive: Bool
    private let interrupts: ShellInterrupts
    private var externalData: (any ExternalDataProvider)?
    private var failures = 0

    /// `keepRowsBytes`: table rows kept in memory across queries, for all tables (nil: none).
    init(options: DataOptions, limits: LimitOptions, historyPath: String?, keepRowsBytes: Int?) throws {
        self.options = options
        self.limits = limits
        rowBudget = keepRowsBytes.map { RowBudget(limit: $0) }
        format = try options.outputFormat()
        now = try options.nowTicks()
        _ = try options.parameterMap()   // a bad --set fails at the start, not at every query
        var probe = QueryOptions()
        try limits.apply(to: &probe)
        let workspace = try options.workspace(maxInflatedBytes: probe.maxMemory, rowBudget: rowBudget)
        session = QuerySession(tables: try workspace.tables(queryText: nil))
        workspaces = [workspace]
        externalData = try options.externalDataProvider()
        interactive = Terminal.isInteractive
        interrupts = ShellInterrupts(exitsWhenIdle: !interactive)
        history = ShellHistory(path: interactive ? historyPath : nil)
    }

    /// Runs until `.quit` or the end of input; the exit status (non-interactive: 1 when any
    /// query or command failed, so a script notices).
    func run() -> Int32 {
        var splitter = StatementSplitter()
        let reader = InteractiveLineReader()
        if interactive {
            let n = session.tables.count
            print("quarry shell: \(n) table\(n == 1 ? "" : "s") bound. End a query with ';' or a blank line; .help lists the commands.")
        }
        while true {
            let line: String?
            if interactive {
                let prompt = splitter.isEmpty ? "quarry> " : "   ...> "
                let pending = splitter.lines
                switch reader.readLine(prompt: prompt, history: history.entries, complete: { text, cursor in
                    self.completer.complete(line: text, cursor: cursor, previousLines: pending)
                }) {
                case .line(let l): line = l
                case .cancelled: splitter.reset(); continue
                case .endOfInput: line = nil
                }
            } else {
                line = readLine()
            }
            guard let line else {
                if let input = splitter.finish() { if !handle(input, lines: []) { break } }
                break
            }
            let before = splitter.lines
            guard let input = splitter.feed(line) else { continue }
            if !handle(input, lines: before + [line]) { break }
        }
        return interactive || failures == 0 ? 0 : 1
    }

    /// Runs one input; false when the shell should end.
    private func handle(_ input: StatementSplitter.Input, lines: [String]) -> Bool {
        defer { fflush(stdout) }   // piped output in order with the errors on stderr
        switch input {
        case .command(let text):
            history.add([text])
            switch DotCommand.parse(text) {
            case .success(let cmd): return execute(cmd)
            case .failure(let e): fail("error: \(e.message)")
            }
        case .query(let text):
            history.add(ShellHistory.entries(for: lines.isEmpty ? text.components(separatedBy: "\n") : lines))
            runQuery(text)
        }
        return true
    }

    private func fail(_ message: String) {
        failures += 1
        printError(message)
    }

    // MARK: queries

    private func runQuery(_ text: String) {
        let cancellation = interrupts.begin()
        defer { interrupts.end() }
        let started = DispatchTime.now()
        var before: [String: ScanTally]? = nil   // set once the tables are current
        do {
            try refreshTables(queryText: text)
            before = scanTallies()
            var queryOptions = QueryOptions(now: now, parameters: try options.parameterMap())
            try limits.apply(to: &queryOptions)
            queryOptions.cancellation = cancellation
            queryOptions.externalData = externalData
            let stream = try session.stream(SourceText(text), options: queryOptions)
            for w in stream.warnings { printError("warning: \(w)") }
            try ResultWriter(format: format, schema: stream.schema).write(stream)
        } catch let e as QueryError {
            failures += 1
            reportQueryError(e, fileName: nil, json: format == .json)
        } catch let e as QueryLimitError {
            failures += 1
            if interactive && e.code == .cancelled { printError("") }   // past the terminal's ^C
            if format == .json {
                print(errorJSON(code: e.code.rawValue, message: e.message, line: 0, column: 0, file: nil))
            } else {
                printError("error: \(e.message)")
            }
        } catch let e as ReadError {
            failures += 1
            if format == .json {
                print(errorJSON(code: "QIO001", message: e.message, line: e.line, column: e.column, file: e.file))
            } else {
                printError(e.line > 0 ? "\(e.file):\(e.line):\(e.column): error: \(e.message)" : "\(e.file): error: \(e.message)")
            }
        } catch {
            fail("error: \(Self.describe(error))")
        }
        if timing {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            printError(String(format: "time: %.3f s", seconds) + (before.map { Self.describeScans(before: $0, after: scanTallies()) } ?? ""))
        }
    }

    /// The tables of every workspace, current with the files on disk (see the type's comment).
    /// With `queryText`, the tables it names are opened now (a bad file fails before the query).
    private func refreshTables(queryText: String?) throws {
        var tables: [String: any TableProvider] = [:]
        for w in workspaces {
            for (name, t) in try w.tables(queryText: queryText) { tables[name] = t }
        }
        session.tables = tables
    }

    /// How each file-bound table's scans have been served so far.
    private func scanTallies() -> [String: ScanTally] {
        var out: [String: ScanTally] = [:]
        for (name, t) in session.tables { if let f = t as? FileTable { out[name] = f.scans } }
        return out
    }

    /// What the query's scans read, for `.timing`: "; read from files: A; from memory: B" (a
    /// table bound anew since `before` counts from zero).
    static func describeScans(before: [String: ScanTally], after: [String: ScanTally]) -> String {
        var files: [String] = [], memory: [String] = []
        for (name, now) in after.sorted(by: { $0.key < $1.key }) {
            let was = before[name] ?? ScanTally()
            if now.fromFiles > was.fromFiles { files.append(name) }
            if now.fromMemory > was.fromMemory { memory.append(name) }
        }
        var out = ""
        if !files.isEmpty { out += "; read from files: " + files.joined(separator: ", ") }
        if !memory.isEmpty { out += "; from memory: " + memory.joined(separator: ", ") }
        return out
    }

    static func describe(_ error: Error) -> String {
        if let v = error as? ValidationError { return v.message }
        return "\(error)"
    }

    // MARK: dot-commands

    private func execute(_ command: DotCommand) -> Bool {
        switch command {
        case .quit:
            return false
        case .help:
            print(DotCommand.helpText.replacingOccurrences(of: "%FORMATS%", with: OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")))
        case .showTables:
            do { try refreshTables(queryText: nil) } catch { fail("error: \(Self.describe(error))"); return true }
            for name in session.tables.keys.sorted() { print(name) }
        case .showSchema(let name):
            do { try refreshTables(queryText: nil) } catch { fail("error: \(Self.describe(error))"); return true }
            // Table names are case-sensitive; a name that differs only in case still finds its table.
            guard let key = session.tables[name] != nil ? name : session.tables.keys.sorted().first(where: { $0.lowercased() == name.lowercased() }),
                  let t = session.tables[key] else {
                fail("error: no table '\(name)' is bound; .show tables lists them")
                return true
            }
            if t.schema.fields.isEmpty {
                // A file that cannot be read shows no columns: a query that reads none says why.
                let quoted = "['" + key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "']"
                do { _ = try session.run(quoted + " | take 0") } catch { fail("error: \(Self.describe(error))"); return true }
            }
            for f in t.schema.fields { print("\(f.name): \(f.type)") }
        case .setNow(nil):
            now = nil
            print("now() is the wall clock")
        case .setNow(let text?):
            guard let t = DateTime.parseISO(Substring(text)) else {
                fail("error: .set now: '\(text)' is not an ISO 8601 datetime")
                return true
            }
            now = t
            print("now() is \(DateTime.format(t))")
        case .setFormat(let name):
            guard let f = OutputFormat(rawValue: name) else {
                fail("error: unknown format '\(name)'; use \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                return true
            }
            format = f
        case .load(let dir):
            var more = options
            more.dataDirectories = [dir]
            more.tables = []
            more.watchlists = []
            more.watchlistDirectories = []
            do {
                var probe = QueryOptions()
                try limits.apply(to: &probe)
                // A workspace of its own, under the same row budget as the others.
                let workspace = try more.workspace(maxInflatedBytes: probe.maxMemory, rowBudget: rowBudget)
                let loaded = try workspace.tables(queryText: nil)
                workspaces.append(workspace)
                for (name, t) in loaded { session.tables[name] = t }
                print("bound \(loaded.count) table\(loaded.count == 1 ? "" : "s"): \(loaded.keys.sorted().joined(separator: ", "))")
            } catch {
                fail("error: .load: \(Self.describe(error))")
            }
        case .timing(let on):
            timing = on ?? !timing
            print("timing is \(timing ? "on" : "off")")
        }
        return true
    }

    // MARK: completion

    private var completer: Completer { Completer(session: session) }
}

/// Ctrl-C in the shell: while a query runs, it cancels that query (which stops at its next
/// batch, and the shell goes on); otherwise it is the line editor's (raw mode reads it as a
/// key). Piped input has no editor: there Ctrl-C between queries ends the shell with 130.
final class ShellInterrupts: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Cancellation?

    /// Whether Ctrl-C between queries ends the shell (piped input).
    private let exitsWhenIdle: Bool

    init(exitsWhenIdle: Bool) {
        self.exitsWhenIdle = exitsWhenIdle
        InterruptSignal.listen { [weak self] in self?.interrupted() }
    }

    func begin() -> Cancellation {
        let c = Cancellation()
        lock.lock(); current = c; lock.unlock()
        return c
    }

    func end() { lock.lock(); current = nil; lock.unlock() }

    private func interrupted() {
        lock.lock()
        let c = current
        lock.unlock()
        if let c { c.cancel() } else if exitsWhenIdle { Terminal.restore(); exit(130) }
    }
}
