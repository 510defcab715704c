import Foundation
import KQLColumns
import KQLSyntax

/// Options for one query run.
public struct QueryOptions: Sendable {
    /// The instant `now()` and `ago()` use, in ticks; nil = the wall clock at the start of the run.
    public var now: Int64?
    /// `--set NAME=VALUE`: replaces the value of the query's top-level `let NAME`.
    public var parameters: [String: String]
    /// How a parameter is named in its errors when it is not `--set NAME` (the CLI names a
    /// hunt file's header line: `@param NAME (line 3)`).
    public var parameterLabels: [String: String] = [:]
    /// Values of the query's `declare query_parameters(...)` (a REST request's `Parameters`), as
    /// text read in the declared type (as `--set` reads it); a parameter without a value takes its
    /// default, or fails. Names the query does not declare are ignored, as Kusto does.
    public var queryParameters: [String: String] = [:]
    /// Apply the optimizer's rules (false runs the plain bound plan: for differential tests).
    public var optimize: Bool
    /// Stop the query with an error after this many seconds (nil = no limit).
    public var timeout: Double? = nil
    /// Set from another thread to stop the query (checked between batches).
    public var cancellation: Cancellation? = nil
    /// Bytes the operators that hold rows (join, summarize, sort, mv-expand, make-series, …) may
    /// hold at once; past it the query fails naming the operator.
    public var maxMemory: Int = QueryOptions.defaultMemoryBudget
    /// Result truncation as Kusto applies it by default; nil = none. The query's own
    /// `set notruncation;`, `set truncationmaxrecords = N;` and `set truncationmaxsize = N;` win.
    public var truncation: Truncation? = .kustoDefault
    /// Threads the query's operators may use at once (nil = every core, or `QUARRY_THREADS`).
    /// Part of the query's context, so a server can give each request its share.
    public var maxThreads: Int? = nil
    /// Gives `externaldata` its rows: the host fetches, caches or maps the URLs and parses them
    /// (QuarryIO's `ExternalDataLoader` does all of that). Binding never asks it; without one, a
    /// query that runs `externaldata` fails naming the operator.
    public var externalData: (any ExternalDataProvider)? = nil
    /// The MaxMind (`.mmdb`) database `geo_info_from_ip_address` reads (the CLI's `--geoip PATH`
    /// or `QUARRY_GEOIP`); without one the function gives null and a warning.
    public var geoip: MaxMindDatabase? = nil
    /// The database `current_database()` names: "Quarry" for the CLI, the request's database
    /// under `quarry serve`.
    public var databaseName: String = "Quarry"

    public init(now: Int64? = nil, parameters: [String: String] = [:], optimize: Bool = true) {
        self.now = now; self.parameters = parameters; self.optimize = optimize
    }

    /// Half of physical memory: room for the process itself and the page cache the readers map.
    public static let defaultMemoryBudget: Int = Int(min(ProcessInfo.processInfo.physicalMemory / 2, UInt64(Int.max)))
}

/// Kusto's result-set limits: past either, the query fails (E_QUERY_RESULT_SET_TOO_LARGE).
public struct Truncation: Sendable, Equatable {
    public var maxRecords: Int
    public var maxBytes: Int
    public init(maxRecords: Int, maxBytes: Int) { self.maxRecords = maxRecords; self.maxBytes = maxBytes }
    /// 500,000 records or 64 MB, Kusto's defaults.
    public static let kustoDefault = Truncation(maxRecords: 500_000, maxBytes: 64 * 1024 * 1024)
}

public struct QueryResult: Sendable {
    public var table: Table
    public var warnings: [String]
    /// What the query's final `render` asks to draw (nil without one).
    public var visualization: Visualization? = nil
    /// The table's name when the query returns several (fork, facet); nil for a single result.
    public var name: String? = nil
    /// The query's result tables after this one (fork, facet), in order.
    public var moreResults: [QueryResult] = []
}

/// A failed query: its diagnostics and the source they point into.
public struct QueryError: Error, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var source: SourceText
    public init(diagnostics: [Diagnostic], source: SourceText) { self.diagnostics = diagnostics; self.source = source }
    public var description: String { diagnostics.map { $0.rendered(in: source) }.joined(separator: "\n") }
}

