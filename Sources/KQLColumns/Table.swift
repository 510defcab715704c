/// A named, typed column of a schema.
public struct Field: Hashable, Sendable {
    public var name: String
    public var type: KQLType
    public init(_ name: String, _ type: KQLType) { self.name = name; self.type = type }
}

/// An ordered list of fields. Column names are case-sensitive, as in Kusto.
public struct Schema: Hashable, Sendable {
    public var fields: [Field]
    public init(_ fields: [Field]) { self.fields = fields }
    public func index(of name: String) -> Int? { fields.firstIndex { $0.name == name } }
    public var names: [String] { fields.map(\.name) }
}

/// Rows of a table, held column by column. All columns have `count` rows.
public struct Batch: Sendable {
    public var columns: [Column]
    public var count: Int
    public init(columns: [Column], count: Int) { self.columns = columns; self.count = count }
}

/// A table: a schema and its rows in batches.
public struct Table: Sendable {
    public var schema: Schema
    public var batches: [Batch]

    public init(schema: Schema, batches: [Batch]) { self.schema = schema; self.batches = batches }

    public var rowCount: Int { batches.reduce(0) { $0 + $1.count } }

    /// All rows as values (slow path: for output and tests).
    public func rows() -> [[Value]] {
        var out: [[Value]] = []
        out.reserveCapacity(rowCount)
        for b in batches {
            for i in 0..<b.count { out.append(b.columns.map { $0.value(at: i) }) }
        }
        return out
    }

    /// Builds a table from rows of values (tests, datatable, small results).
    public static func fromRows(schema: Schema, rows: [[Value]]) -> Table {
        var builders = schema.fields.map { ColumnBuilder(type: $0.type, capacity: rows.count) }
        for r in rows { for (j, v) in r.enumerated() { builders[j].append(v) } }
        return Table(schema: schema, batches: rows.isEmpty ? [] : [Batch(columns: builders.map { $0.finish() }, count: rows.count)])
    }
}
