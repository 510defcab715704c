import KQLColumns

/// JSON row files: JSON Lines (one object per line), concatenated or pretty-printed objects,
/// top-level arrays of objects, Streaming API bodies (`{"records":[…]}`) and records
/// (`{"category":"AdvancedHunting-<Table>","properties":{…}}`, e.g. `PT1H.json` lines), Log
/// Analytics export rows (flat, `TimeGenerated` + `Type` = table name), and API responses
/// (Advanced Hunting `schema`/`results`, Log Analytics `tables`/`columns`/`rows`).
///
/// Each record is routed to a table: `category` for streaming records, `Type` for Log Analytics
/// rows, otherwise the file's table hint. Values are parsed straight from the bytes into the
/// table's typed columns.
struct JSONRecordReader {
    struct Member {
        var key: Range<Int>
        var keyEscaped: Bool
        var value: Range<Int>
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    let hint: String
    /// `hasPropertiesColumn(hint)`, looked up once rather than per record.
    let hintHasPropertiesColumn: Bool
    let options: ReadOptions
    var locator: LineLocator
    var builders: [String: TableBuilder]
    var rows: [String: Int] = [:]
    var skipped = 0
    /// Reusable member lists per nesting level (body → record → properties).
    private var memberStack: [[Member]] = [[], [], [], []]
    private var scratch: [UInt8] = []
    private var currentName = ""
    /// The table the last flat top-level row went to, and whether to try the one-pass path.
    private var lastFlatTable = ""
    private var speculate = false
    private var lastStreamTable = ""
    private var speculateStreaming = false
    private var current: TableBuilder? = nil
    /// Where parsing starts (a line start), for parallel pieces of a JSON Lines file.
    var startOffset = 0
    /// With a projection: the columns to keep (others are skipped, not converted).
    var wanted: Set<String>? = nil
    /// JSON Lines only: skips the lines that cannot hold a record passing the pushed-down
    /// predicates. The lines it lets through are checked for UTF-8 here (the caller skipped the
    /// whole-file check).
    var prefilter: JSONLinePrefilter? = nil

    init(bytes: UnsafeBufferPointer<UInt8>, file: String, hint: String, options: ReadOptions, builders: [String: TableBuilder]) {
        self.bytes = bytes
        self.file = file
        self.hint = hint
        self.hintHasPropertiesColumn = Self.hasPropertiesColumn(hint)
        self.options = options
        var origin = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { origin = 3 }
        locator = LineLocator(bytes, origin: origin)
        self.builders = builders
    }

    private mutating func fail(_ offset: Int, _ message: String) -> ReadError {
        let (l, c) = locator.locate(offset)
        return ReadError(file: file, line: l, column: c, message: message)
    }

    /// Reads every record of the file. Returns the builders (with this file's rows added).
    mutating func run() throws -> [String: TableBuilder] {
        var s = JSONScanner(bytes, at: max(locator.origin, startOffset))
        var candidateEnd = -1
        while true {
            s.skipWhitespace()
            if s.atEnd { break }
            if let prefilter, s.pos > candidateEnd, s.pos == startOffset || bytes[s.pos - 1] == 0x0A {
                guard let line = prefilter.nextCandidate(bytes, from: s.pos, end: bytes.count) else { break }
                if let bad = TextEncoding.firstInvalidUTF8(UnsafeBufferPointer(rebasing: bytes[line])) {
                    throw fail(line.lowerBound + bad, "invalid UTF-8")
                }
                candidateEnd = line.upperBound
                s.pos = line.lowerBound
                continue
            }
            let start = s.pos
            do {
                switch s.peek {
                case UInt8(ascii: "{"):
                    try record(&s, level: 0)
                case UInt8(ascii: "["):
                    if try s.beginArray() {
                        repeat {
                            s.skipWhitespace()
                            try arrayElement(&s)
                        } while try s.nextElement()
                    }
                default:
                    throw JSONError(offset: s.pos, message: "expected a JSON object")
                }
            } catch let e as JSONError {
                try handle(offset: e.offset, message: e.message, resumeFrom: &s, start: start)
            } catch let e as FieldError {
                try handle(offset: e.offset, message: e.message, resumeFrom: &s, start: start)
            }
        }
        park()
        return builders
    }

