/// The typed payload of a column. Nulls are not in the payload but in `Column.validity`;
/// the payload slot of a null row holds an unspecified filler (0, empty string).
public enum ColumnStorage: Sendable {
    case bool([Bool])
    case int([Int32])
    case long([Int64])
    case real([Double])
    case decimal([KQLDecimal])
    case string(StringArray)
    /// Strings as dictionary codes (type `string`); see `DictionaryStrings`.
    case dictionary(DictionaryStrings)
    case datetime([Int64])
    case timespan([Int64])
    case guid([GUID])
    case dynamic([DynamicValue])
}

/// A typed column of one batch: payload plus validity bitmap (nil = no nulls).
public struct Column: Sendable {
    /// The column with dictionary-coded strings expanded to plain bytes + offsets
    /// (kernels with a byte-level fast path call this; it is free for other storages).
    public var plain: Column {
        if case .dictionary(let d) = storage { return Column(.string(d.decoded())) }
        return self
    }

    public var storage: ColumnStorage
    public var validity: Validity?

    public init(_ storage: ColumnStorage, validity: Validity? = nil) {
        self.storage = storage
        self.validity = validity
    }

    public var type: KQLType {
        switch storage {
        case .bool: return .bool
        case .int: return .int
        case .long: return .long
        case .real: return .real
        case .decimal: return .decimal
        case .string, .dictionary: return .string
        case .datetime: return .datetime
        case .timespan: return .timespan
        case .guid: return .guid
        case .dynamic: return .dynamic
        }
    }

    public var count: Int {
        switch storage {
        case .bool(let a): return a.count
        case .int(let a): return a.count
        case .long(let a): return a.count
        case .real(let a): return a.count
        case .decimal(let a): return a.count
        case .string(let a): return a.count
        case .dictionary(let d): return d.count
        case .datetime(let a): return a.count
        case .timespan(let a): return a.count
        case .guid(let a): return a.count
        case .dynamic(let a): return a.count
        }
    }

    @inlinable public func isValid(_ i: Int) -> Bool { validity?.isValid(i) ?? true }

    /// The value in row i (slow path: for output, grouping keys and tests, not kernels).
    public func value(at i: Int) -> Value {
        if !isValid(i) { return .empty(type) }
        switch storage {
        case .bool(let a): return .bool(a[i])
        case .int(let a): return .int(a[i])
        case .long(let a): return .long(a[i])
        case .real(let a): return .real(a[i])
        case .decimal(let a): return .decimal(a[i])
        case .string(let a): return .string(a[i])
        case .dictionary(let d): return .string(d.dictionary[Int(d.codes[i])])
        case .datetime(let a): return .datetime(a[i])
        case .timespan(let a): return .timespan(a[i])
        case .guid(let a): return .guid(a[i])
        case .dynamic(let a): return a[i] == .null ? .dynamic(.null) : .dynamic(a[i])
        }
    }

    /// A column of `count` copies of `value`.
    public static func repeating(_ value: Value, count: Int, type: KQLType? = nil) -> Column {
        var b = ColumnBuilder(type: type ?? value.type, capacity: count)
        for _ in 0..<count { b.append(value) }
        return b.finish()
    }

    /// The rows at `indices`, in that order (a selection vector applied).
    public func gather(_ indices: [Int]) -> Column {
        let v: Validity? = validity.flatMap { val in Validity.from(count: indices.count) { val.isValid(indices[$0]) } }
        switch storage {
        case .bool(let a): return Column(.bool(indices.map { a[$0] }), validity: v)
        case .int(let a): return Column(.int(indices.map { a[$0] }), validity: v)
        case .long(let a): return Column(.long(indices.map { a[$0] }), validity: v)
        case .real(let a): return Column(.real(indices.map { a[$0] }), validity: v)
        case .decimal(let a): return Column(.decimal(indices.map { a[$0] }), validity: v)
        case .string(let a): return Column(.string(a.gather(indices)), validity: nil)
        case .dictionary(let d): return Column(.dictionary(DictionaryStrings(codes: indices.map { d.codes[$0] }, dictionary: d.dictionary)))
        case .datetime(let a): return Column(.datetime(indices.map { a[$0] }), validity: v)
        case .timespan(let a): return Column(.timespan(indices.map { a[$0] }), validity: v)
        case .guid(let a): return Column(.guid(indices.map { a[$0] }), validity: v)
        case .dynamic(let a): return Column(.dynamic(indices.map { a[$0] }), validity: v)
        }
    }
}

