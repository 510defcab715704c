import KQLColumns

/// What a sink stores: a KQL type, or raw cells awaiting type inference (text from CSV,
/// JSON values from JSON files).
enum SinkKind: Equatable {
    case typed(KQLType)
    case pendingText
    case pendingJSON
}

/// One finished batch of one column. Pending columns keep their raw cells until the whole
/// table has been read and their type inferred.
enum BatchColumn {
    case typed(Column)
    case text(StringArray, nulls: [Int32])
    case json([DynamicValue])
    /// The column did not exist yet when the batch was finished (all null).
    case absent
}

/// Accumulates one column of the current batch. Supports truncation so a half-read bad row
/// can be rolled back. Null rows are recorded as a sorted list of row numbers.
struct ColumnSink {
    var kind: SinkKind
    var bools = RawBuffer<Bool>()
    var i32 = RawBuffer<Int32>()
    var i64 = RawBuffer<Int64>()
    var f64 = RawBuffer<Double>()
    /// String bytes and end offsets (string i ends at `ends[i]`, starts at `ends[i-1]` or 0).
    var strBytes = ByteBuffer()
    var ends = RawBuffer<Int32>()
    var guids: [GUID] = []
    var dyns: [DynamicValue] = []
    var nulls = RawBuffer<Int32>()
    private(set) var count = 0
    /// String columns: the batch's strings as dictionary codes while it has few distinct values
    /// (`dictOn` false once a batch had too many: the column then stays plain). See `DictionaryEncoder`.
    /// Not optional: mutating through an optional copies the encoder on every append.
    var dict: DictionaryEncoder
    var dictOn: Bool
    /// A column the read does not return (JSON projection): values are skipped, not stored;
    /// only the row count is kept so row bookkeeping works.
    var skip = false

    init(kind: SinkKind, capacity: Int) {
        self.kind = kind
        dictOn = kind == .typed(.string)
        dict = DictionaryEncoder(limit: dictOn ? min(DictionaryEncoder.maxDistinct, max(64, capacity / 4)) : 0)
        reserve(capacity, bytes: 0)
    }

    mutating func reserve(_ n: Int, bytes: Int) {
        switch kind {
        case .typed(let t):
            switch t {
            case .bool: bools.reserve(n)
            case .int: i32.reserve(n)
            case .long, .datetime, .timespan: i64.reserve(n)
            case .real, .decimal: f64.reserve(n)
            case .string: ends.reserve(n); strBytes.reserve(bytes)
            case .guid: guids.reserveCapacity(n)
            case .dynamic: dyns.reserveCapacity(n)
            }
        case .pendingText: ends.reserve(n); strBytes.reserve(bytes)
        case .pendingJSON: dyns.reserveCapacity(n)
        }
    }

    var typeName: String {
        switch kind {
        case .typed(let t): return t.rawValue
        case .pendingText, .pendingJSON: return "inferred"
        }
    }

    // MARK: appends (each adds exactly one row)

    @inline(__always) mutating func appendNull() {
        if skip { count &+= 1; return }
        switch kind {
        case .typed(let t):
            switch t {
            case .string: appendString(UnsafeBufferPointer(start: nil, count: 0)); return
            case .bool: bools.append(false)
            case .int: i32.append(0)
            case .long, .datetime, .timespan: i64.append(0)
            case .real, .decimal: f64.append(0)
            case .guid: guids.append(GUID(high: 0, low: 0))
            case .dynamic: dyns.append(.null)
            }
        case .pendingText: ends.append(Int32(truncatingIfNeeded: strBytes.count))
        case .pendingJSON: dyns.append(.null)
        }
        nulls.append(Int32(truncatingIfNeeded: count))
        count += 1
    }

    @inline(__always) mutating func appendInt(_ v: Int32) { i32.append(v); count += 1 }
    @inline(__always) mutating func appendLong(_ v: Int64) { i64.append(v); count += 1 }
    @inline(__always) mutating func appendReal(_ v: Double) { f64.append(v); count += 1 }
    @inline(__always) mutating func appendBool(_ v: Bool) { bools.append(v); count += 1 }
    @inline(__always) mutating func appendGUID(_ v: GUID) { guids.append(v); count += 1 }
    @inline(__always) mutating func appendString(_ p: UnsafeBufferPointer<UInt8>) {
        if dictOn {
            if dict.append(p) { count &+= 1; return }
            abandonDictionary()
        }
        strBytes.append(p)
        ends.append(Int32(truncatingIfNeeded: strBytes.count))
        count += 1
    }
    mutating func appendString(_ s: String) {
        var s = s
        s.withUTF8 { appendString($0) }
    }
    mutating func appendString(_ b: [UInt8]) { b.withUnsafeBufferPointer { appendString($0) } }
    @inline(__always) mutating func appendDynamic(_ v: DynamicValue) {
        if v == .null { nulls.append(Int32(truncatingIfNeeded: count)) }
        dyns.append(v); count += 1
    }