    /// Fails, or (with skipBadRows) counts a skipped record and resumes at the next line.
    private mutating func handle(offset: Int, message: String, resumeFrom s: inout JSONScanner, start: Int) throws {
        guard options.skipBadRows else { throw fail(offset, message) }
        current?.rollbackRow()
        skipped += 1
        s.pos = locator.nextLineStart(after: max(offset, start))
    }

    /// One element of a top-level array: a bad value skips just that element under
    /// `skipBadRows` (resuming at the next line would count each later line of a pretty-printed
    /// array as another bad row).
    private mutating func arrayElement(_ s: inout JSONScanner) throws {
        let start = s.pos
        do {
            try record(&s, level: 0)
        } catch is FieldError where options.skipBadRows {
            current?.rollbackRow()
            skipped += 1
            s.pos = start
            try s.skipValue()
        }
    }

    /// One record object at `s.pos`: a body with `records`, a streaming record, or a flat row.
    private mutating func record(_ s: inout JSONScanner, level: Int) throws {
        let objStart = s.pos
        guard s.peek == UInt8(ascii: "{") else { throw s.error("expected a JSON object") }
        if level == 0, current != nil {
            if speculate, currentName == lastFlatTable {
                if (try? flatRowInOnePass(&s)) == true { return }
                s.pos = objStart   // not a flat row of this table (or a bad one): take the general path
            } else if speculateStreaming, currentName == lastStreamTable {
                if (try? streamingRecordInOnePass(&s)) == true { return }
                s.pos = objStart
            }
        }
        if memberStack.count <= level + 1 { memberStack.append([]) }
        var members: [Member] = []
        swap(&members, &memberStack[level])
        members.removeAll(keepingCapacity: true)
        defer { memberStack[level] = members }
        if try s.beginObject() {
            repeat {
                let k = try s.readKey()
                let v = try s.skipValue()
                members.append(Member(key: k.range, keyEscaped: k.escaped, value: v))
            } while try s.nextMember()
        }
        var recordsAt: Range<Int>? = nil, propertiesAt: Range<Int>? = nil
        var resultsAt: Range<Int>? = nil, schemaAt: Range<Int>? = nil, tablesAt: Range<Int>? = nil
        var category: String? = nil, typeName: String? = nil, hasTimeGenerated = false
        for m in members where m.value.count > 0 {
            // Only a few key lengths can be routing keys; compare bytes, make no Strings.
            guard RoutingKey.mayBe(m) else { continue }
            let first = bytes[m.value.lowerBound]
            let isArray = first == UInt8(ascii: "[")
            switch RoutingKey(bytes, m) {
            case .records where isArray: recordsAt = m.value
            case .properties where first == UInt8(ascii: "{"): propertiesAt = m.value
            case .category where first == UInt8(ascii: "\""): category = stringValue(m.value)
            case .type where first == UInt8(ascii: "\""): typeName = stringValue(m.value)
            case .timeGenerated: hasTimeGenerated = true
            case .results where isArray && level == 0: resultsAt = m.value
            case .schema where isArray && level == 0: schemaAt = m.value
            case .tables where isArray && level == 0: tablesAt = m.value
            default: break
            }
        }
        if let r = resultsAt {
            try huntingAPIResults(results: r, schema: schemaAt)
            return
        }
        if let t = tablesAt {
            try logAnalyticsQueryTables(t)
            return
        }
        if let r = recordsAt, level < 2 {
            var inner = JSONScanner(bytes, at: r.lowerBound)
            if try inner.beginArray() {
                repeat {
                    inner.skipWhitespace()
                    try nestedRecord(&inner)
                } while try inner.nextElement()
            }
            return
        }
        if let p = propertiesAt, let category {
            switchTo(SchemaCatalog.table(fromCategory: category))
            var inner = JSONScanner(bytes, at: p.lowerBound)
            var props: [Member] = []
            swap(&props, &memberStack[level + 1])
            props.removeAll(keepingCapacity: true)
            if try inner.beginObject() {
                repeat {
                    let k = try inner.readKey()
                    let v = try inner.skipValue()
                    props.append(Member(key: k.range, keyEscaped: k.escaped, value: v))
                } while try inner.nextMember()
            }
            memberStack[level + 1] = props
            try row(props)
            if level == 0 { lastStreamTable = currentName; speculateStreaming = true; speculate = false }
            return
        }
        // Half an envelope (a damaged "category" or "properties" key) cannot be routed or
        // unwrapped: a bad record, not a row of nulls in the hint's table.
        // (A table with a column named `properties`, such as Azure Resource Graph's Resources, has
        // it as data: its rows are flat.)
        if propertiesAt != nil, !hintHasPropertiesColumn {
            throw FieldError(offset: objStart, message: "streaming record has \"properties\" but no \"category\" string naming its table")
        }
        if let c = category, c.lowercased().hasPrefix("advancedhunting-") {
            throw FieldError(offset: objStart, message: "streaming record with category \(c) has no \"properties\" object")
        }
        let table: String
        if hasTimeGenerated, let t = typeName, !t.isEmpty {
            table = SchemaCatalog.canonicalName(t) ?? t
        } else {
            table = hint
        }
        switchTo(table)
        try row(members)
        if level == 0 { lastFlatTable = table; speculate = true; speculateStreaming = false }
    }

