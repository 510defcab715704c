import KQLColumns

/// What one read needs: the columns to return (nil = all) and the predicates a reader may test
/// on raw fields to skip rows early (see `ScanPredicate` for the contract).
struct ScanSpec {
    var columns: [String]?
    var predicates: [ScanPredicate]
    /// The requested columns as a set (nil = all).
    private(set) var wanted: Set<String>?

    init(columns: [String]?, predicates: [ScanPredicate]) {
        self.columns = columns
        self.predicates = predicates
        wanted = columns.map(Set.init)
    }

    static let all = ScanSpec(columns: nil, predicates: [])

    func wants(_ name: String) -> Bool { wanted?.contains(name) ?? true }
}

/// A `ScanPredicate` compiled for a column of a known type, tested on a field's (unescaped) bytes.
///
/// A test answers "may this row pass?": it returns false only when the field parses as the
/// column's type and the comparison is false (or the field is null and the operator is not `!=`).
/// A field that does not parse passes, so the row reaches the normal conversion and its error.
struct RawPredicate {
    enum Operand {
        case string([UInt8])
        case integer(Int64, int32: Bool)
        case real(Double)
        case ticks(Int64)
    }
    var op: ScanPredicate.Op
    var operand: Operand

    /// Compiles `p` for a column of kind `kind`, or nil when the pair is not supported (the
    /// predicate is then simply not used; the engine applies it anyway).
    static func compile(_ p: ScanPredicate, kind: SinkKind) -> RawPredicate? {
        guard case .typed(let t) = kind else { return nil }
        switch (t, p.value) {
        case (.string, .string(let s)) where p.op == .equal || p.op == .notEqual:
            return RawPredicate(op: p.op, operand: .string(Array(s.utf8)))
        case (.long, .long(let v)): return RawPredicate(op: p.op, operand: .integer(v, int32: false))
        case (.long, .int(let v)): return RawPredicate(op: p.op, operand: .integer(Int64(v), int32: false))
        case (.int, .long(let v)): return RawPredicate(op: p.op, operand: .integer(v, int32: true))
        case (.int, .int(let v)): return RawPredicate(op: p.op, operand: .integer(Int64(v), int32: true))
        case (.real, .real(let v)), (.decimal, .real(let v)): return RawPredicate(op: p.op, operand: .real(v))
        case (.real, .long(let v)), (.decimal, .long(let v)): return RawPredicate(op: p.op, operand: .real(Double(v)))
        case (.real, .int(let v)), (.decimal, .int(let v)): return RawPredicate(op: p.op, operand: .real(Double(v)))
        case (.datetime, .datetime(let v)): return RawPredicate(op: p.op, operand: .ticks(v))
        default: return nil
        }
    }

    @inline(__always)
    static func compare<T: Comparable>(_ a: T, _ op: ScanPredicate.Op, _ b: T) -> Bool {
        switch op {
        case .equal: return a == b
        case .notEqual: return a != b
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .greater: return a > b
        case .greaterOrEqual: return a >= b
        }
    }

    /// Whether the row may pass, judged from the field's unescaped bytes.
    @inline(__always)
    func mayPass(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        switch operand {
        case .string(let s):
            let eq = s.withUnsafeBufferPointer { memcmpEqual($0, p) }
            return op == .equal ? eq : !eq
        case .integer(let c, let int32):
            if p.count == 0 { return op == .notEqual }
            guard let v = NumberParsing.int64(p) else { return true }
            if int32, Int32(exactly: v) == nil { return true }
            return RawPredicate.compare(v, op, c)
        case .real(let c):
            if p.count == 0 { return op == .notEqual }
            guard let v = NumberParsing.double(p) else { return true }
            if v.isNaN { return op == .notEqual }
            return RawPredicate.compare(v, op, c)
        case .ticks(let c):
            if p.count == 0 { return op == .notEqual }
            guard let v = FieldParsing.datetime(p) else { return true }
            return RawPredicate.compare(v, op, c)
        }
    }
}

extension ColumnSink {
    /// Whether `appendText(p)` would succeed, without appending (type checks of rows that a
    /// predicate drops when bad rows are counted, so the count equals a full read's).
    @inline(__always)
    static func parses(_ kind: SinkKind, _ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard case .typed(let t) = kind, t != .string, p.count > 0 else { return true }
        switch t {
        case .long: return NumberParsing.int64(p) != nil
        case .int: return NumberParsing.int64(p).flatMap { Int32(exactly: $0) } != nil
        case .datetime: return FieldParsing.datetime(p) != nil
        case .real, .decimal: return NumberParsing.double(p) != nil
        case .bool: return FieldParsing.bool(p) != nil
        case .timespan: return FieldParsing.timespan(p) != nil
        case .guid: return FieldParsing.guid(p) != nil
        case .dynamic, .string: return true
        }
    }
}
