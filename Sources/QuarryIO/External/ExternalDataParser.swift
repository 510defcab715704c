import Foundation
import KQLColumns

/// Parses `externaldata` content (one URL's bytes) into rows of the declared columns, in one of
/// Kusto's text formats (`ExternalDataFormat`). Also reads `--table NAME=FILE.txt` lists.
///
/// What the documentation leaves open, decided here (and in the README):
/// - delimited formats: a record with fewer fields than columns leaves the rest empty (null for
///   non-string columns); extra fields are ignored (hunts declare only the leading columns of a
///   feed); completely empty lines are skipped; RFC 4180 quoting in every delimited format but
///   `tsve`, which has backslash escapes instead;
/// - a value that does not parse as its column's type is null, as in Kusto's ingestion (a header
///   line read without `ignoreFirstRecord` gives such nulls); the count is reported as a warning;
/// - structure errors (an unterminated quote, text after a closing quote, a line that is not a
///   JSON object, bytes that are not UTF-8) fail with a `ReadError` naming line and column;
/// - `txt` and `raw` put the text in the first column (the others are empty); `raw` of empty
///   content is no record; JSON properties map to columns by exact name (absent = null), or,
///   with an `ingestionMapping` (`ExternalDataMapping`, json and multijson only), each column
///   takes the value at its JSONPath (null where the path finds nothing, e.g. a property step on
///   an array: see `ExternalDataMapping`);
/// - a JSON value converts to its column's type directly where it has that kind (a number to
///   long/real, a bool, a string to datetime), else from its text as the delimited formats
///   convert a field (a string to guid, timespan, int, long, …; a number to int or decimal).
public enum ExternalDataParser {
    public struct Result: Sendable {
        public var table: Table
        /// Non-empty values that did not parse as their column's type (read as null).
        public var unconvertedValues: Int
    }

    /// `mapping` (json and multijson only; its paths in the schema's column order) replaces the
    /// match by column name; with another format it is an error, never ignored.
    public static func parse(_ bytes: [UInt8], format: ExternalDataFormat, schema: Schema, ignoreFirstRecord: Bool,
                             source: String, mapping: ExternalDataMapping? = nil) throws -> Result {
        if let m = mapping {
            guard format == .json || format == .multijson else {
                throw ReadError(file: source, line: 1, column: 1, message: "ingestionMapping applies to the json and multijson formats only, and this content reads as \(format.rawValue)")
            }
            guard m.paths.count == schema.fields.count else {
                throw ReadError(file: source, line: 1, column: 1, message: "ingestionMapping has \(m.paths.count) paths for \(schema.fields.count) columns")
            }
        }
        return try bytes.withUnsafeBufferPointer { buf in
            try TextEncoding.requireUTF8(buf, file: source)
            let start = buf.count >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF ? 3 : 0
            switch format {
            case .json, .multijson:
                var rows = JSONRows(schema: schema, skipNext: ignoreFirstRecord, paths: mapping?.paths)
                if format == .json {
                    try parseJSONLines(buf, from: start, into: &rows, source: source)
                } else {
                    try parseMultiJSON(buf, from: start, into: &rows, source: source)
                }
                return rows.finish(schema)
            case .txt, .raw:
                var rows = TextRows(columns: schema.fields.count, skipNext: ignoreFirstRecord)
                if format == .raw {
                    if start < buf.count {
                        rows.field(UnsafeBufferPointer(rebasing: buf[start...]))
                        rows.endRecord()
                    }
                } else {
                    parseLines(buf, from: start, into: &rows)
                }
                return rows.finish(schema)
            case .csv, .tsv, .tsve, .scsv, .sohsv, .psv:
                var rows = TextRows(columns: schema.fields.count, skipNext: ignoreFirstRecord)
                try parseDelimited(buf, from: start, delimiter: format.delimiter ?? UInt8(ascii: ","),
                                   escapes: format == .tsve, into: &rows, source: source)
                return rows.finish(schema)
            }
        }
    }

    // MARK: Text formats