    /// Whether a catalog form of `table` has a column named `properties` (e.g. Azure Resource
    /// Graph's Resources), so a row with a `properties` object and no `category` is that table's
    /// flat row, not half a Streaming API envelope.
    static func hasPropertiesColumn(_ table: String) -> Bool {
        SchemaCatalog.lookup(table: table).contains { $0.schema.index(of: "properties") != nil }
    }

    /// The common case in one pass: the record is a flat row of the current table (as the previous
    /// one was), so each value is parsed straight into its column while the keys are read.
    /// Returns false, with the row and any column it added rolled back, when the record turns out
    /// to be an envelope, another table's row, or bad (the general path then handles it).
    private mutating func flatRowInOnePass(_ s: inout JSONScanner) throws -> Bool {
        try speculativeRow(turningOff: \.speculate) { r, b, batchRow in
            guard let routing = try r.rowMembers(&s, into: &b, batchRow: batchRow, watchRouting: true) else { return false }
            if routing.hasTimeGenerated, let t = routing.typeValue, !t.range.isEmpty {
                let name = JSONScanner(r.bytes).string(t.range, escaped: t.escaped)
                return (SchemaCatalog.canonicalName(name) ?? name) == r.currentName
            }
            return r.currentName == r.hint
        }
    }

    /// The same for Streaming API records: `properties` is parsed straight into the current table
    /// (the previous record's), the envelope's other members are skipped, and `category` must
    /// name the current table.
    private mutating func streamingRecordInOnePass(_ s: inout JSONScanner) throws -> Bool {
        try speculativeRow(turningOff: \.speculateStreaming) { r, b, batchRow in
            var sawProperties = false
            var category: (range: Range<Int>, escaped: Bool)? = nil
            if try s.beginObject() {
                repeat {
                    let k = try s.readKey()
                    let m = Member(key: k.range, keyEscaped: k.escaped, value: s.pos..<s.pos)
                    switch RoutingKey(r.bytes, m) {
                    case .properties where s.peek == UInt8(ascii: "{") && !sawProperties:
                        guard try r.rowMembers(&s, into: &b, batchRow: batchRow, watchRouting: false) != nil else { return false }
                        sawProperties = true
                    case .category where s.peek == UInt8(ascii: "\""):
                        category = try s.scanString()
                    case .records: return false
                    default: try s.skipValue()
                    }
                } while try s.nextMember()
            }
            guard sawProperties, let c = category else { return false }
            return SchemaCatalog.table(fromCategory: JSONScanner(r.bytes).string(c.range, escaped: c.escaped)) == r.currentName
        }
    }

    /// Parses one record straight into the current table's builder, speculatively: when `parse`
    /// returns false or throws, the row and any column it added are rolled back and `flag` is
    /// turned off (the general path then handles the record); on true the row is ended.
    private mutating func speculativeRow(turningOff flag: WritableKeyPath<JSONRecordReader, Bool>,
                                         _ parse: (inout JSONRecordReader, inout TableBuilder, Int) throws -> Bool) throws -> Bool {
        var b = current.take()!
        defer { current = b }
        let batchRow = b.rowsInBatch
        let columnsBefore = b.sinks.count
        var ok = false
        defer {
            if !ok {
                b.rollbackRow()
                if b.sinks.count > columnsBefore { b.removeColumns(from: columnsBefore) }
                self[keyPath: flag] = false
            }
        }
        guard try parse(&self, &b, batchRow) else { return false }
        ok = true
        b.endRow(fillingMissing: false)
        rows[b.name, default: 0] += 1
        return true
    }