    /// Appends a text cell (CSV field, already unescaped). Empty text is null for every type
    /// but string. Returns false (appending nothing) when the text does not parse as the type.
    @inline(__always)
    mutating func appendText(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        switch kind {
        case .typed(let t):
            if t == .string {
                guard TextEncoding.isASCII(p) || TextEncoding.firstInvalidUTF8(p) == nil else { return false }
                appendString(p)
                return true
            }
            if p.count == 0 { appendNull(); return true }
            switch t {
            case .long:
                guard let v = NumberParsing.int64(p) else { return false }
                appendLong(v)
            case .int:
                guard let v = NumberParsing.int64(p), let w = Int32(exactly: v) else { return false }
                appendInt(w)
            case .datetime:
                guard let v = FieldParsing.datetime(p) else { return false }
                appendLong(v)
            case .real, .decimal:
                guard let v = NumberParsing.double(p) else { return false }
                appendReal(v)
            case .bool:
                guard let v = FieldParsing.bool(p) else { return false }
                appendBool(v)
            case .timespan:
                guard let v = FieldParsing.timespan(p) else { return false }
                appendLong(v)
            case .guid:
                guard let v = FieldParsing.guid(p) else { return false }
                appendGUID(v)
            case .dynamic:
                appendDynamic(FieldParsing.dynamic(p))
            case .string:
                break
            }
            return true
        case .pendingText:
            if p.count == 0 { appendNull() } else { appendString(p) }
            return true
        case .pendingJSON:
            appendDynamic(p.count == 0 ? .null : .string(String(decoding: p, as: UTF8.self)))
            return true
        }
    }

    /// Drops rows from `n` on (rolls back a partly appended row).
    mutating func truncate(to n: Int) {
        guard count > n else { return }
        if skip { count = n; return }
        switch kind {
        case .typed(let t):
            switch t {
            case .bool: bools.truncate(to: n)
            case .int: i32.truncate(to: n)
            case .long, .datetime, .timespan: i64.truncate(to: n)
            case .real, .decimal: f64.truncate(to: n)
            case .string: truncateStrings(n)
            case .guid: guids.removeLast(count - n)
            case .dynamic: dyns.removeLast(count - n)
            }
        case .pendingText: truncateStrings(n)
        case .pendingJSON: dyns.removeLast(count - n)
        }
        while let last = nulls.last, Int(last) >= n { nulls.truncate(to: nulls.count - 1) }
        count = n
    }

    /// Too many distinct strings: turns this batch's codes into plain strings and stays plain.
    private mutating func abandonDictionary() {
        guard dictOn else { return }
        dictOn = false
        let d = dict
        d.codes.withBuffer { codes in
            for c in codes {
                d.withEntry(Int(c)) { strBytes.append($0) }
                ends.append(Int32(truncatingIfNeeded: strBytes.count))
            }
        }
        dict = DictionaryEncoder(limit: 0)   // free the dictionary
    }

    private mutating func truncateStrings(_ n: Int) {
        if dictOn { dict.codes.truncate(to: n); return }
        ends.truncate(to: n)
        strBytes.truncate(to: n == 0 ? 0 : Int(ends[n - 1]))
    }

    /// The strings of the batch as a `StringArray` (bytes copied out; the buffer is reused).
    private func stringArray() -> StringArray {
        var offsets: [Int32] = []
        offsets.reserveCapacity(ends.count + 1)
        offsets.append(0)
        ends.withBuffer { offsets.append(contentsOf: $0) }
        return StringArray(bytes: strBytes.array(), offsets: offsets)
    }

    /// Hands out the batch and starts a new, empty one with the same capacity.
    mutating func finishBatch(capacity: Int) -> BatchColumn {
        if skip { count = 0; return .typed(Column(.bool([]))) }   // never returned: projected away
        let byteHint = strBytes.count + strBytes.count / 8
        var validity: Validity? = nil
        if nulls.count > 0 {
            var v = Validity(count: count, allValid: true)
            for i in 0..<nulls.count { v.set(Int(nulls[i]), false) }
            validity = v
        }
        let out: BatchColumn
        switch kind {
        case .typed(let t):
            switch t {
            case .bool: out = .typed(Column(.bool(bools.array()), validity: validity))
            case .int: out = .typed(Column(.int(i32.array()), validity: validity))
            case .long: out = .typed(Column(.long(i64.array()), validity: validity))
            case .datetime: out = .typed(Column(.datetime(i64.array()), validity: validity))
            case .timespan: out = .typed(Column(.timespan(i64.array()), validity: validity))
            case .real, .decimal: out = .typed(Column(.real(f64.array()), validity: validity))
            case .string:
                if dictOn { out = .typed(Column(.dictionary(dict.finish()))) }
                else { out = .typed(Column(.string(stringArray()), validity: nil)) }
            case .guid: out = .typed(Column(.guid(guids), validity: validity))
            case .dynamic: out = .typed(Column(.dynamic(dyns), validity: validity))
            }
        case .pendingText: out = .text(stringArray(), nulls: nulls.array())
        case .pendingJSON: out = .json(dyns)
        }
        bools.truncate(to: 0); i32.truncate(to: 0); i64.truncate(to: 0); f64.truncate(to: 0); ends.truncate(to: 0)
        strBytes.truncate(to: 0); nulls.truncate(to: 0); guids = []; dyns = []
        count = 0
        reserve(capacity, bytes: byteHint)
        return out
    }
}

