import KQLColumns

/// Infers the type of a column that the catalog does not type, from all of its cells.
///
/// Text cells (CSV): all integers → long, all numbers → real, all true/false → bool, all ISO
/// datetimes → datetime, otherwise string. JSON cells: any object/array → dynamic; JSON numbers
/// → long/real; JSON bools → bool; JSON strings → datetime when every non-empty one is an ISO
/// datetime, else string; a mix of kinds → string. Null/empty cells do not vote; a column with
/// no values at all is string.
struct TypeInference {
    private var canLong = true, canReal = true, canBool = true, canDatetime = true
    private var needsDynamic = false
    private var sawValue = false, sawDatetime = false

    var result: KQLType {
        if needsDynamic { return .dynamic }
        guard sawValue else { return .string }
        if canLong { return .long }
        if canReal { return .real }
        if canBool { return .bool }
        if canDatetime && sawDatetime { return .datetime }
        return .string
    }

    mutating func observe(text s: StringArray, nulls: [Int32]) {
        s.bytes.withUnsafeBufferPointer { buf in
            for i in 0..<s.count {
                let r = s.range(i)
                if r.isEmpty { continue }
                observe(text: UnsafeBufferPointer(rebasing: buf[r]))
            }
        }
    }

    mutating func observe(text p: UnsafeBufferPointer<UInt8>) {
        sawValue = true
        let numeric = FieldParsing.looksNumeric(p)
        if canLong, !(numeric && NumberParsing.int64(p) != nil) { canLong = false }
        if canReal, !(numeric && NumberParsing.double(p) != nil) { canReal = false }
        if canBool, !(p.count >= 4 && FieldParsing.bool(p) != nil) { canBool = false }
        if canDatetime {
            if FieldParsing.datetime(p) != nil { sawDatetime = true } else { canDatetime = false }
        }
    }

    mutating func observe(json v: DynamicValue) {
        switch v {
        case .null: return
        case .long: sawValue = true; canBool = false; canDatetime = false
        case .real: sawValue = true; canLong = false; canBool = false; canDatetime = false
        case .bool: sawValue = true; canLong = false; canReal = false; canDatetime = false
        case .string(let s):
            sawValue = true; canLong = false; canReal = false; canBool = false
            if canDatetime, !s.isEmpty {
                var s = s
                if s.withUTF8({ FieldParsing.datetime($0) }) != nil { sawDatetime = true } else { canDatetime = false }
            }
        case .datetime: sawValue = true; sawDatetime = true; canLong = false; canReal = false; canBool = false
        case .timespan, .guid: sawValue = true; canLong = false; canReal = false; canBool = false; canDatetime = false
        case .array, .object: needsDynamic = true
        }
    }

    /// Converts raw text cells to `type` (cells that do not parse become null; inference
    /// guarantees they all parse).
    static func convert(text s: StringArray, nulls: [Int32], to type: KQLType) -> Column {
        if type == .string { return Column(.string(s), validity: nil) }
        var sink = ColumnSink(kind: .typed(type), capacity: s.count)
        s.bytes.withUnsafeBufferPointer { buf in
            for i in 0..<s.count {
                let p = UnsafeBufferPointer(rebasing: buf[s.range(i)])
                if !sink.appendText(p) { sink.appendNull() }
            }
        }
        guard case .typed(let c) = sink.finishBatch(capacity: 0) else { fatalError("typed sink") }
        return c
    }

    /// Converts JSON cells to `type`.
    static func convert(json vs: [DynamicValue], to type: KQLType) -> Column {
        var b = ColumnBuilder(type: type, capacity: vs.count)
        for v in vs {
            switch (type, v) {
            case (.dynamic, _): b.appendDynamic(v)
            case (_, .null): b.appendNull()
            case (.string, .string(let s)): b.appendString(s)
            case (.string, .datetime(let t)): b.appendString(DateTime.format(t))
            case (.string, _): b.appendString(JSON.serialize(v))
            case (.long, .long(let x)): b.appendLong(x)
            case (.real, .long(let x)): b.appendReal(Double(x))
            case (.real, .real(let x)): b.appendReal(x)
            case (.bool, .bool(let x)): b.appendBool(x)
            case (.datetime, .datetime(let t)): b.appendTicks(t)
            case (.datetime, .string(var s)):
                if let t = s.withUTF8({ FieldParsing.datetime($0) }) { b.appendTicks(t) } else { b.appendNull() }
            default: b.appendNull()
            }
        }
        return b.finish()
    }
}
