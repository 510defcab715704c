import ArgumentParser
import Dispatch
import Foundation
import KQLSyntax
import KQLEngine
import QuarryWorkspace
import QuarryIO

/// Limits of one run: time, memory, result size (Kusto's truncation), and Ctrl-C.
struct LimitOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Stop the query with an error after this many seconds.", valueName: "SECONDS"))
    var timeout: Double?

    @Option(help: ArgumentHelp("Memory the query's operators may hold (join, summarize, sort, …): bytes, or with K, M, G; default half of physical memory.", valueName: "SIZE"))
    var maxMemory: String?

    @Flag(help: "Return every row: no 500,000-record / 64 MB result limit (like 'set notruncation;').")
    var noTruncation = false

    @Option(help: ArgumentHelp("Threads the query's operators may use (default: every core).", valueName: "N"))
    var threads: Int?

    func apply(to o: inout QueryOptions) throws {
        if let timeout {
            guard timeout >= 0, timeout.isFinite else { throw ValidationError("--timeout must be a number of seconds ≥ 0") }
            o.timeout = timeout
        }
        if let maxMemory {
            guard let bytes = Self.parseSize(maxMemory) else { throw ValidationError("--max-memory: '\(maxMemory)' is not a size (e.g. 512M, 4G)") }
            o.maxMemory = bytes
        }
        if noTruncation { o.truncation = nil }
        if let threads {
            guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
            o.maxThreads = threads
        }
    }

    static func parseSize(_ s: String) -> Int? {
        let t = s.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [(String, Int)] = [("GB", 1 << 30), ("G", 1 << 30), ("MB", 1 << 20), ("M", 1 << 20), ("KB", 1 << 10), ("K", 1 << 10), ("B", 1)]
        for (u, m) in units where t.hasSuffix(u) {
            guard let v = Double(t.dropLast(u.count)), v >= 0, v * Double(m) < 9e18 else { return nil }
            return Int(v * Double(m))
        }
        guard let v = Int(t), v >= 0 else { return nil }
        return v
    }
}

/// Ctrl-C cancels the running query (it stops at the next batch and the process exits 130);
/// a reader busy inside one file is not interrupted, so a second Ctrl-C, or two seconds
/// without the query stopping, exits at once. Once the result is written through a pager,
/// Ctrl-C belongs to the pager (`disarm`).
/// The signal itself is caught by `InterruptSignal`, installed first thing in `main`.
final class InterruptHandler: @unchecked Sendable {
    let cancellation = Cancellation()

    init() {
        let c = cancellation
        InterruptSignal.listen {
            if c.isCancelled { exit(130) }
            c.cancel()
            DispatchQueue.global().asyncAfter(deadline: .now() + 2) { exit(130) }
        }
    }

    /// Stops handling Ctrl-C (it is ignored by this process from now on).
    func disarm() { InterruptSignal.ignore() }
}

/// Exit statuses of `run` and `query` (README "Exit status"): 64 (usage) comes from
/// ArgumentParser's `ValidationError`.
enum ExitStatus {
    static let queryError: Int32 = 1
    static let dataError: Int32 = 2
    static let rowsFound: Int32 = 3
    static let cancelled: Int32 = 130
}