    /// Parses the object at `s.pos` as one row's members into `b` (nulls for columns it lacks).
    /// With `watchRouting`, returns nil on an envelope key and reports `Type`/`TimeGenerated`.
    private mutating func rowMembers(_ s: inout JSONScanner, into b: inout TableBuilder, batchRow: Int, watchRouting: Bool) throws
        -> (typeValue: (range: Range<Int>, escaped: Bool)?, hasTimeGenerated: Bool)? {
        var typeValue: (range: Range<Int>, escaped: Bool)? = nil, hasTimeGenerated = false
        var count = 0, complete = true
        if try s.beginObject() {
            repeat {
                let k = try s.readKey()
                let m = Member(key: k.range, keyEscaped: k.escaped, value: s.pos..<s.pos)
                if watchRouting, RoutingKey.mayBe(m) {
                    switch RoutingKey(bytes, m) {
                    case .records, .properties, .category, .results, .tables: return nil
                    case .type where s.peek == UInt8(ascii: "\""):
                        var probe = s
                        typeValue = try probe.scanString()
                    case .timeGenerated: hasTimeGenerated = true
                    default: break
                    }
                }
                let slot = try slotFor(m, position: count, builder: &b)
                if b.sinks[slot].count > batchRow { b.sinks[slot].truncate(to: batchRow); complete = false }
                try JSONCell.append(&s, into: &b.sinks[slot], scratch: &scratch)
                count += 1
            } while try s.nextMember()
        }
        if !complete || b.sinks.count != count {
            for j in b.sinks.indices where b.sinks[j].count == batchRow { b.sinks[j].appendNull() }
        }
        return (typeValue, hasTimeGenerated)
    }

    /// Advanced Hunting API responses: `{"Schema"|"schema":[{"Name","Type"}…], "Results"|"results":[{…}…]}`
    /// (MDE `advancedqueries/run`, Graph `runHuntingQuery`). Rows go to the file's table; the
    /// schema's .NET type names type the columns the catalog does not know.
    private mutating func huntingAPIResults(results: Range<Int>, schema: Range<Int>?) throws {
        switchTo(hint)
        if let schema {
            var sc = JSONScanner(bytes, at: schema.lowerBound)
            var declared: [(String, KQLType?)] = []
            if case .array(let items) = try sc.parseValue() {
                for case .object(let o) in items {
                    var name: String? = nil, type: KQLType? = nil
                    for (k, v) in zip(o.keys, o.values) {
                        guard case .string(let str) = v else { continue }
                        switch k.lowercased() {
                        case "name": name = str
                        case "type": type = KQLType(name: str)
                        default: break
                        }
                    }
                    if let name { declared.append((name, type)) }
                }
            }
            var b = current.take()!
            defer { current = b }
            if b.names.isEmpty { b.decideForm(columns: declared.map(\.0)) }
            for (name, type) in declared { _ = b.column(named: name, pending: type.map { .typed($0) } ?? .pendingJSON) }
        }
        var inner = JSONScanner(bytes, at: results.lowerBound)
        if try inner.beginArray() {
            repeat {
                inner.skipWhitespace()
                try nestedRecord(&inner)
            } while try inner.nextElement()
        }
    }

    /// One record inside an array (body `records`, API `results`): a bad value skips just that
    /// record under `skipBadRows`.
    private mutating func nestedRecord(_ s: inout JSONScanner) throws {
        let start = s.pos
        do {
            try record(&s, level: 1)
        } catch let e as FieldError where options.skipBadRows {
            _ = e
            current?.rollbackRow()
            skipped += 1
            s.pos = start
            try s.skipValue()
        }
    }