/// A running query's rows, pulled group by group; errors while running are `QueryError`s (or
/// the table provider's own errors, such as a reader's positioned `ReadError`).
public final class QueryStream {
    public let schema: Schema
    public let warnings: [String]
    /// What the query's final `render` asks to draw (nil without one).
    public let visualization: Visualization?
    private let source: SourceText
    private let rows: BatchStream
    /// The large-stack thread that runs the plan's pulls (LargeStack.swift).
    private let worker: LargeStackThread

    private let truncation: Truncation?
    /// Rows returned so far.
    public private(set) var rowCount = 0
    /// Set by `QuerySession.stream` when a note about an empty result may apply (StaleDataNote.swift).
    var emptyResultCheck: (() -> String?)? = nil
    private var records = 0
    private var bytes = 0
    /// The table's name when the query returns several result tables (fork, facet: a leg's
    /// `Name =` or `as`, else `GenericResult`; facet's column tables are named after the column);
    /// nil for a query's single result.
    public internal(set) var resultName: String? = nil
    /// Opens the next result table's stream (set when there is one).
    var following: (() throws -> QueryStream)? = nil
    /// Whether the query has result tables after this one (`nextResult()`).
    public var hasMoreResults: Bool { following != nil }

    /// The query's next result table (fork, facet), to pull after this one's rows; nil when this
    /// is the last. Tables share the query's context: a plan they share runs once.
    public func nextResult() throws -> QueryStream? {
        guard let following else { return nil }
        self.following = nil
        return try following()
    }

    init(source: SourceText, schema: Schema, warnings: [String], visualization: Visualization? = nil, truncation: Truncation?,
         worker: LargeStackThread, start: @escaping () throws -> BatchStream) throws {
        self.visualization = visualization
        self.source = source
        self.schema = schema
        self.warnings = warnings
        self.truncation = truncation
        self.worker = worker
        // Operators and expressions are run recursively: on a large stack, like binding (LargeStack.swift).
        do { rows = try worker.run(start) } catch let d as Diagnostic { throw QueryError(diagnostics: [d], source: source) }
    }

    /// The next group of result batches (never empty), or nil at the end. Past the truncation
    /// limits it throws Kusto's E_QUERY_RESULT_SET_TOO_LARGE error instead (no partial result).
    public func next() throws -> [Batch]? {
        let group: [Batch]?
        let rows = self.rows
        do { group = try worker.run { try rows.next() } } catch let d as Diagnostic { throw QueryError(diagnostics: [d], source: source) }
        for b in group ?? [] { rowCount += b.count }
        if let group, let truncation {
            for b in group {
                records += b.count
                bytes += b.approximateBytes
            }
            if records > truncation.maxRecords {
                throw QueryLimitError(code: .resultTooLarge, message: "Query result set has exceeded the internal record count limit \(truncation.maxRecords) (E_QUERY_RESULT_SET_TOO_LARGE); add 'set notruncation;' before the query, or use --no-truncation")
            }
            if bytes > truncation.maxBytes {
                throw QueryLimitError(code: .resultTooLarge, message: "Query result set has exceeded the internal data size limit \(truncation.maxBytes) (E_QUERY_RESULT_SET_TOO_LARGE); add 'set notruncation;' before the query, or use --no-truncation")
            }
        }
        return group
    }

    /// After the last row: a note when the query returned no rows because every row of a table it
    /// filters by time is older than the window its `ago()` opened (StaleDataNote.swift); nil
    /// otherwise. Reads the filtered time column once, and only in that case.
    public func emptyResultNote() -> String? {
        guard rowCount == 0, let check = emptyResultCheck else { return nil }
        return check()
    }
}

