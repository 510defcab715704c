import CByteScan
import KQLColumns

/// What every piece of one CSV file shares (read-only across threads): the header, which
/// fields are kept (and into which column slot), and the predicates per field.
struct CSVLayout {
    let header: [String]
    var ncols: Int { header.count }
    /// Per field: the builder slot it fills, or -1 when the field is not requested.
    let slots: [Int]
    /// Requested fields in field order.
    let keptFields: [Int]
    /// The kind of each field's column (of the requested slot, or what the catalog says).
    let kinds: [SinkKind]
    /// (field, predicate) pairs, in the order given.
    let predicates: [(field: Int, test: RawPredicate)]
    /// The builder holds columns this file lacks: each row fills them with null.
    let fillMissing: Bool
}

/// The result of parsing one piece of a file.
struct CSVPieceResult {
    /// Offset after the last record parsed (the next record starts here).
    var end = 0
    var rows = 0
    var skipped = 0
    /// Rows dropped because a predicate was false.
    var filtered = 0
    /// The first bad row's error (only without skipBadRows; parsing stops there).
    var error: (offset: Int, message: String)? = nil
}

/// Parses the records of one byte range of a CSV file into a builder: each record is first
/// split into fields (offsets only), then the predicates are tested on the raw fields, and only
/// then are the requested fields converted into their columns. Fields not requested are only
/// delimited, never decoded. Stateless across records, so any record start is a valid start.
struct CSVBodyParser {
    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D

    /// A field's bytes: `raw ..< raw_end` as written, `lo ..< hi` its content inside the quotes,
    /// `escaped` when the content holds doubled quotes (shared with the C splitter).
    typealias Span = qs_csv_span

    let bytes: UnsafeBufferPointer<UInt8>
    let base: UnsafeRawPointer
    let layout: CSVLayout
    let skipBadRows: Bool
    /// The layout as plain buffers (no reference counting in the per-record loops; the shared
    /// layout's arrays would make both threads bump the same reference counts). Freed by `parse`.
    private let flat: Flat
    /// The leading fields whose spans a row needs (every predicate and requested field is among
    /// them); the rest of a record is only counted.
    private let spanFields: Int
    private var scratch: [UInt8] = []

    struct FlatPredicate {
        var field: Int
        var op: ScanPredicate.Op
        var kind: UInt8          // 0 string (arena lo..<lo+count), 1 integer, 2 real, 3 ticks
        var int: Int64 = 0
        var int32 = false
        var real: Double = 0
        var lo = 0, count = 0

        @inline(__always)
        func mayPass(_ p: UnsafeBufferPointer<UInt8>, arena: UnsafeMutableBufferPointer<UInt8>) -> Bool {
            switch kind {
            case 0:
                let eq = memcmpEqual(UnsafeBufferPointer(start: arena.baseAddress! + lo, count: count), p)
                return op == .equal ? eq : !eq
            case 1: return RawPredicate(op: op, operand: .integer(int, int32: int32)).mayPass(p)
            case 2: return RawPredicate(op: op, operand: .real(real)).mayPass(p)
            default: return RawPredicate(op: op, operand: .ticks(int)).mayPass(p)
            }
        }
    }

    struct Flat {
        let spans: UnsafeMutableBufferPointer<Span>
        let kept: UnsafeMutableBufferPointer<Int>
        /// Requested fields whose type can fail to parse (not strings): the ones checked in
        /// rows that are bad or dropped.
        let checked: UnsafeMutableBufferPointer<Int>
        let slots: UnsafeMutableBufferPointer<Int>
        let kinds: UnsafeMutableBufferPointer<SinkKind>
        let preds: UnsafeMutableBufferPointer<FlatPredicate>
        let arena: UnsafeMutableBufferPointer<UInt8>

        init(_ layout: CSVLayout) {
            func copy<T>(_ a: [T]) -> UnsafeMutableBufferPointer<T> {
                let b = UnsafeMutableBufferPointer<T>.allocate(capacity: a.count)
                for (i, x) in a.enumerated() { (b.baseAddress! + i).initialize(to: x) }
                return b
            }
            spans = copy([Span](repeating: Span(), count: max(layout.ncols, 1)))
            kept = copy(layout.keptFields)
            checked = copy(layout.keptFields.filter { f in
                if case .typed(let t) = layout.kinds[f], t != .string { return true } else { return false }
            })
            slots = copy(layout.slots)
            kinds = copy(layout.kinds)
            var arenaBytes: [UInt8] = []
            var ps: [FlatPredicate] = []
            for (f, t) in layout.predicates {
                var fp = FlatPredicate(field: f, op: t.op, kind: 0)
                switch t.operand {
                case .string(let b): fp.lo = arenaBytes.count; fp.count = b.count; arenaBytes += b
                case .integer(let v, let i32): fp.kind = 1; fp.int = v; fp.int32 = i32
                case .real(let d): fp.kind = 2; fp.real = d
                case .ticks(let v): fp.kind = 3; fp.int = v
                }
                ps.append(fp)
            }
            preds = copy(ps)
            arena = copy(arenaBytes)
        }

