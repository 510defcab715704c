import Foundation
import KQLColumns
import KQLSyntax

/// One query run's state, shared by every operator of the run: the results of shared plans and
/// subqueries (each computed once), and the run's limits — cancellation, the deadline and the
/// memory budget. Operators call `checkpoint()` between batches and `reserve` before they grow.
final class QueryContext: @unchecked Sendable {
    /// Results of shared plans (`materialize()`, tabular lets read more than once), by plan id.
    var sharedResults: [Int: Table] = [:]
    /// First-column values of subqueries already run, by subquery id.
    var subqueryColumns: [Int: [Value]] = [:]

    let cancellation: Cancellation?
    /// Seconds allowed and the instant they run out (monotonic clock), if limited.
    let timeout: Double?
    private let deadline: UInt64?
    /// Bytes the operators that hold rows may hold at once.
    let memoryBudget: Int
    private(set) var memoryHeld = 0
    /// Threads the operators may use at once (the query's thread budget; at least 1).
    let threads: Int
    /// Where `externaldata` gets its rows (the host's fetcher, cache and mappings); nil = none.
    var externalData: (any ExternalDataProvider)? = nil
    private let lock = NSLock()

    init(cancellation: Cancellation? = nil, timeout: Double? = nil, memoryBudget: Int = QueryOptions.defaultMemoryBudget, threads: Int? = nil) {
        self.threads = max(1, min(threads ?? workerCount, 1024))
        self.cancellation = cancellation
        self.timeout = timeout
        // Clamped: a NaN, negative or huge timeout must not trap in the conversion (a century is "none").
        self.deadline = timeout.map { t in
            let ns = t.isNaN ? 0 : min(max(0, t), 3.15e9) * 1e9
            return DispatchTime.now().uptimeNanoseconds &+ UInt64(ns)
        }
        self.memoryBudget = memoryBudget
    }

    /// Throws when the query was cancelled or ran out of time; called between batches.
    func checkpoint() throws {
        if let cancellation, cancellation.isCancelled {
            throw QueryLimitError(code: .cancelled, message: "the query was cancelled")
        }
        if let deadline, DispatchTime.now().uptimeNanoseconds > deadline {
            throw QueryLimitError(code: .timeout, message: "the query ran longer than its time limit of \(formatSeconds(timeout ?? 0)) (--timeout)")
        }
    }

    /// Takes `bytes` of the budget for `op`'s rows, or throws naming the operator when they would
    /// exceed it. Pair with `release` once the rows are handed on.
    func reserve(_ bytes: Int, for op: String) throws {
        lock.lock(); defer { lock.unlock() }
        let (sum, overflow) = memoryHeld.addingReportingOverflow(max(0, bytes))
        if overflow || sum > memoryBudget {
            throw QueryLimitError(code: .memoryBudgetExceeded, message: "\(op) needs \(formatBytes(bytes)) more, which exceeds the query's memory budget of \(formatBytes(memoryBudget)) (\(formatBytes(memoryHeld)) held); narrow the query, or raise the budget with --max-memory")
        }
        memoryHeld = sum
    }

    func release(_ bytes: Int) {
        lock.lock(); defer { lock.unlock() }
        memoryHeld = max(0, memoryHeld - max(0, bytes))
    }

    /// Reserves `bytes` for the duration of `body`.
    func holding<R>(_ bytes: Int, for op: String, _ body: () throws -> R) throws -> R {
        try reserve(bytes, for: op)
        defer { release(bytes) }
        return try body()
    }
}

/// Checks a query's limits every `every` units of work in a long loop (rows probed, pairs
/// built): cheap enough for the innermost loop of an operator, often enough that a deadline or a
/// cancellation stops it within milliseconds.
struct Pacer {
    let context: QueryContext
    let every: Int
    private var work = 0
    init(_ context: QueryContext, every: Int = 1 << 16) { self.context = context; self.every = every }
    @inline(__always) mutating func step(_ units: Int = 1) throws {
        work &+= units
        if work >= every {
            work = 0
            try context.checkpoint()
        }
    }
}

/// A flag another thread sets to stop a running query (Ctrl-C, a server whose client left).
/// The engine checks it between batches.
public final class Cancellation: @unchecked Sendable {
    private var cancelled = false
    private let lock = NSLock()
    public init() {}
    public func cancel() { lock.lock(); cancelled = true; lock.unlock() }
    public var isCancelled: Bool { lock.lock(); defer { lock.unlock() }; return cancelled }
}

/// A query stopped by a limit (cancellation, time, memory, result truncation): no position in
/// the query is to blame, so it carries a code and a message only.
public struct QueryLimitError: Error, CustomStringConvertible, Sendable {
    public var code: DiagnosticCode
    public var message: String
    public var description: String { message }
}

func formatBytes(_ n: Int) -> String {
    let units = ["bytes", "KB", "MB", "GB", "TB"]
    var v = Double(n), i = 0
    while v >= 1024, i < units.count - 1 { v /= 1024; i += 1 }
    return i == 0 ? "\(n) bytes" : "\(String(format: "%.1f", v)) \(units[i])"
}

func formatSeconds(_ s: Double) -> String {
    s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s)
}