/// The public entry of the engine: parse, bind, run.
public final class QuerySession {
    public var tables: [String: any TableProvider]
    /// Names of tables a schema catalog knows (the CLI sets QuarryIO's): an unknown table among
    /// them is reported as known but not bound, and they are "did you mean" candidates.
    public var catalogTableNames: [String] = []
    /// `check` only: a `_GetWatchlist('name')` no file is bound to is checked with the columns the
    /// query reads from it, with a warning (QuerySession+Watchlists.swift). Off: it is an error.
    public var inferUnboundWatchlists = false
    /// Tables a wildcard (`union *`, `union Sec*`, `search *`, `find`) leaves out; named, they
    /// bind as always. `quarry check` puts the catalog's custom logs and parser functions here
    /// (`SchemaCatalog.workspaceContentTables`).
    public var excludedFromWildcards: Set<String> = []

    public init(tables: [String: any TableProvider] = [:]) { self.tables = tables }

    /// Runs a query and returns its result table, or throws `QueryError` with positioned diagnostics.
    public func run(_ text: String, options: QueryOptions = QueryOptions()) throws -> QueryResult {
        let stream = try self.stream(text, options: options)
        var results: [QueryResult] = []
        var current: QueryStream? = stream
        while let s = current {
            var batches: [Batch] = []
            while let group = try s.next() { batches += group }
            results.append(QueryResult(table: Table(schema: s.schema, batches: batches), warnings: s.warnings, visualization: s.visualization, name: s.resultName))
            current = try s.nextResult()
        }
        var first = results[0]
        first.moreResults = Array(results.dropFirst())
        return first
    }

    /// Starts a query: binds and optimizes it, and returns its rows as a stream that runs the plan
    /// as it is pulled (so a caller can write rows as they arrive, and stop early).
    public func stream(_ text: String, options: QueryOptions = QueryOptions()) throws -> QueryStream {
        try stream(SourceText(text), options: options)
    }

    /// `stream` for query text read as bytes (`SourceText(bytes:)`): bytes that are not UTF-8 are
    /// positioned errors rather than U+FFFD.
    public func stream(_ source: SourceText, options: QueryOptions = QueryOptions()) throws -> QueryStream {
        let worker = LargeStackThread()
        let (plan, session, warnings, properties, visualization, more) = try worker.run { try self.prepare(source, options: options) }
        let context = QueryContext(cancellation: options.cancellation, timeout: options.timeout, memoryBudget: options.maxMemory,
                                   threads: options.maxThreads)
        context.externalData = options.externalData
        let executor = Executor(session: session, context: context)
        let stream = try QueryStream(source: session.source ?? source, schema: plan.schema, warnings: warnings,
                                     visualization: visualization,
                                     truncation: properties.truncation(default: options.truncation), worker: worker) {
            try executor.stream(try executor.resolvingSubqueries(plan))
        }
        if !more.isEmpty {
            // fork, facet: the further result tables, opened one after the other on the same
            // executor (its context caches the input they share).
            stream.resultName = more[0].name
            let truncation = properties.truncation(default: options.truncation)
            func open(_ i: Int) throws -> QueryStream {
                let p = more[i].plan
                let s = try QueryStream(source: session.source ?? source, schema: p.schema, warnings: [], visualization: more[i].visualization,
                                        truncation: truncation, worker: worker) {
                    try executor.stream(try executor.resolvingSubqueries(p))
                }
                s.resultName = more[i].name
                if i + 1 < more.count { s.following = { try open(i + 1) } }
                return s
            }
            if more.count > 1 { stream.following = { try open(1) } }
        }
        // Only a query that used ago() on the wall clock (a cheap text test first).
        if options.now == nil, source.text.contains("ago(") {
            let tables = self.tables
            stream.emptyResultCheck = { StaleDataNote.note(for: StaleDataNote.windows(in: plan), tables: tables) }
        }
        return stream
    }

    /// The plan the query would run (optimized unless `options.optimize` is false), reading no data.
    public func explain(_ text: String, options: QueryOptions = QueryOptions()) throws -> ExplainNode {
        try explain(SourceText(text), options: options)
    }

    public func explain(_ source: SourceText, options: QueryOptions = QueryOptions()) throws -> ExplainNode {
        // Of a query with several result tables (fork, facet), the first table's plan.
        try withLargeStack { try self.prepare(source, options: options, readsData: false).plan.explain() }
    }

