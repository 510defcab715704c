import KQLColumns
import KQLEngine

/// A result as CSV or JSON text: what `quarry run --format csv|json|jsonl` prints and what the
/// server's query page downloads (one implementation for both).
public enum ResultExport {
    /// One cell as text (terminal and CSV): `tostring()`'s text, except that a dynamic value
    /// prints as JSON (a string inside it keeps its quotes); null is empty.
    public static func text(_ v: Value) -> String {
        if case .dynamic(let d) = v, d != .null { return JSON.serialize(d) }
        return kqlString(v)
    }

    /// One cell as a JSON value: numbers and bools native, datetimes and timespans as Kusto text,
    /// dynamic as JSON, null as null.
    public static func jsonValue(_ v: Value, into out: inout [UInt8]) {
        switch v {
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .int(let x): out += Array(String(x).utf8)
        case .long(let x): out += Array(String(x).utf8)
        case .real(let x):
            if x.isFinite { out += Array(formatReal(x).utf8) } else { JSON.writeString(formatReal(x), into: &out) }
        case .decimal(let d): JSON.writeString(d.description, into: &out)   // every digit, as Kusto's JSON does
        case .string(let s): JSON.writeString(s, into: &out)
        case .datetime(let t): JSON.writeString(DateTime.format(t), into: &out)
        case .timespan(let t): JSON.writeString(TimeSpan.format(t), into: &out)
        case .guid(let g): JSON.writeString(g.description, into: &out)
        case .dynamic(let d): JSON.write(d, into: &out)
        }
    }

    /// `{"columns": [{"name", "type"}], "rows": [[cell, …], …]}`.
    public static func json(_ t: Table) -> String {
        var out: [UInt8] = Array("{\"columns\":[".utf8)
        for (i, f) in t.schema.fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out += Array("{\"name\":".utf8)
            JSON.writeString(f.name, into: &out)
            out += Array(",\"type\":\"\(f.type.rawValue)\"}".utf8)
        }
        out += Array("],\"rows\":[".utf8)
        var first = true
        forEachRow(t.batches) { row in
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(UInt8(ascii: "["))
            for (j, v) in row.enumerated() {
                if j > 0 { out.append(UInt8(ascii: ",")) }
                jsonValue(v, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out += Array("]}".utf8)
        return String(decoding: out, as: UTF8.self)
    }

    /// One JSON Lines record, with its line break.
    public static func jsonLine(_ row: [Value], _ schema: Schema, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (j, v) in row.enumerated() {
            if j > 0 { out.append(UInt8(ascii: ",")) }
            JSON.writeString(schema.fields[j].name, into: &out)
            out.append(UInt8(ascii: ":"))
            jsonValue(v, into: &out)
        }
        out += Array("}\n".utf8)
    }

    /// The header line and a line per row (no line break after the last).
    public static func csv(_ t: Table) -> String {
        var out: [UInt8] = []
        csvHeader(t.schema, into: &out)
        forEachRow(t.batches) { csvRow($0, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    public static func csvHeader(_ schema: Schema, into out: inout [UInt8]) {
        for (j, name) in schema.names.enumerated() {
            if j > 0 { out.append(0x2C) }
            csvField(name, into: &out)
        }
    }

    /// A line break, then the row's fields.
    public static func csvRow(_ row: [Value], into out: inout [UInt8]) {
        out.append(0x0A)
        for (j, v) in row.enumerated() {
            if j > 0 { out.append(0x2C) }
            csvField(text(v), into: &out)
        }
    }

    /// RFC 4180: a field holding a comma, quote or line break is quoted, its quotes doubled.
    public static func csvField(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { u in
            guard u.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
                out.append(contentsOf: u)
                return
            }
            out.append(0x22)
            for c in u {
                out.append(c)
                if c == 0x22 { out.append(0x22) }
            }
            out.append(0x22)
        }
    }

    public static func forEachRow(_ batches: [Batch], _ body: ([Value]) -> Void) {
        for b in batches {
            for i in 0..<b.count { body(b.columns.map { $0.value(at: i) }) }
        }
    }
}