    /// Fields of text records collected per column, converted to the column types at the end.
    struct TextRows {
        var cols: [StringArray]
        var fieldIndex = 0
        var count = 0
        /// Drop the next record (`ignoreFirstRecord`).
        var skipNext: Bool

        init(columns: Int, skipNext: Bool) {
            cols = Array(repeating: StringArray(), count: columns)
            self.skipNext = skipNext
        }

        mutating func field(_ p: UnsafeBufferPointer<UInt8>) {
            if !skipNext && fieldIndex < cols.count { cols[fieldIndex].append(bytes: p) }
            fieldIndex += 1
        }

        mutating func endRecord() {
            defer { fieldIndex = 0 }
            if skipNext { skipNext = false; return }
            if fieldIndex < cols.count { for i in fieldIndex..<cols.count { cols[i].appendEmpty() } }
            count += 1
        }

        func finish(_ schema: Schema) -> Result {
            var columns: [Column] = []
            var unconverted = 0
            for (i, f) in schema.fields.enumerated() {
                let c = TypeInference.convert(text: cols[i], nulls: [], to: f.type)
                if f.type != .string, let v = c.validity {
                    var empty = 0
                    for r in 0..<cols[i].count where cols[i].range(r).isEmpty { empty += 1 }
                    unconverted += max(0, v.nullCount - empty)
                }
                columns.append(c)
            }
            return Result(table: Table(schema: schema, batches: count == 0 ? [] : [Batch(columns: columns, count: count)]),
                          unconvertedValues: unconverted)
        }
    }

    /// `txt`: each line one record; empty lines (also a lone `\r`) skipped.
    static func parseLines(_ buf: UnsafeBufferPointer<UInt8>, from start: Int, into rows: inout TextRows) {
        var i = start
        let n = buf.count
        while i < n {
            let s = i
            while i < n && buf[i] != 0x0A { i += 1 }
            var e = i
            if e > s && buf[e - 1] == 0x0D { e -= 1 }
            if e > s {
                rows.field(UnsafeBufferPointer(rebasing: buf[s..<e]))
                rows.endRecord()
            }
            i += 1
        }
    }

    /// Delimited records: RFC 4180 quoting (a quoted field may hold delimiters, line ends and
    /// doubled quotes), or with `escapes` (tsve) backslash escapes and no quoting.
    static func parseDelimited(_ buf: UnsafeBufferPointer<UInt8>, from start: Int, delimiter: UInt8, escapes: Bool,
                               into rows: inout TextRows, source: String) throws {
        let quote = UInt8(ascii: "\""), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D, backslash = UInt8(ascii: "\\")
        let n = buf.count
        var i = start, line = 1, lineStart = start
        var scratch: [UInt8] = []
        func bad(_ line: Int, _ at: Int, _ lineStart: Int, _ message: String) -> ReadError {
            ReadError(file: source, line: line, column: at - lineStart + 1, message: message)
        }
        while i < n {
            // Empty lines are no records.
            if buf[i] == lf { i += 1; line += 1; lineStart = i; continue }
            if buf[i] == cr && (i + 1 == n || buf[i + 1] == lf) { i += 2; line += 1; lineStart = i; continue }
            fields: while true {
                if !escapes && i < n && buf[i] == quote {
                    let (qLine, qAt, qStart) = (line, i, lineStart)
                    i += 1
                    scratch.removeAll(keepingCapacity: true)
                    var closed = false
                    while i < n {
                        let c = buf[i]
                        if c == quote {
                            if i + 1 < n && buf[i + 1] == quote { scratch.append(quote); i += 2; continue }
                            i += 1
                            closed = true
                            break
                        }
                        if c == lf { line += 1; lineStart = i + 1 }
                        scratch.append(c)
                        i += 1
                    }
                    guard closed else { throw bad(qLine, qAt, qStart, "bad content: a quoted field is not closed") }
                    scratch.withUnsafeBufferPointer { rows.field($0) }
                    if i < n && buf[i] == delimiter { i += 1; continue fields }
                    if i >= n { rows.endRecord(); break fields }
                    if buf[i] == lf || (buf[i] == cr && (i + 1 == n || buf[i + 1] == lf)) {
                        i += buf[i] == cr ? 2 : 1
                        line += 1; lineStart = i
                        rows.endRecord()
                        break fields
                    }
                    throw bad(line, i, lineStart, "bad content: unexpected character after a closing quote")
                }
                let s = i
                while i < n && buf[i] != delimiter && buf[i] != lf { i += 1 }
                var e = i
                if e > s && buf[e - 1] == cr && (i >= n || buf[i] == lf) { e -= 1 }
                if escapes, buf[s..<e].contains(backslash) {
                    scratch.removeAll(keepingCapacity: true)
                    var k = s
                    while k < e {
                        if buf[k] == backslash && k + 1 < e {
                            switch buf[k + 1] {
                            case UInt8(ascii: "t"): scratch.append(0x09)
                            case UInt8(ascii: "n"): scratch.append(lf)
                            case UInt8(ascii: "r"): scratch.append(cr)
                            case backslash: scratch.append(backslash)
                            default: scratch.append(backslash); scratch.append(buf[k + 1])
                            }
                            k += 2
                        } else {
                            scratch.append(buf[k]); k += 1
                        }
                    }
                    scratch.withUnsafeBufferPointer { rows.field($0) }
                } else {
                    rows.field(UnsafeBufferPointer(rebasing: buf[s..<e]))
                }
                if i < n && buf[i] == delimiter { i += 1; continue fields }
                if i < n { i += 1; line += 1; lineStart = i }
                rows.endRecord()
                break fields
            }
        }
    }