    /// Parse, bind (no data is read) and optimize.
    private func prepare(_ source: SourceText, options: QueryOptions, readsData: Bool = true) throws
        -> (plan: LogicalPlan, session: SessionContext, warnings: [String], properties: RequestProperties, visualization: Visualization?,
            results: [NamedPlan]) {
        let (query, diags) = KQLParser.parse(source)
        let errors = diags.filter { $0.severity == .error }
        if !errors.isEmpty { throw QueryError(diagnostics: errors, source: source) }
        let session = SessionContext(now: options.now ?? Self.wallClockTicks(), tables: tables, source: source)
        session.geoip = options.geoip
        session.databaseName = options.databaseName
        session.catalogTableNames = catalogTableNames
        session.excludedFromWildcards = excludedFromWildcards
        var probed: [Table] = []
        while true {
            let binder = Binder(session: session, overrides: options.parameters, queryParameters: options.queryParameters)
            binder.overrideLabels = options.parameterLabels
            binder.probedInputs = probed
            do {
                let bound = try binder.bind(query)
                // With fork or facet: every result table, the first one included (`results`).
                let all = binder.moreResults.isEmpty ? [bound] : [bound] + binder.moreResults.map(\.plan)
                let plans = options.optimize ? Optimizer.optimize(all) : all
                let results = binder.moreResults.isEmpty ? [] :
                    zip([binder.resultName ?? "GenericResult"] + binder.moreResults.map(\.name), zip(plans, [binder.visualization] + binder.moreResults.map(\.visualization)))
                        .map { NamedPlan(name: $0, plan: $1.0, visualization: $1.1) }
                return (plans[0], session, binder.warnings, binder.properties, binder.visualization, results)
            } catch let d as Diagnostic {
                throw QueryError(diagnostics: [d], source: source)
            } catch let need as NeedsInputData {
                // A plugin whose columns depend on its input's rows (bag_unpack without an output
                // schema): run that input now, and bind again with its rows. Each round adds one
                // table and rebinding is deterministic, so the loop ends after as many rounds as
                // the query has such plugins.
                guard readsData, need.ordinal == probed.count else {
                    throw QueryError(diagnostics: [Diagnostic(code: .unsupportedOperatorForm,
                        "the columns of evaluate \(need.plugin)(...) depend on the data, which is not read here; give them as an output schema: evaluate \(need.plugin)(...) : \(need.schemaHint)",
                        span: need.span)], source: source)
                }
                let plan = options.optimize ? Optimizer.optimize(need.plan) : need.plan
                let context = QueryContext(cancellation: options.cancellation, timeout: options.timeout, memoryBudget: options.maxMemory,
                                           threads: options.maxThreads)
                probed.append(try Executor(session: session, context: context).execute(plan))
            }
        }
    }

    /// Parses (and unless `syntaxOnly`, binds against the tables' schemas, reading no data).
    public func check(_ text: String, syntaxOnly: Bool = false) -> (diagnostics: [Diagnostic], source: SourceText) {
        check(SourceText(text), syntaxOnly: syntaxOnly)
    }

    public func check(_ source: SourceText, syntaxOnly: Bool = false) -> (diagnostics: [Diagnostic], source: SourceText) {
        do {
            return try withLargeStack { self.checkOnThisThread(source, syntaxOnly: syntaxOnly) }
        } catch {
            return ([Diagnostic(code: .internalError, "\(error)", span: .empty)], source)
        }
    }

    private func checkOnThisThread(_ source: SourceText, syntaxOnly: Bool) -> (diagnostics: [Diagnostic], source: SourceText) {
        let r = syntaxOnly ? bindSchemaOnThisThread(source, syntaxOnly: true)
            : withProvisionalWatchlists(source) { bindSchemaOnThisThread(source, syntaxOnly: false) }
        return (r.diagnostics, r.source)
    }

    /// `check`, also returning the result schema (column names and types, as the binder computes
    /// them) when the query binds; nil schema when it does not (or with `syntaxOnly`).
    public func checkSchema(_ text: String) -> (schema: Schema?, diagnostics: [Diagnostic], source: SourceText) {
        checkSchema(SourceText(text))
    }