/// Appends values of one type and produces a column. Used by readers and by slow paths.
public struct ColumnBuilder: Sendable {
    public let type: KQLType
    private var bools: [Bool] = []
    private var ints: [Int32] = []
    private var longs: [Int64] = []
    private var reals: [Double] = []
    private var decimals: [KQLDecimal] = []
    private var strings = StringArray()
    private var guids: [GUID] = []
    private var dynamics: [DynamicValue] = []
    private var validity: Validity
    private var hasNull = false

    public init(type: KQLType, capacity: Int = 0) {
        self.type = type
        validity = Validity(count: 0, allValid: true)
        switch type {
        case .bool: bools.reserveCapacity(capacity)
        case .int: ints.reserveCapacity(capacity)
        case .long, .datetime, .timespan: longs.reserveCapacity(capacity)
        case .real: reals.reserveCapacity(capacity)
        case .decimal: decimals.reserveCapacity(capacity)
        case .string: strings.offsets.reserveCapacity(capacity + 1)
        case .guid: guids.reserveCapacity(capacity)
        case .dynamic: dynamics.reserveCapacity(capacity)
        }
    }

    public var count: Int { validity.count }

    public mutating func appendNull() {
        switch type {
        case .bool: bools.append(false)
        case .int: ints.append(0)
        case .long, .datetime, .timespan: longs.append(0)
        case .real: reals.append(0)
        case .decimal: decimals.append(KQLDecimal(Int64(0)))
        case .string: strings.appendEmpty(); validity.append(true); return
        case .guid: guids.append(GUID(high: 0, low: 0))
        case .dynamic: dynamics.append(.null)
        }
        validity.append(false)
        hasNull = true
    }

    public mutating func appendBool(_ v: Bool) { bools.append(v); validity.append(true) }
    public mutating func appendInt(_ v: Int32) { ints.append(v); validity.append(true) }
    public mutating func appendLong(_ v: Int64) { longs.append(v); validity.append(true) }
    /// On a decimal builder, the real's decimal (NaN and infinities, which a decimal cannot hold, are null).
    public mutating func appendReal(_ v: Double) {
        if type == .decimal {
            if let d = KQLDecimal(v) { appendDecimal(d) } else { appendNull() }
            return
        }
        reals.append(v); validity.append(true)
    }
    /// On a real builder, the decimal's nearest double.
    public mutating func appendDecimal(_ v: KQLDecimal) {
        if type == .real { appendReal(v.double); return }
        decimals.append(v); validity.append(true)
    }
    public mutating func appendTicks(_ v: Int64) { longs.append(v); validity.append(true) }
    public mutating func appendString(_ v: String) { strings.append(v); validity.append(true) }
    public mutating func appendString(bytes: UnsafeBufferPointer<UInt8>) { strings.append(bytes: bytes); validity.append(true) }
    public mutating func appendGUID(_ v: GUID) { guids.append(v); validity.append(true) }
    public mutating func appendDynamic(_ v: DynamicValue) {
        dynamics.append(v); validity.append(v != .null); if v == .null { hasNull = true }
    }

    /// Appends a value, converting between numeric representations where lossless.
    /// Precondition: the value's type is this builder's type, or null.
    public mutating func append(_ v: Value) {
        switch v {
        case .null: appendNull()
        case .bool(let b): appendBool(b)
        case .int(let x):
            switch type { case .long: appendLong(Int64(x)); case .real: appendReal(Double(x)); case .decimal: appendDecimal(KQLDecimal(Int64(x))); default: appendInt(x) }
        case .long(let x):
            switch type { case .int: appendInt(Int32(truncatingIfNeeded: x)); case .real: appendReal(Double(x)); case .decimal: appendDecimal(KQLDecimal(x)); default: appendLong(x) }
        case .real(let x): appendReal(x)
        case .decimal(let d): appendDecimal(d)
        case .string(let s): appendString(s)
        case .datetime(let t), .timespan(let t): appendTicks(t)
        case .guid(let g): appendGUID(g)
        case .dynamic(let d): appendDynamic(d)
        }
    }

    public func finish() -> Column {
        let v = hasNull ? validity : nil
        switch type {
        case .bool: return Column(.bool(bools), validity: v)
        case .int: return Column(.int(ints), validity: v)
        case .long: return Column(.long(longs), validity: v)
        case .real: return Column(.real(reals), validity: v)
        case .decimal: return Column(.decimal(decimals), validity: v)
        case .string: return Column(.string(strings), validity: nil)
        case .datetime: return Column(.datetime(longs), validity: v)
        case .timespan: return Column(.timespan(longs), validity: v)
        case .guid: return Column(.guid(guids), validity: v)
        case .dynamic: return Column(.dynamic(dynamics), validity: v)
        }
    }
}