    /// Log Analytics query API responses: `{"tables":[{"name","columns":[{"name","type"}…],"rows":[[…]…]}]}`
    /// with positional rows. The first table is the file's table; further ones keep their `name`.
    private mutating func logAnalyticsQueryTables(_ tables: Range<Int>) throws {
        var s = JSONScanner(bytes, at: tables.lowerBound)
        var tableIndex = 0
        guard try s.beginArray() else { return }
        repeat {
            s.skipWhitespace()
            var name: String? = nil, columnsAt: Range<Int>? = nil, rowsAt: Range<Int>? = nil
            if try s.beginObject() {
                repeat {
                    let k = try s.readKey()
                    let v = try s.skipValue()
                    switch JSONScanner(bytes).string(k.range, escaped: k.escaped) {
                    case "name": name = stringValue(v)
                    case "columns": columnsAt = v
                    case "rows": rowsAt = v
                    default: break
                    }
                } while try s.nextMember()
            }
            let table = tableIndex == 0 ? hint : (name ?? "\(hint)_\(tableIndex)")
            tableIndex += 1
            guard let columnsAt else { continue }
            switchTo(table)
            var declared: [(String, KQLType?)] = []
            var cs = JSONScanner(bytes, at: columnsAt.lowerBound)
            if case .array(let items) = try cs.parseValue() {
                for case .object(let o) in items {
                    guard case .string(let n)? = o["name"] else { continue }
                    var t: KQLType? = nil
                    if case .string(let tn)? = o["type"] { t = KQLType(name: tn) }
                    declared.append((n, t))
                }
            }
            var b = current.take()!
            defer { current = b }
            if b.names.isEmpty { b.decideForm(columns: declared.map(\.0)) }
            let slots = declared.map { b.column(named: $0.0, pending: $0.1.map { .typed($0) } ?? .pendingJSON) }
            guard let rowsAt else { continue }
            var rs = JSONScanner(bytes, at: rowsAt.lowerBound)
            guard try rs.beginArray() else { continue }
            repeat {
                rs.skipWhitespace()
                let rowStart = rs.pos
                let batchRow = b.rowsInBatch
                do {
                    var i = 0
                    if try rs.beginArray() {
                        repeat {
                            guard i < slots.count else { throw FieldError(offset: rs.pos, message: "row has more cells than the \(slots.count) columns") }
                            do {
                                try JSONCell.append(&rs, into: &b.sinks[slots[i]], scratch: &scratch)
                            } catch let e as FieldError {
                                throw FieldError(offset: e.offset, message: e.message + " in column \(b.names[slots[i]])")
                            }
                            i += 1
                        } while try rs.nextElement()
                    }
                    guard i == slots.count else { throw FieldError(offset: rowStart, message: "row has \(i) cells, expected \(slots.count)") }
                } catch let e as FieldError {
                    b.rollbackRow()
                    guard options.skipBadRows else { throw e }
                    skipped += 1
                    rs.pos = rowStart
                    try rs.skipValue()
                    continue
                }
                for j in b.sinks.indices where b.sinks[j].count == batchRow { b.sinks[j].appendNull() }
                b.endRow(fillingMissing: false)
                rows[b.name, default: 0] += 1
            } while try rs.nextElement()
        } while try s.nextElement()
    }

    /// Appends one row (the members of a flat object) to the current table.
    private mutating func row(_ members: [Member]) throws {
        var b = current.take()!   // take, not copy: a shared copy would make every append copy the columns
        defer { current = b }
        if b.totalRows == 0, b.names.isEmpty {
            b.decideForm(columns: members.map { keyString($0) })
        }
        let batchRow = b.rowsInBatch
        var complete = members.count == b.sinks.count
        for (p, m) in members.enumerated() {
            let slot = try slotFor(m, position: p, builder: &b)
            if b.sinks[slot].count > batchRow {
                b.sinks[slot].truncate(to: batchRow)   // duplicate key: the last value wins
                complete = false
            }
            do {
                try JSONCell.append(bytes, m.value, into: &b.sinks[slot], scratch: &scratch)
            } catch let e as FieldError {
                b.rollbackRow()
                throw FieldError(offset: e.offset, message: e.message + " in column \(b.names[slot])")
            }
        }
        if !complete || b.sinks.count != members.count {
            for j in b.sinks.indices where b.sinks[j].count == batchRow { b.sinks[j].appendNull() }
        }
        b.endRow(fillingMissing: false)
        rows[b.name, default: 0] += 1
    }

    private mutating func slotFor(_ m: Member, position p: Int, builder b: inout TableBuilder) throws -> Int {
        if !m.keyEscaped, p < b.lastKeyOrder.count {
            let cand = b.lastKeyOrder[p]
            let matches = b.keyBytes[cand].withUnsafeBufferPointer { kb in
                kb.count == m.key.count && memcmpEqual(kb, UnsafeBufferPointer(rebasing: bytes[m.key]))
            }
            if matches { return cand }
        }
        let slot = b.column(named: keyString(m), pending: .pendingJSON)
        if p < b.lastKeyOrder.count { b.lastKeyOrder[p] = slot } else { b.lastKeyOrder.append(slot) }
        return slot
    }