    public func checkSchema(_ source: SourceText) -> (schema: Schema?, diagnostics: [Diagnostic], source: SourceText) {
        do {
            return try withLargeStack { self.withProvisionalWatchlists(source) { self.bindSchemaOnThisThread(source, syntaxOnly: false) } }
        } catch {
            return (nil, [Diagnostic(code: .internalError, "\(error)", span: .empty)], source)
        }
    }

    private func bindSchemaOnThisThread(_ source: SourceText, syntaxOnly: Bool)
        -> (schema: Schema?, diagnostics: [Diagnostic], source: SourceText) {
        var (query, diags) = KQLParser.parse(source)
        if syntaxOnly { return (nil, diags, source) }
        // The binder reads schemas only: no table is opened, whatever the query.
        let session = SessionContext(now: Self.wallClockTicks(), tables: tables, source: source)
        session.catalogTableNames = catalogTableNames
        session.excludedFromWildcards = excludedFromWildcards
        // check reports every error it finds: the binder recovers and goes on (Binder+Recovery.swift).
        let binder = Binder(session: session)
        binder.recovering = true
        let syntaxErrors = diags.filter { $0.severity == .error }
        binder.syntaxErrorOffsets = syntaxErrors.map(\.span.start).sorted()
        if !syntaxErrors.isEmpty {
            // The parser recovers at ';': the statements that parsed cleanly are bound too. A `let`
            // that did not parse is poisoned, so its uses are not reported again.
            // A statement owns the text up to the next one: an error there ("expected ';'" after
            // `where x contians "a"`) means the statement is not what was written.
            let starts = query.statements.map(\.span.start)
            query.statements = query.statements.enumerated().filter { i, st in
                let end = i + 1 < starts.count ? starts[i + 1] : Int.max
                let clean = !syntaxErrors.contains { $0.span.start >= st.span.start && $0.span.start < end }
                // A query statement keeps what parsed (the parser drops the operator it could not
                // read); the binder does not trust what depends on columns after the syntax error.
                // A statement that starts at a syntax error is what the parser made of the rest of
                // a broken one (`where x contians "a"`): dropped.
                if syntaxErrors.contains(where: { $0.span.start == st.span.start }) { return false }
                if case .expression = st.kind { return true }
                if !clean, case .let(let n, _, _) = st.kind { binder.poisonedNames.insert(n) }
                if !clean, case .letFunction(let n, _, _, _) = st.kind { binder.poisonedNames.insert(n) }
                return clean
            }.map(\.element)
        }
        func found(_ d: Diagnostic?) -> [Diagnostic] {
            var all = binder.recovered.isEmpty ? (d.map { [$0] } ?? []) : binder.recovered
            // A result statement that did not parse is not missing.
            if !syntaxErrors.isEmpty { all.removeAll { $0.code == .missingResult } }
            return (diags + all).enumerated().sorted { ($0.element.span.start, $0.offset) < ($1.element.span.start, $1.offset) }.map(\.element)
        }
        do {
            let plan = try binder.bind(query)
            return (syntaxErrors.isEmpty ? plan.schema : nil, diags, source)
        } catch let d as Diagnostic {
            return (nil, found(d), source)
        } catch let need as NeedsInputData {
            // What follows such a plugin binds against columns the data decides: not checkable here.
            return (nil, found(nil) + [Diagnostic(code: .unsupportedOperatorForm,
                "the columns of evaluate \(need.plugin)(...) depend on the data, which check does not read: the operators after it were not checked (an output schema, evaluate \(need.plugin)(...) : \(need.schemaHint), lets them be)",
                span: need.span, severity: .warning)], source)
        } catch {
            return (nil, diags + [Diagnostic(code: .internalError, "\(error)", span: .empty)], source)
        }
    }

    static func wallClockTicks() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return DateTime.unixEpochTicks + Int64(ts.tv_sec) * DateTime.ticksPerSecond + Int64(ts.tv_nsec) / 100
    }
}
