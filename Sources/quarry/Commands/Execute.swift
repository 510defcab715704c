import ArgumentParser
import Dispatch
import Foundation
import KQLSyntax
import KQLEngine
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
/// without the query stopping, exits at once.
final class InterruptHandler {
    let cancellation = Cancellation()
    private var source: DispatchSourceSignal?

    init() {
        signal(SIGINT, SIG_IGN)
        let s = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let c = cancellation
        s.setEventHandler {
            if c.isCancelled { exit(130) }
            c.cancel()
            DispatchQueue.global().asyncAfter(deadline: .now() + 2) { exit(130) }
        }
        s.resume()
        source = s
    }
}

/// Runs a query and prints its result or its errors; exits non-zero on failure (130 when
/// interrupted).
func execute(source: SourceText, fileName: String?, options: DataOptions, limits: LimitOptions, report: String? = nil) throws {
    let format = try options.outputFormat()
    let interrupt = InterruptHandler()
    do {
        var queryOptions = QueryOptions(now: try options.nowTicks(), parameters: try options.parameterMap())
        try limits.apply(to: &queryOptions)
        queryOptions.cancellation = interrupt.cancellation
        queryOptions.externalData = try options.externalDataProvider()
        let session = QuerySession(tables: try options.loadTables(queryText: source.text, maxInflatedBytes: queryOptions.maxMemory))
        let stream = try session.stream(source, options: queryOptions)
        for w in stream.warnings { printError("warning: \(w)") }
        if let report {
            let table = try ReportWriter.writeReport(to: report, stream: stream, source: source.text, fileName: fileName, options: options, tables: session.tables)
            ReportWriter.printResult(table, format: format, visualization: stream.visualization, warnings: stream.warnings)
            return
        }
        try ResultWriter(format: format, schema: stream.schema).write(stream)
    } catch let e as QueryError {
        reportQueryError(e, fileName: fileName, json: format == .json)
        throw ExitCode(1)
    } catch let e as QueryLimitError {
        if format == .json {
            print(errorJSON(code: e.code.rawValue, message: e.message, line: 0, column: 0, file: nil))
        } else {
            printError("error: \(e.message)")
        }
        throw ExitCode(e.code == .cancelled ? 130 : 1)
    } catch let e as ReportError {
        printError("error: \(e.message)")
        throw ExitCode(1)
    } catch let e as ReadError {
        if format == .json {
            print(errorJSON(code: "QIO001", message: e.message, line: e.line, column: e.column, file: e.file))
        } else {
            printError(e.line > 0 ? "\(e.file):\(e.line):\(e.column): error: \(e.message)" : "\(e.file): error: \(e.message)")
        }
        throw ExitCode(1)
    }
}