        func free() {
            spans.deallocate(); kept.deallocate(); checked.deallocate(); slots.deallocate()
            kinds.deallocate(); preds.deallocate(); arena.deallocate()
        }
    }

    init(bytes: UnsafeBufferPointer<UInt8>, layout: CSVLayout, skipBadRows: Bool) {
        self.bytes = bytes
        self.base = UnsafeRawPointer(bytes.baseAddress!)
        self.layout = layout
        self.skipBadRows = skipBadRows
        flat = Flat(layout)
        spanFields = min(layout.ncols, max(layout.keptFields.max() ?? -1, layout.predicates.map(\.field).max() ?? -1) + 1)
        scratch.reserveCapacity(256)
    }

    /// Parses the records that start in `from..<limit` (the last may run past `limit`). Call once:
    /// it frees the parser's buffers.
    mutating func parse(from: Int, to limit: Int, into b: inout TableBuilder) -> CSVPieceResult {
        defer { flat.free() }
        var r = CSVPieceResult()
        let n = bytes.count
        let ncols = layout.ncols
        let fillMissing = layout.fillMissing
        var pos = from
        while pos < limit {
            let c0 = bytes[pos]
            if c0 == CSVBodyParser.lf || c0 == CSVBodyParser.cr { pos += 1; continue }   // blank line
            let recordStart = pos
            // The C splitter delimits a well-formed record; anything else (broken quotes, a wrong
            // field count) is read again by `tokenize`, which words the error.
            var fields: Int64 = 0
            let end = Int(qs_csv_split(bytes.baseAddress!, Int64(n), Int64(pos), flat.spans.baseAddress!, Int64(spanFields), &fields))
            var bad: (offset: Int, message: String)? = nil
            if end >= 0, fields == ncols {
                pos = end
                if pos < n, bytes[pos] == CSVBodyParser.cr { pos += 1 }
                if pos < n, bytes[pos] == CSVBodyParser.lf { pos += 1 }
            } else {
                pos = recordStart
                if let s = tokenize(&pos, n: n, ncols: ncols) { bad = firstValueError(before: s.field) ?? (s.offset, s.message) }
            }
            if bad == nil {
                if let failed = failingPredicateField() {
                    // A dropped row's values are type-checked only when bad rows are counted
                    // (so the count equals a full read's); otherwise they are never decoded.
                    guard skipBadRows, let e = firstValueError(before: ncols, except: failed) else { r.filtered += 1; continue }
                    bad = e
                } else {
                    bad = append(into: &b)
                }
            }
            if let e = bad {
                guard skipBadRows else { r.error = e; r.end = pos; return r }
                b.rollbackRow()
                r.skipped += 1
                continue
            }
            b.endRow(fillingMissing: fillMissing)
            r.rows += 1
        }
        r.end = pos
        return r
    }