    // MARK: JSON formats

    struct JSONRows {
        var names: [String]
        /// The mapping's paths, one per column (same count, checked by `parse`); nil = by name.
        var paths: [[ExternalDataMapping.Step]]?
        var cols: [[DynamicValue]]
        var skipNext: Bool

        init(schema: Schema, skipNext: Bool, paths: [[ExternalDataMapping.Step]]? = nil) {
            names = schema.names
            self.paths = paths
            cols = Array(repeating: [], count: schema.fields.count)
            self.skipNext = skipNext
        }

        /// Whether the next record is dropped (`ignoreFirstRecord`); consumes the flag.
        mutating func skipping() -> Bool {
            if skipNext { skipNext = false; return true }
            return false
        }

        mutating func record(_ bag: PropertyBag) {
            if let paths {
                for i in 0..<min(paths.count, cols.count) { cols[i].append(ExternalDataMapping.value(at: paths[i], in: bag)) }
            } else {
                for (i, name) in names.enumerated() { cols[i].append(bag[name] ?? .null) }
            }
        }

        func finish(_ schema: Schema) -> Result {
            var columns: [Column] = []
            var unconverted = 0
            for (i, f) in schema.fields.enumerated() {
                let c = Self.convert(cols[i], to: f.type)
                if let v = c.validity {
                    unconverted += max(0, v.nullCount - cols[i].reduce(0) { $0 + ($1 == .null ? 1 : 0) })
                }
                columns.append(c)
            }
            let count = cols.first?.count ?? 0
            return Result(table: Table(schema: schema, batches: count == 0 ? [] : [Batch(columns: columns, count: count)]),
                          unconvertedValues: unconverted)
        }

        /// JSON values to a column: directly when every value has a kind the type takes as is
        /// (`TypeInference.convert(json:)`, as `--table` JSON files), else through each value's
        /// text as a delimited field converts (a string to guid or timespan, a number to int, …).
        static func convert(_ values: [DynamicValue], to type: KQLType) -> Column {
            if type == .dynamic || type == .string || values.allSatisfy({ direct($0, type) }) {
                return TypeInference.convert(json: values, to: type)
            }
            var text = StringArray()
            for v in values {
                switch v {
                case .null: text.appendEmpty()
                case .string(let s): text.append(s)
                case .datetime(let t): text.append(DateTime.format(t))
                case .timespan(let t): text.append(TimeSpan.format(t))
                case .guid(let g): text.append(g.description)
                default: text.append(JSON.serialize(v))   // numbers, bools; arrays and objects (not converted)
                }
            }
            return TypeInference.convert(text: text, nulls: [], to: type)
        }

