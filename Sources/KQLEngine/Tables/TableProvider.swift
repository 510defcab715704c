import KQLColumns
import KQLSyntax

/// What a scan asks of a table, as data: the columns to read (by name, in output order), the
/// simple predicates the reader may test early, and how many rows at most are needed.
public struct ScanRequest: Sendable, Hashable {
    public var columns: [String]
    /// A hint: a reader may drop rows failing them (never one passing them); the filter above
    /// the scan still runs, so a reader that ignores them stays correct.
    public var predicates: [ScanPredicate]
    /// At most this many rows are needed (`take` right above the scan); nil = all. A reader may
    /// return more, and may stop reading once it has produced this many.
    public var limit: Int?
    public init(columns: [String], predicates: [ScanPredicate] = [], limit: Int? = nil) {
        self.columns = columns; self.predicates = predicates; self.limit = limit
    }
}

/// Batches pulled group by group: each `next()` returns the batches produced together (a reader's
/// parallel pieces, or a whole in-memory table), which streaming operators process side by side
/// on all cores; nil at the end. Memory stays bounded by a group, not by the table.
public final class BatchStream {
    private let pull: () throws -> [Batch]?

    public init(_ pull: @escaping () throws -> [Batch]?) { self.pull = pull }

    /// The next group of batches (never empty), or nil at the end.
    public func next() throws -> [Batch]? {
        while let group = try pull() {
            if !group.isEmpty { return group }
        }
        return nil
    }

    /// A stream over batches already in memory: one group.
    public static func of(_ batches: [Batch]) -> BatchStream {
        var done = false
        return BatchStream {
            if done { return nil }
            done = true
            return batches
        }
    }

    /// A stream that runs `produce` when first pulled (so a plan's work starts only if its rows are wanted).
    static func deferred(_ produce: @escaping () throws -> [Batch]) -> BatchStream {
        var done = false
        return BatchStream {
            if done { return nil }
            done = true
            return try produce()
        }
    }

    /// Every remaining batch, as a table of `schema`.
    public func collect(_ schema: Schema) throws -> Table {
        var batches: [Batch] = []
        while let g = try next() { batches += g.filter { $0.count > 0 } }
        return Table(schema: schema, batches: batches)
    }
}

/// A table the engine can scan: its schema up front (binding needs nothing else), its rows on
/// demand. Readers (CSV, JSON, and later Parquet and the store) provide one per bound table, so
/// a table is opened only if a query scans it.
public protocol TableProvider: Sendable {
    var schema: Schema { get }
    /// The requested columns, in the requested order, with the provider's own column types.
    func scan(_ request: ScanRequest) throws -> BatchStream
}

/// A table provider built from closures: `load` reads everything; `loadColumns`, when given,
/// reads only the named columns (and may skip rows failing the predicates); `stream`, when
/// given, produces batches as it reads (and may stop early at the request's limit).
public struct TableSource: TableProvider {
    public var schema: Schema
    public var load: @Sendable () throws -> Table
    public var loadColumns: (@Sendable ([String], [ScanPredicate]) throws -> Table)?
    public var stream: (@Sendable (ScanRequest) throws -> BatchStream)?

    public init(schema: Schema, load: @escaping @Sendable () throws -> Table,
                loadColumns: (@Sendable ([String], [ScanPredicate]) throws -> Table)? = nil,
                stream: (@Sendable (ScanRequest) throws -> BatchStream)? = nil) {
        self.schema = schema; self.load = load; self.loadColumns = loadColumns; self.stream = stream
    }

    public init(_ table: Table) { schema = table.schema; load = { table }; loadColumns = nil; stream = nil }

    public func scan(_ request: ScanRequest) throws -> BatchStream {
        if let stream { return try stream(request) }
        let all = request.columns == schema.names && request.predicates.isEmpty
        let table = try (all ? nil : loadColumns?(request.columns, request.predicates)) ?? load()
        return BatchStream.of(try table.selecting(request.columns, as: schema).batches)
    }
}

extension Table {
    /// The named columns, in that order, checked against the types `declared` gives them.
    func selecting(_ names: [String], as declared: Schema) throws -> Table {
        var idx: [Int] = []
        for n in names {
            guard let i = schema.index(of: n), declared.index(of: n).map({ declared.fields[$0].type == schema.fields[i].type }) ?? true else {
                throw Diagnostic(code: .schemaMismatch, "table data does not match its declared schema at column '\(n)'", span: .empty)
            }
            idx.append(i)
        }
        if idx == Array(schema.fields.indices) { return self }
        return Table(schema: Schema(idx.map { schema.fields[$0] }), batches: batches.map { b in Batch(columns: idx.map { b.columns[$0] }, count: b.count) })
    }
}