    /// Splits one record into `spans`, moving `pos` to the next record's start. Returns the first
    /// structural error (with the index of the field where it was found), as the sequential reader
    /// reports them: broken quotes resynchronise at the next line.
    @inline(__always)
    private mutating func tokenize(_ pos: inout Int, n: Int, ncols: Int) -> (field: Int, offset: Int, message: String)? {
        var field = 0
        var bad: (field: Int, offset: Int, message: String)? = nil
        var resync: Int? = nil
        var extraAt: Int? = nil
        let q = CSVBodyParser.quote, comma = CSVBodyParser.comma, lf = CSVBodyParser.lf, cr = CSVBodyParser.cr
        let sp = flat.spans
        do {
            while true {
                let fstart = pos
                var lo = pos, hi = pos, escaped = false
                if pos < n, bytes[pos] == q {
                    var i = pos + 1
                    lo = i
                    var closed = false
                    while true {
                        while i &+ 8 <= n {
                            let m = CSVBodyParser.byteMask(base.loadUnaligned(fromByteOffset: i, as: UInt64.self), 0x22)
                            if m != 0 { i &+= m.trailingZeroBitCount &>> 3; break }
                            i &+= 8
                        }
                        while i < n, bytes[i] != q { i += 1 }
                        guard i < n else { break }
                        if i + 1 < n, bytes[i + 1] == q { escaped = true; i += 2; continue }
                        closed = true
                        break
                    }
                    guard closed else {
                        if bad == nil { bad = (field, fstart, "unterminated quoted field") }
                        resync = nextLineStart(bytes, after: fstart)
                        break
                    }
                    hi = i
                    pos = i + 1
                    if pos < n, bytes[pos] != comma, bytes[pos] != lf, bytes[pos] != cr {
                        if bad == nil { bad = (field, pos, "unexpected character after closing quote") }
                        resync = nextLineStart(bytes, after: pos)
                        break
                    }
                } else {
                    while pos &+ 8 <= n {
                        let w = base.loadUnaligned(fromByteOffset: pos, as: UInt64.self)
                        let m = CSVBodyParser.byteMask(w, comma) | CSVBodyParser.byteMask(w, lf) | CSVBodyParser.byteMask(w, cr)
                        if m != 0 { pos &+= m.trailingZeroBitCount &>> 3; break }
                        pos &+= 8
                    }
                    while pos < n {
                        let c = bytes[pos]
                        if c == comma || c == lf || c == cr { break }
                        pos += 1
                    }
                    hi = pos
                }
                if field < ncols {
                    sp[field] = Span(raw: Int64(fstart), raw_end: Int64(pos), lo: Int64(lo), hi: Int64(hi), escaped: escaped ? 1 : 0)
                } else if bad == nil, extraAt == nil {
                    extraAt = fstart   // worded once the record's fields are all counted
                }
                field += 1
                if pos < n, bytes[pos] == comma { pos += 1; continue }
                break
            }
            if let at = extraAt {
                let found = bad == nil ? "\(field)" : "more"   // a later broken field stopped the count
                bad = (ncols, at, "too many fields: expected \(ncols), found \(found) (field \(ncols + 1) starts here)")
            }
            if let r = resync {
                pos = max(r, pos)
            } else {
                if bad == nil, field < ncols {
                    bad = (field, pos, "too few fields: expected \(ncols), found \(field)")
                }
                if pos < n, bytes[pos] == cr { pos += 1 }
                if pos < n, bytes[pos] == lf { pos += 1 }
            }
            return bad
        }
    }

    /// The field's content, unescaped into `scratch` when it holds doubled quotes.
    @inline(__always)
    private mutating func withContent<R>(_ f: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let s = flat.spans[f]
        let lo = Int(s.lo), hi = Int(s.hi)
        if s.escaped == 0 { return body(UnsafeBufferPointer(rebasing: bytes[lo..<hi])) }
        scratch.removeAll(keepingCapacity: true)
        var i = lo, run = lo
        while i < hi {
            if bytes[i] == CSVBodyParser.quote {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...i]))
                i += 2
                run = i
            } else {
                i += 1
            }
        }
        if run < hi { scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<hi])) }
        return scratch.withUnsafeBufferPointer(body)
    }

    /// The field of the first predicate that fails (its value parsed), or nil when all may pass.
    @inline(__always)
    private mutating func failingPredicateField() -> Int? {
        let arena = flat.arena
        for t in flat.preds {
            if !withContent(t.field, { t.mayPass($0, arena: arena) }) { return t.field }
        }
        return nil
    }

    /// The first value error among the requested fields before `limit` (a row that is bad or
    /// dropped is still type-checked, so errors and skip counts match a full read).
    private mutating func firstValueError(before limit: Int, except skip: Int = -1) -> (offset: Int, message: String)? {
        for f in flat.checked where f < limit && f != skip {
            let kind = flat.kinds[f]
            if !withContent(f, { ColumnSink.parses(kind, $0) }) {
                let s = flat.spans[f]
                return (Int(s.raw), CSVReader.valueMessage(bytes, Int(s.raw), Int(s.raw_end), column: layout.header[f], kind: kind))
            }
        }
        return nil
    }

    /// Converts the requested fields into their columns; on a bad value returns its error (the
    /// caller rolls the row back).
    @inline(__always)
    private mutating func append(into b: inout TableBuilder) -> (offset: Int, message: String)? {
        for f in flat.kept {
            let slot = flat.slots[f]
            let ok = withContent(f) { b.sinks[slot].appendText($0) }
            if !ok {
                let s = flat.spans[f]
                return (Int(s.raw), CSVReader.valueMessage(bytes, Int(s.raw), Int(s.raw_end), column: layout.header[f], kind: layout.kinds[f]))
            }
        }
        return nil
    }

    /// The high bit of each byte of the word that equals `b`, exactly (no false positives, so
    /// the lowest set bit locates the first match on a little-endian load).
    @inline(__always)
    static func byteMask(_ w: UInt64, _ b: UInt8) -> UInt64 {
        let lo7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let x = w ^ (0x0101_0101_0101_0101 &* UInt64(b))
        return ~(((x & lo7) &+ lo7) | x | lo7)
    }
}
