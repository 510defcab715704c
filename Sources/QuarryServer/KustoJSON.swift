import KQLColumns
import KQLEngine

/// A JSON document built as bytes.
struct JSONWriter {
    var bytes: [UInt8] = []
    mutating func raw(_ s: String) { bytes += Array(s.utf8) }
    mutating func string(_ s: String) { JSON.writeString(s, into: &bytes) }

    /// A cell as Kusto's JSON encodes it (response.md): numbers and bools native, datetime,
    /// timespan and guid as strings, dynamic as its JSON, null as null. Non-finite reals are
    /// the strings "NaN", "Infinity", "-Infinity".
    mutating func value(_ v: Value) {
        switch v {
        case .null: raw("null")
        case .bool(let b): raw(b ? "true" : "false")
        case .int(let x): raw(String(x))
        case .long(let x): raw(String(x))
        case .real(let x):
            if x.isFinite { raw(formatReal(x)) } else { string(x.isNaN ? "NaN" : x > 0 ? "Infinity" : "-Infinity") }
        case .decimal(let d): string(d.description)   // as text, every digit (Kusto writes decimals as strings)
        case .string(let s): string(s)
        case .datetime(let t): string(DateTime.format(t))
        case .timespan(let t): string(TimeSpan.format(t))
        case .guid(let g): string(g.description)
        case .dynamic(let d): JSON.write(d, into: &bytes)
        }
    }

    /// `[{"ColumnName": …, "ColumnType": …}, …]`; v1 adds `DataType`, the .NET type name.
    mutating func columns(_ schema: Schema, v1: Bool) {
        raw("[")
        for (i, f) in schema.fields.enumerated() {
            if i > 0 { raw(",") }
            raw("{\"ColumnName\":"); string(f.name)
            if v1 { raw(",\"DataType\":"); string(KustoTypes.dotNetName(f.type)) }
            raw(",\"ColumnType\":"); string(f.type.rawValue)
            raw("}")
        }
        raw("]")
    }

    /// `[[cell, …], …]`.
    mutating func rows(_ batches: [Batch]) {
        raw("[")
        var first = true
        for b in batches {
            for i in 0..<b.count {
                raw(first ? "[" : ",[")
                first = false
                for (j, c) in b.columns.enumerated() {
                    if j > 0 { raw(",") }
                    value(c.value(at: i))
                }
                raw("]")
            }
        }
        raw("]")
    }
}

enum KustoTypes {
    /// The .NET type of a column in v1 responses (`DataType`), and in schema JSON (`Type`).
    static func dotNetName(_ t: KQLType) -> String {
        switch t {
        case .bool: return "Boolean"
        case .int: return "Int32"
        case .long: return "Int64"
        case .real: return "Double"
        case .decimal: return "Decimal"
        case .string: return "String"
        case .datetime: return "DateTime"
        case .timespan: return "TimeSpan"
        case .dynamic: return "Object"
        case .guid: return "Guid"
        }
    }
}

/// A result table to write: name, kind (v2 `TableKind`), schema and rows.
struct ResultTable {
    var name: String
    var kind: String
    var schema: Schema
    var batches: [Batch]

    init(name: String, kind: String, schema: Schema, batches: [Batch]) {
        self.name = name; self.kind = kind; self.schema = schema; self.batches = batches
    }

    /// A table from rows of values (small tables: properties, status, management results).
    init(name: String, kind: String, schema: Schema, rows: [[Value]]) {
        self.name = name; self.kind = kind; self.schema = schema
        var builders = schema.fields.map { ColumnBuilder(type: $0.type) }
        for r in rows { for (i, v) in r.enumerated() where i < builders.count { builders[i].append(v) } }
        batches = rows.isEmpty ? [] : [Batch(columns: builders.map { $0.finish() }, count: rows.count)]
    }
}

/// The response bodies of the v2 (response-v2.md) and v1 (response.md) protocols.
enum KustoResponse {
    static let completionSchema = Schema([
        Field("Timestamp", .datetime), Field("ClientRequestId", .string), Field("ActivityId", .guid),
        Field("SubActivityId", .guid), Field("ParentActivityId", .guid), Field("Level", .int), Field("LevelName", .string),
        Field("StatusCode", .int), Field("StatusCodeName", .string), Field("EventType", .int), Field("EventTypeName", .string),
        Field("Payload", .string),
    ])