    private func keyString(_ m: Member) -> String {
        JSONScanner(bytes).string(m.key, escaped: m.keyEscaped)
    }

    private func stringValue(_ r: Range<Int>) -> String? {
        var s = JSONScanner(bytes, at: r.lowerBound)
        guard let k = try? s.scanString() else { return nil }
        return s.string(k.range, escaped: k.escaped)
    }

    /// Makes `name` the current table (parking the previous one in `builders`).
    private mutating func switchTo(_ name: String) {
        if current != nil, currentName == name { return }
        park()
        currentName = name
        if let b = builders.removeValue(forKey: name) {
            current = b
        } else {
            var b = TableBuilder(name: name, batchSize: options.batchSize)
            b.wanted = wanted
            current = b
        }
    }

    private mutating func park() {
        if let c = current { builders[currentName] = c; current = nil }
    }
}

/// The envelope keys that decide how a record is routed.
enum RoutingKey {
    case records, properties, category, type, timeGenerated, results, schema, tables, other

    /// Cheap pre-check on the key length.
    @inline(__always) static func mayBe(_ m: JSONRecordReader.Member) -> Bool {
        let len = m.key.count
        return len == 4 || len == 6 || len == 7 || len == 8 || len == 10 || len == 13 || m.keyEscaped
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>, _ m: JSONRecordReader.Member) {
        if m.keyEscaped {
            switch JSONScanner(bytes).string(m.key, escaped: true) {
            case "records": self = .records
            case "properties": self = .properties
            case "category": self = .category
            case "Type": self = .type
            case "TimeGenerated": self = .timeGenerated
            case "results", "Results": self = .results
            case "schema", "Schema": self = .schema
            case "tables": self = .tables
            default: self = .other
            }
            return
        }
        let k = UnsafeBufferPointer(rebasing: bytes[m.key])
        func eq(_ s: StaticString) -> Bool {
            memcmpEqual(k, UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
        }
        switch k.count {
        case 7 where eq("records"): self = .records
        case 10 where eq("properties"): self = .properties
        case 8 where eq("category"): self = .category
        case 4 where eq("Type"): self = .type
        case 13 where eq("TimeGenerated"): self = .timeGenerated
        case 7 where eq("results") || eq("Results"): self = .results
        case 6 where eq("schema") || eq("Schema"): self = .schema
        case 6 where eq("tables"): self = .tables
        default: self = .other
        }
    }
}

/// Byte equality, 8 bytes at a time (the last word overlaps; short strings go byte by byte).
@inline(__always)
func memcmpEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    let k = a.count
    guard k == b.count else { return false }
    guard k >= 8 else {
        for i in 0..<k where a[i] != b[i] { return false }
        return true
    }
    let pa = UnsafeRawPointer(a.baseAddress!), pb = UnsafeRawPointer(b.baseAddress!)
    var i = 0
    while i &+ 8 < k {
        if pa.loadUnaligned(fromByteOffset: i, as: UInt64.self) != pb.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
        i &+= 8
    }
    return pa.loadUnaligned(fromByteOffset: k - 8, as: UInt64.self) == pb.loadUnaligned(fromByteOffset: k - 8, as: UInt64.self)
}

/// Converting one JSON value (by its byte range) into a typed column.
enum JSONCell {
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, into sink: inout ColumnSink, scratch: inout [UInt8]) throws {
        var s = JSONScanner(bytes, at: r.lowerBound)
        try append(&s, into: &sink, scratch: &scratch)
    }