        /// Whether `TypeInference.convert(json:)` takes `v` into `type` as it is.
        static func direct(_ v: DynamicValue, _ type: KQLType) -> Bool {
            switch (type, v) {
            case (_, .null), (.long, .long), (.real, .long), (.real, .real), (.bool, .bool), (.datetime, .datetime), (.datetime, .string): return true
            default: return false
            }
        }
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    /// `json`: one object per line; blank lines skipped.
    static func parseJSONLines(_ buf: UnsafeBufferPointer<UInt8>, from start: Int, into rows: inout JSONRows, source: String) throws {
        var i = start, line = 0
        let n = buf.count
        while i < n {
            line += 1
            let s = i
            while i < n && buf[i] != 0x0A { i += 1 }
            let e = i
            i += 1
            if buf[s..<e].allSatisfy(isSpace) { continue }
            if rows.skipping() { continue }
            try object(UnsafeBufferPointer(rebasing: buf[s..<e]), line: line, into: &rows, source: source)
        }
    }

    static func object(_ p: UnsafeBufferPointer<UInt8>, line: Int, into rows: inout JSONRows, source: String) throws {
        let v: DynamicValue
        do { v = try JSON.parse(bytes: p) } catch {
            throw ReadError(file: source, line: line, column: 1, message: "bad content: not valid JSON (\(error))")
        }
        guard case .object(let bag) = v else {
            throw ReadError(file: source, line: line, column: 1, message: "bad content: a record must be a JSON object")
        }
        rows.record(bag)
    }

    /// `multijson`: a JSON array of objects, or objects separated by whitespace (each may span lines).
    static func parseMultiJSON(_ buf: UnsafeBufferPointer<UInt8>, from start: Int, into rows: inout JSONRows, source: String) throws {
        let n = buf.count
        var i = start, line = 1
        while i < n && isSpace(buf[i]) { if buf[i] == 0x0A { line += 1 }; i += 1 }
        if i < n && buf[i] == UInt8(ascii: "[") {
            let v: DynamicValue
            do { v = try JSON.parse(bytes: UnsafeBufferPointer(rebasing: buf[i...])) } catch {
                throw ReadError(file: source, line: line, column: 1, message: "bad content: not a valid JSON array (\(error))")
            }
            guard case .array(let items) = v else { return }
            for item in items {
                if rows.skipping() { continue }
                guard case .object(let bag) = item else {
                    throw ReadError(file: source, line: line, column: 1, message: "bad content: an array element is not a JSON object")
                }
                rows.record(bag)
            }
            return
        }
        // Objects one after another: find each one's end by bracket depth (outside strings).
        while i < n {
            if isSpace(buf[i]) { if buf[i] == 0x0A { line += 1 }; i += 1; continue }
            guard buf[i] == UInt8(ascii: "{") else {
                throw ReadError(file: source, line: line, column: 1, message: "bad content: expected a JSON object ('{')")
            }
            let s = i, startLine = line
            var depth = 0, inString = false, escaped = false
            while i < n {
                let c = buf[i]
                if c == 0x0A { line += 1 }
                if inString {
                    if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true } else if c == UInt8(ascii: "\"") { inString = false }
                } else if c == UInt8(ascii: "\"") {
                    inString = true
                } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                    depth += 1
                } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 { i += 1; break }
                }
                i += 1
            }
            guard depth == 0 else {
                throw ReadError(file: source, line: startLine, column: 1, message: "bad content: a JSON object is not closed")
            }
            if rows.skipping() { continue }
            try object(UnsafeBufferPointer(rebasing: buf[s..<i]), line: startLine, into: &rows, source: source)
        }
    }
}