    /// The v2 `@ExtendedProperties` row for the primary result: its visualization (none here; `render` is not carried yet).
    static func extendedProperties() -> ResultTable {
        let keys = ["Visualization", "Title", "XColumn", "Series", "YColumns", "AnomalyColumns", "XTitle", "YTitle", "XAxis", "YAxis",
                    "Legend", "YSplit", "Accumulate", "IsQuerySorted", "Kind", "Ymin", "Ymax", "Xmin", "Xmax"]
        let vis = DynamicValue.object(PropertyBag(keys.map { ($0, DynamicValue.null) }))
        return ResultTable(name: "@ExtendedProperties", kind: "QueryProperties",
                           schema: Schema([Field("TableId", .int), Field("Key", .string), Field("Value", .dynamic)]),
                           rows: [[.int(1), .string("Visualization"), .dynamic(vis)]])
    }

    static func completion(requestId: String, activityId: String, rows: Int, error: KustoError?) -> ResultTable {
        let now = Value.datetime(QueryClock.nowTicks())
        let act = Value.guid(GUID(parsing: Substring(activityId)) ?? GUID(parsing: "00000000-0000-0000-0000-000000000000")!)
        var payload = JSONWriter()
        let row: [Value]
        if let error {
            error.object(&payload, clientRequestId: requestId, activityId: activityId)
            row = [now, .string(requestId), act, act, act, .int(2), .string("Error"), .int(-2133196797), .string("E_FAIL"),
                   .int(4), .string("QueryInfo"), .string(String(decoding: payload.bytes, as: UTF8.self))]
        } else {
            payload.raw("{\"Count\":1,\"Text\":\"Query completed successfully\"}")
            row = [now, .string(requestId), act, act, act, .int(4), .string("Info"), .int(0), .string("S_OK (0)"),
                   .int(4), .string("QueryInfo"), .string(String(decoding: payload.bytes, as: UTF8.self))]
        }
        return ResultTable(name: "QueryCompletionInformation", kind: "QueryCompletionInformation", schema: completionSchema, rows: [row])
    }

    /// A v2 data set: DataSetHeader, one DataTable frame per table (ids in order), DataSetCompletion.
    /// With `error` (a failure after the query started, such as a result over the truncation limit)
    /// the primary table's rows hold the OneApiErrors object in place of rows, and the completion
    /// frame reports it: what Kusto sends for a partial query failure, which its clients raise.
    /// With `progressive` (the request property `results_progressive_enabled`) the primary table
    /// is sent as TableHeader, TableFragment frames (DataAppend, one per batch group of at most
    /// `fragmentRows` rows) and TableCompletion; the other tables stay DataTable frames.
    static func v2(_ tables: [ResultTable], error: KustoError? = nil, requestId: String, activityId: String,
                   progressive: Bool = false, fragmentRows: Int = 10_000) -> [UInt8] {
        var w = JSONWriter()
        dataSetHeader(&w, progressive: progressive)
        for (id, t) in tables.enumerated() {
            if progressive, error == nil, t.kind == "PrimaryResult" {
                tableHeader(&w, id: id, t)
                var rows = 0
                var pending: [Batch] = []
                var pendingRows = 0
                func flush() {
                    guard pendingRows > 0 else { return }
                    tableFragment(&w, id: id, fieldCount: t.schema.fields.count, pending)
                    rows += pendingRows
                    pending = []
                    pendingRows = 0
                }
                for b in t.batches {
                    pending.append(b)
                    pendingRows += b.count
                    if pendingRows >= fragmentRows { flush() }
                }
                flush()
                tableCompletion(&w, id: id, rows: rows)
                continue
            }
            if error == nil || t.kind != "PrimaryResult" {
                dataTable(&w, id: id, t)
                continue
            }
            w.raw(",\n{\"FrameType\":\"DataTable\",\"TableId\":\(id),\"TableKind\":"); w.string(t.kind)
            w.raw(",\"TableName\":"); w.string(t.name)
            w.raw(",\"Columns\":"); w.columns(t.schema, v1: false)
            w.raw(",\"Rows\":")
            if let error {
                w.raw("[{\"OneApiErrors\":[{\"error\":")
                error.object(&w, clientRequestId: requestId, activityId: activityId)
                w.raw("}]}]")
            } else {
                w.rows(t.batches)
            }
            w.raw("}")
        }
        dataSetCompletion(&w, error: error, requestId: requestId, activityId: activityId)
        return w.bytes
    }

    // MARK: Frames (response-v2.md), shared by the buffered body above and the streamed one (ProgressiveResponse.swift)

    /// `[` and the DataSetHeader frame.
    static func dataSetHeader(_ w: inout JSONWriter, progressive: Bool) {
        w.raw("[{\"FrameType\":\"DataSetHeader\",\"IsProgressive\":\(progressive),\"Version\":\"v2.0\",\"IsFragmented\":false,\"ErrorReportingPlacement\":\"InData\"}")
    }