/// A growable byte buffer for string column bytes: the `RawBuffer` of bytes, with a bulk append
/// (short copies inline, no library call) and byte comparisons.
typealias ByteBuffer = RawBuffer<UInt8>

extension RawBuffer where T == UInt8 {
    init() { self.init(capacity: 64) }

    @inline(__always) mutating func append(_ p: UnsafeBufferPointer<UInt8>) {
        let k = p.count
        if count &+ k > capacity { grow(count + k) }
        if k > 0 { copyBytes(from: UnsafeRawPointer(p.baseAddress!), to: UnsafeMutableRawPointer(base + count), k) }
        count &+= k
    }

    /// Whether the bytes at `offset` equal `p` (the caller checked the length fits).
    @inline(__always) func equals(_ offset: Int, _ p: UnsafeBufferPointer<UInt8>) -> Bool {
        memcmpEqual(UnsafeBufferPointer(start: base + offset, count: p.count), p)
    }

    func withBytes<R>(_ r: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        body(UnsafeBufferPointer(start: base + r.lowerBound, count: r.count))
    }
}

/// A growable buffer of plain values (the typed payloads, offsets, null lists and string bytes of a sink):
/// appends are a capacity check and a store, and the allocation is reused from batch to batch
/// (`array()` copies the batch out). Copies share storage; a sink is never copied while appending.
struct RawBuffer<T: BitwiseCopyable> {
    final class Storage {
        let base: UnsafeMutablePointer<T>
        init(capacity: Int) { base = .allocate(capacity: capacity) }
        deinit { base.deallocate() }
    }

    private var storage: Storage
    private var base: UnsafeMutablePointer<T>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 16) {
        storage = Storage(capacity: capacity)
        base = storage.base
        self.capacity = capacity
    }

    @inline(__always) mutating func append(_ v: T) {
        if count == capacity { grow(count + 1) }
        (base + count).initialize(to: v)
        count &+= 1
    }

    mutating func reserve(_ n: Int) { if n > capacity { grow(n) } }
    mutating func truncate(to n: Int) { count = min(count, n) }
    var last: T? { count > 0 ? base[count - 1] : nil }
    subscript(i: Int) -> T { precondition(i >= 0 && i < count); return base[i] }
    func array() -> [T] { Array(UnsafeBufferPointer(start: base, count: count)) }
    func withBuffer<R>(_ body: (UnsafeBufferPointer<T>) -> R) -> R { body(UnsafeBufferPointer(start: base, count: count)) }

    private mutating func grow(_ needed: Int) {
        let newCap = max(needed, capacity * 2)
        let fresh = Storage(capacity: newCap)
        fresh.base.update(from: base, count: count)
        storage = fresh
        base = fresh.base
        capacity = newCap
    }
}

/// Copies `k` bytes; short copies (the typical field) use overlapping word moves instead of a
/// call to memmove. Never reads or writes outside `[src, src+k)` / `[dst, dst+k)`.
@inline(__always)
func copyBytes(from src: UnsafeRawPointer, to dst: UnsafeMutableRawPointer, _ k: Int) {
    switch k {
    case 8...16:
        let a = src.loadUnaligned(as: UInt64.self), b = src.loadUnaligned(fromByteOffset: k - 8, as: UInt64.self)
        dst.storeBytes(of: a, as: UInt64.self); dst.storeBytes(of: b, toByteOffset: k - 8, as: UInt64.self)
    case 17...32:
        let a = src.loadUnaligned(as: UInt64.self), b = src.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        let c = src.loadUnaligned(fromByteOffset: k - 16, as: UInt64.self), d = src.loadUnaligned(fromByteOffset: k - 8, as: UInt64.self)
        dst.storeBytes(of: a, as: UInt64.self); dst.storeBytes(of: b, toByteOffset: 8, as: UInt64.self)
        dst.storeBytes(of: c, toByteOffset: k - 16, as: UInt64.self); dst.storeBytes(of: d, toByteOffset: k - 8, as: UInt64.self)
    case 4...7:
        let a = src.loadUnaligned(as: UInt32.self), b = src.loadUnaligned(fromByteOffset: k - 4, as: UInt32.self)
        dst.storeBytes(of: a, as: UInt32.self); dst.storeBytes(of: b, toByteOffset: k - 4, as: UInt32.self)
    case 0...3:
        for i in 0..<k { dst.storeBytes(of: src.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self) }
    default:
        dst.copyMemory(from: src, byteCount: k)
    }
}
