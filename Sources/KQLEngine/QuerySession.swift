import Foundation
import KQLColumns
import KQLSyntax

/// Options for one query run.
public struct QueryOptions: Sendable {
    /// The instant `now()` and `ago()` use, in ticks; nil = the wall clock at the start of the run.
    public var now: Int64?
    /// `--set NAME=VALUE`: replaces the value of the query's top-level `let NAME`.
    public var parameters: [String: String]
    /// Apply the optimizer's rules (false runs the plain bound plan: for differential tests).
    public var optimize: Bool
    public init(now: Int64? = nil, parameters: [String: String] = [:], optimize: Bool = true) {
        self.now = now; self.parameters = parameters; self.optimize = optimize
    }
}

public struct QueryResult: Sendable {
    public var table: Table
    public var warnings: [String]
}

/// A failed query: its diagnostics and the source they point into.
public struct QueryError: Error, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var source: SourceText
    public init(diagnostics: [Diagnostic], source: SourceText) { self.diagnostics = diagnostics; self.source = source }
    public var description: String { diagnostics.map { $0.rendered(in: source) }.joined(separator: "\n") }
}

/// The public entry of the engine: parse, bind, run.
public final class QuerySession {
    public var tables: [String: TableSource]

    public init(tables: [String: TableSource] = [:]) { self.tables = tables }

    /// Runs a query and returns its result table, or throws `QueryError` with positioned diagnostics.
    public func run(_ text: String, options: QueryOptions = QueryOptions()) throws -> QueryResult {
        let source = SourceText(text)
        let (query, diags) = KQLParser.parse(source)
        let errors = diags.filter { $0.severity == .error }
        if !errors.isEmpty { throw QueryError(diagnostics: errors, source: source) }
        let session = SessionContext(now: options.now ?? Self.wallClockTicks(), tables: tables, source: source)
        let binder = Binder(session: session, overrides: options.parameters)
        do {
            let bound = try binder.bind(query)
            let plan = options.optimize ? Optimizer.optimize(bound) : bound
            let table = try Executor(session: session).execute(plan)
            return QueryResult(table: table, warnings: binder.warnings)
        } catch let d as Diagnostic {
            throw QueryError(diagnostics: [d], source: source)
        }
    }

    /// Parses (and unless `syntaxOnly`, binds against the tables' schemas, reading no data).
    public func check(_ text: String, syntaxOnly: Bool = false) -> (diagnostics: [Diagnostic], source: SourceText) {
        let source = SourceText(text)
        let (query, diags) = KQLParser.parse(source)
        if syntaxOnly || diags.contains(where: { $0.severity == .error }) { return (diags, source) }
        let schemaOnly = tables.mapValues { t in
            TableSource(schema: t.schema, load: { Table(schema: t.schema, batches: []) })
        }
        let session = SessionContext(now: Self.wallClockTicks(), tables: schemaOnly, source: source)
        do {
            _ = try Binder(session: session).bind(query)
            return (diags, source)
        } catch let d as Diagnostic {
            return (diags + [d], source)
        } catch {
            return (diags + [Diagnostic(code: "KQR000", "\(error)", span: .empty)], source)
        }
    }

    static func wallClockTicks() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return DateTime.unixEpochTicks + Int64(ts.tv_sec) * DateTime.ticksPerSecond + Int64(ts.tv_nsec) / 100
    }
}