/// Runs a query and prints its result or its errors; exits non-zero on failure: 1 for an error
/// in the query (including its parameters), 2 for a data file that cannot be read or is
/// malformed, 130 when interrupted, 3 with `--fail-on-rows` when the result has rows.
func execute(source: SourceText, fileName: String?, options: DataOptions, limits: LimitOptions, display: DisplayOptions, report: String? = nil) throws {
    let interrupt = InterruptHandler()   // first: a Ctrl-C from now on cancels (InterruptSignal.swift)
    Notices.quiet = display.quiet
    let format = try options.outputFormat()
    let settings = try display.settings(for: format)
    let (parameters, labels) = try queryParameters(source: source, fileName: fileName, options: options, json: format == .json)
    // Progress on standard error when it is a terminal, unless the result streams to the same one.
    if !display.quiet && Terminal.isTerminal(STDERR_FILENO) && (!Terminal.isTerminal(STDOUT_FILENO) || format.isForPeople || format == .json) {
        // QUARRY_PROGRESS_DELAY: seconds before the line first shows (default 1; the tests use 0).
        ScanProgress.shared.start(after: ProcessInfo.processInfo.environment["QUARRY_PROGRESS_DELAY"].flatMap(Double.init) ?? 1)
    }
    defer { ScanProgress.shared.stop() }
    do {
        var queryOptions = QueryOptions(now: try options.nowTicks(), parameters: parameters)
        queryOptions.parameterLabels = labels
        try limits.apply(to: &queryOptions)
        queryOptions.cancellation = interrupt.cancellation
        queryOptions.externalData = try options.externalDataProvider()
        queryOptions.geoip = try options.geoipDatabase(queryText: source.text)
        let session = QuerySession(tables: try options.loadTables(queryText: source.text, maxInflatedBytes: queryOptions.maxMemory))
        session.catalogTableNames = SchemaCatalog.tableNames   // "known but not bound", and "did you mean"
        let stream = try session.stream(source, options: queryOptions)
        for w in stream.warnings { printError("warning: \(w)") }
        if let report {
            let table = try ReportWriter.writeReport(to: report, stream: stream, source: source.text, fileName: fileName, options: options, tables: session.tables)
            ReportWriter.printResult(table, format: format, visualization: stream.visualization, warnings: stream.warnings)
            if settings.failOnRows && table.rowCount > 0 { throw ExitCode(ExitStatus.rowsFound) }
            return
        }
        let rows = try writeResults(stream, format: format, settings: settings, beforePaging: interrupt.disarm)
        if let note = stream.emptyResultNote() { printError("note: \(note)") }
        if settings.failOnRows && rows > 0 { throw ExitCode(ExitStatus.rowsFound) }
    } catch let e as QueryError {
        ScanProgress.shared.stop()
        reportQueryError(e, fileName: fileName, json: format == .json)
        throw ExitCode(ExitStatus.queryError)
    } catch let e as QueryLimitError {
        ScanProgress.shared.stop()
        if format == .json {
            print(errorJSON(code: e.code.rawValue, message: e.message, line: 0, column: 0, file: nil))
        } else {
            printError("error: \(e.message)")
        }
        throw ExitCode(e.code == .cancelled ? ExitStatus.cancelled : ExitStatus.queryError)
    } catch let e as ReportError {
        ScanProgress.shared.stop()
        printError("error: \(e.message)")
        throw ExitCode(ExitStatus.queryError)
    } catch let e as ReadError {
        ScanProgress.shared.stop()
        if format == .json {
            print(errorJSON(code: "QIO001", message: e.message, line: e.line, column: e.column, file: e.file))
        } else {
            printError(e.line > 0 ? "\(e.file):\(e.line):\(e.column): error: \(e.message)" : "\(e.file): error: \(e.message)")
        }
        throw ExitCode(ExitStatus.dataError)
    }
}

/// The query's parameter values: its file's `@param` header (`ParameterHeader`), then
/// `--params`, then `--set`, each winning over the one before; and how the header's are named in
/// errors. A header problem is printed (JSON when `json`) and exits 1.
func queryParameters(source: SourceText, fileName: String?, options: DataOptions, json: Bool) throws
    -> (values: [String: String], labels: [String: String]) {
    var values = try options.parameterMap()
    var labels: [String: String] = [:]
    do {
        let header = try ParameterHeader.parse(source.text)
        try header.check(against: source)
        for line in header.ignoredLines {
            printError("\(fileName ?? "<query>"):\(line): warning: @param outside the file's leading comment block is ignored")
        }
        for (name, value) in header.values where values[name] == nil {
            values[name] = value
            labels[name] = header.labels[name]
        }
    } catch let p as ParameterHeader.Problem {
        if json {
            print(errorJSON(code: p.code.rawValue, message: p.message, line: p.line, column: 1, file: fileName))
        } else {
            printError("\(fileName ?? "<query>"):\(p.line): error: \(p.message)")
        }
        throw ExitCode(ExitStatus.queryError)
    }
    return (values, labels)
}

/// Writes every result table of the query (one, or several after fork and facet); returns their
/// rows in all. Several tables are written one after the other, each under a heading with its
/// name: a `=== Name ===` line (`### Name` in markdown) on standard output for the table formats,
/// a `note: result table N: Name` line on standard error for csv, json, jsonl and html (so their
/// output carries no line that is not data). Paging is off when there are several.
func writeResults(_ stream: QueryStream, format: OutputFormat, settings: DisplaySettings, beforePaging: @escaping () -> Void) throws -> Int {
    guard stream.hasMoreResults else {
        return try ResultWriter(format: format, schema: stream.schema, settings: settings, beforePaging: beforePaging).write(stream)
    }
    var unpaged = settings
    unpaged.pagerScreenRows = 0
    var rows = 0
    var current = stream
    var n = 1
    while true {
        let name = current.resultName ?? "GenericResult"
        if format.isForPeople {
            if n > 1 { print("") }
            print(format == .markdown ? "### \(name)" : "=== \(name) ===")
            fflush(stdout)
        } else {
            printError("note: result table \(n): \(name)")
        }
        rows += try ResultWriter(format: format, schema: current.schema, settings: unpaged, beforePaging: beforePaging).write(current)
        guard let next = try current.nextResult() else { return rows }
        current = next
        n += 1
    }
}