    /// Parses the value at `s.pos` into `sink`, leaving `s` after the value.
    static func append(_ s: inout JSONScanner, into sink: inout ColumnSink, scratch: inout [UInt8]) throws {
        if sink.skip {
            _ = try s.skipValue()
            sink.appendNull()
            return
        }
        let bytes = s.bytes
        let first = s.peek
        let start = s.pos
        func mismatch(_ what: String) -> FieldError {
            var probe = JSONScanner(bytes, at: start)
            let r = (try? probe.skipValue()) ?? start..<min(start + 1, bytes.count)
            var text = String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self)
            if text.count > 60 { text = String(text.prefix(57)) + "..." }
            return FieldError(offset: start, message: "cannot convert \(what) \(text) to \(sink.typeName)")
        }
        switch sink.kind {
        case .pendingJSON:
            sink.appendDynamic(try s.parseValue())
            return
        case .pendingText:
            // A JSON file adding rows to a column first seen in CSV: keep the text form.
            switch first {
            case UInt8(ascii: "\""):
                let k = try s.scanString()
                scratch.removeAll(keepingCapacity: true)
                s.decodeString(k.range, escaped: k.escaped, into: &scratch)
                _ = scratch.withUnsafeBufferPointer { sink.appendText($0) }
            case UInt8(ascii: "n"): sink.appendNull()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let v = try s.parseValue()
                var out: [UInt8] = []
                JSON.write(v, into: &out)
                _ = out.withUnsafeBufferPointer { sink.appendText($0) }
            default:
                let r = try s.skipValue()
                _ = sink.appendText(UnsafeBufferPointer(rebasing: bytes[r]))
            }
            return
        case .typed(let t):
            switch first {
            case UInt8(ascii: "\""):
                let k = try s.scanString()
                if t == .string {
                    if k.escaped {
                        scratch.removeAll(keepingCapacity: true)
                        s.decodeString(k.range, escaped: true, into: &scratch)
                        sink.appendString(scratch)
                    } else {
                        sink.appendString(UnsafeBufferPointer(rebasing: bytes[k.range]))
                    }
                    return
                }
                var ok: Bool
                if t == .dynamic {
                    let str = s.string(k.range, escaped: k.escaped)
                    // JSON text inside a string (AdditionalFields exported as text) is parsed.
                    if let f = str.utf8.first, f == UInt8(ascii: "{") || f == UInt8(ascii: "["), let v = try? JSON.parse(str) {
                        sink.appendDynamic(v)
                    } else {
                        sink.appendDynamic(.string(str))
                    }
                    return
                }
                if k.escaped {
                    scratch.removeAll(keepingCapacity: true)
                    s.decodeString(k.range, escaped: true, into: &scratch)
                    ok = scratch.withUnsafeBufferPointer { sink.appendText($0) }
                } else {
                    ok = sink.appendText(UnsafeBufferPointer(rebasing: bytes[k.range]))
                }
                if !ok { throw mismatch("string") }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (nr, isInt) = try s.scanNumber()
                let p = UnsafeBufferPointer(rebasing: bytes[nr])
                switch t {
                case .long:
                    if isInt, let v = NumberParsing.int64(p) { sink.appendLong(v) }
                    else if let d = NumberParsing.double(p), let v = Int64(exactly: d) { sink.appendLong(v) }
                    else { throw mismatch("number") }
                case .int:
                    if isInt, let v = NumberParsing.int64(p), let w = Int32(exactly: v) { sink.appendInt(w) }
                    else if let d = NumberParsing.double(p), let w = Int32(exactly: d) { sink.appendInt(w) }
                    else { throw mismatch("number") }
                case .real, .decimal:
                    guard let d = NumberParsing.double(p) else { throw mismatch("number") }
                    sink.appendReal(d)
                case .string: sink.appendString(p)
                case .dynamic:
                    if isInt, let v = NumberParsing.int64(p) { sink.appendDynamic(.long(v)) }
                    else { sink.appendDynamic(.real(NumberParsing.double(p) ?? .nan)) }
                case .bool:
                    guard let v = NumberParsing.int64(p), v == 0 || v == 1 else { throw mismatch("number") }
                    sink.appendBool(v == 1)
                case .timespan:
                    guard isInt, let v = NumberParsing.int64(p) else { throw mismatch("number") }
                    sink.appendLong(v)   // ticks, as Kusto converts long → timespan
                case .datetime, .guid:
                    throw mismatch("number")
                }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let v = try s.parseValue()
                switch t {
                case .dynamic: sink.appendDynamic(v)
                case .string:
                    scratch.removeAll(keepingCapacity: true)
                    JSON.write(v, into: &scratch)
                    sink.appendString(scratch)
                default: throw mismatch(first == UInt8(ascii: "{") ? "object" : "array")
                }
            default:
                let lit = try s.scanLiteral()
                if lit == UInt8(ascii: "n") { sink.appendNull(); return }
                let b = lit == UInt8(ascii: "t")
                switch t {
                case .bool: sink.appendBool(b)
                case .string: sink.appendString(b ? "true" : "false")
                case .dynamic: sink.appendDynamic(.bool(b))
                default: throw mismatch("boolean")
                }
            }
        }
    }
}