    static func dataTable(_ w: inout JSONWriter, id: Int, _ t: ResultTable) {
        w.raw(",\n{\"FrameType\":\"DataTable\",\"TableId\":\(id),\"TableKind\":"); w.string(t.kind)
        w.raw(",\"TableName\":"); w.string(t.name)
        w.raw(",\"Columns\":"); w.columns(t.schema, v1: false)
        w.raw(",\"Rows\":"); w.rows(t.batches)
        w.raw("}")
    }

    static func tableHeader(_ w: inout JSONWriter, id: Int, _ t: ResultTable) {
        w.raw(",\n{\"FrameType\":\"TableHeader\",\"TableId\":\(id),\"TableKind\":"); w.string(t.kind)
        w.raw(",\"TableName\":"); w.string(t.name)
        w.raw(",\"Columns\":"); w.columns(t.schema, v1: false)
        w.raw("}")
    }

    static func tableFragment(_ w: inout JSONWriter, id: Int, fieldCount: Int, _ batches: [Batch]) {
        w.raw(",\n{\"FrameType\":\"TableFragment\",\"TableFragmentType\":\"DataAppend\",\"TableId\":\(id),\"FieldCount\":\(fieldCount),\"Rows\":")
        w.rows(batches)
        w.raw("}")
    }

    /// TableCompletion; with `error` (the query failed after some fragments were sent) it carries
    /// the OneApiErrors too.
    static func tableCompletion(_ w: inout JSONWriter, id: Int, rows: Int, error: KustoError? = nil, requestId: String = "", activityId: String = "") {
        w.raw(",\n{\"FrameType\":\"TableCompletion\",\"TableId\":\(id),\"RowCount\":\(rows)")
        if let error {
            w.raw(",\"OneApiErrors\":[{\"error\":")
            error.object(&w, clientRequestId: requestId, activityId: activityId)
            w.raw("}]")
        }
        w.raw("}")
    }

    /// The DataSetCompletion frame and the closing `]`.
    static func dataSetCompletion(_ w: inout JSONWriter, error: KustoError?, cancelled: Bool = false, requestId: String, activityId: String) {
        if let error {
            w.raw(",\n{\"FrameType\":\"DataSetCompletion\",\"HasErrors\":true,\"Cancelled\":\(cancelled),\"OneApiErrors\":[{\"error\":")
            error.object(&w, clientRequestId: requestId, activityId: activityId)
            w.raw("}]}]")
        } else {
            w.raw(",\n{\"FrameType\":\"DataSetCompletion\",\"HasErrors\":false,\"Cancelled\":false}]")
        }
    }

    /// A v1 body: `{"Tables": [...]}`. A query's tables are followed by a TableOfContents
    /// (Ordinal, Kind, Name, Id, PrettyName); a management command's result is one table.
    static func v1(_ tables: [ResultTable], tableOfContents: Bool) -> [UInt8] {
        var all = tables
        if tableOfContents {
            let kinds = ["PrimaryResult": "QueryResult", "QueryProperties": "QueryProperties", "QueryCompletionInformation": "QueryStatus"]
            let rows: [[Value]] = tables.enumerated().map { i, t in
                [.long(Int64(i)), .string(kinds[t.kind] ?? t.kind), .string(t.name), .string(GUIDs.random()), .string("")]
            }
            all.append(ResultTable(name: "Table_\(tables.count)", kind: "TableOfContents",
                                   schema: Schema([Field("Ordinal", .long), Field("Kind", .string), Field("Name", .string),
                                                   Field("Id", .string), Field("PrettyName", .string)]), rows: rows))
        }
        var w = JSONWriter()
        w.raw("{\"Tables\":[")
        for (i, t) in all.enumerated() {
            if i > 0 { w.raw(",\n") }
            w.raw("{\"TableName\":"); w.string("Table_\(i)")
            w.raw(",\"Columns\":"); w.columns(t.schema, v1: true)
            w.raw(",\"Rows\":"); w.rows(t.batches)
            w.raw("}")
        }
        w.raw("]}")
        return w.bytes
    }
}

enum GUIDs {
    static func random() -> String {
        var g = SystemRandomNumberGenerator()
        let hex = (0..<32).map { _ in String(Int.random(in: 0..<16, using: &g), radix: 16) }.joined()
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-4" + String(c[13..<16]) + "-a" + String(c[17..<20]) + "-" + String(c[20..<32])
    }
}
