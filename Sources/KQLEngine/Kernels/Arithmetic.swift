import KQLColumns

/// The result type of `l op r`, or nil when KQL does not define the combination.
func arithmeticResultType(_ op: ArithmeticOp, _ l: KQLType, _ r: KQLType) -> KQLType? {
    switch (l, r) {
    // Kusto widens int arithmetic to long (`int(1) + int(2)` is long).
    case (.int, .int), (.int, .long), (.long, .int), (.long, .long): return .long
    case (.real, .int), (.real, .long), (.int, .real), (.long, .real), (.real, .real): return .real
    // A decimal with a decimal or a number is decimal (as Kusto's binder types `decimal(1) + 1.5`).
    case (.decimal, .decimal), (.decimal, .int), (.decimal, .long), (.decimal, .real), (.int, .decimal), (.long, .decimal), (.real, .decimal): return .decimal
    case (.datetime, .timespan) where op == .add || op == .sub: return .datetime
    case (.timespan, .datetime) where op == .add: return .datetime
    case (.datetime, .datetime) where op == .sub: return .timespan
    case (.timespan, .timespan) where op == .add || op == .sub || op == .mod: return .timespan
    case (.timespan, .timespan) where op == .div: return .real
    case (.timespan, _) where r.isNumeric && (op == .mul || op == .div): return .timespan
    case (_, .timespan) where l.isNumeric && op == .mul: return .timespan
    // `starttime / 1h` (Sentinel hunts): Kusto's binder types it real; the docs are silent on the
    // value. Quarry divides the datetime's ticks (since 0001-01-01, as Kusto stores it) by the
    // timespan's, as timespan / timespan does.
    case (.datetime, .timespan) where op == .div: return .real
    case (.dynamic, .dynamic): return .dynamic
    // A dynamic operand takes the other side's kind, as Kusto's binder types it: with an integer the
    // result is long, with a real real, with a timespan or datetime as for a timespan (`+`/`-` only).
    case (.dynamic, _): return dynamicArithmeticType(op, other: r)
    case (_, .dynamic): return dynamicArithmeticType(op, other: l)
    default: return nil
    }
}

private func dynamicArithmeticType(_ op: ArithmeticOp, other: KQLType) -> KQLType? {
    switch other {
    case .int, .long: return .long
    case .real: return .real
    case .timespan where op == .add || op == .sub: return .timespan
    case .datetime where op == .add: return .datetime
    case .datetime where op == .sub: return .timespan
    default: return nil
    }
}

/// A dynamic operand at run time: its scalar as a plain value (`dynamic(3) - 1.5` is `3 - 1.5`);
/// an array, bag or a value of the wrong kind makes the result null.
@inline(__always) private func unwrappedOperand(_ v: Value) -> Value {
    guard case .dynamic(let d) = v else { return v }
    switch d {
    case .array, .object: return .null(.dynamic)
    default: return dynamicToValue(d)
    }
}

/// Evaluates one arithmetic operation on two values; null in, null out; integer division by zero is null.
/// Overflow gives null (Kusto's docs call overflow an error, never a wrapped value): long `+ - * / %`
/// past Int64 (`(-9223372036854775807 - 1) / -1`), datetimes outside 0001..9999, timespans past Int64 ticks.
func arithmetic(_ op: ArithmeticOp, _ a: Value, _ b: Value, type: KQLType) -> Value {
    if a.isNull || b.isNull { return .empty(type) }
    if a.type == .dynamic || b.type == .dynamic {
        // Unwrapped, the pair must be one Kusto defines (`1h - dynamic(1)` is null, not 1h * 1).
        let x = unwrappedOperand(a), y = unwrappedOperand(b)
        guard !x.isNull, !y.isNull, x.type != .dynamic, y.type != .dynamic, arithmeticResultType(op, x.type, y.type) != nil else {
            return type == .dynamic ? .dynamic(.null) : .empty(type)
        }
        return arithmetic(op, x, y, type: type)
    }
    switch type {
    case .dynamic:
        // dynamic op dynamic, both unwrapped by now: computed in the operands' own types (a string
        // or a pair Kusto does not define gives null), then wrapped back.
        guard let t = arithmeticResultType(op, a.type, b.type) else { return .dynamic(.null) }
        let r = arithmetic(op, a, b, type: t)
        return r.isNull ? .dynamic(.null) : .dynamic(toDynamic(r))
    case .int, .long:
        guard let x = integerValue(a), let y = integerValue(b) else { return .empty(type) }
        guard let r = longArithmetic(op, x, y) else { return .empty(type) }
        return type == .int ? .int(Int32(truncatingIfNeeded: r)) : .long(r)
    case .real:
        if case .timespan(let x) = a, case .timespan(let y) = b { return y == 0 ? .null(.real) : .real(Double(x) / Double(y)) }
        if case .datetime(let x) = a, case .timespan(let y) = b { return y == 0 ? .null(.real) : .real(Double(x) / Double(y)) }
        guard let x = numericDouble(a), let y = numericDouble(b) else { return .empty(type) }
        switch op {
        case .add: return .real(x + y)
        case .sub: return .real(x - y)
        case .mul: return .real(x * y)
        case .div: return .real(x / y)
        case .mod: return .real(x.truncatingRemainder(dividingBy: y))
        }
    case .decimal:
        guard let x = exactDecimal(a), let y = exactDecimal(b) else { return .null(.decimal) }
        let r: KQLDecimal?
        switch op {
        case .add: r = KQLDecimal.add(x, y)
        case .sub: r = KQLDecimal.subtract(x, y)
        case .mul: r = KQLDecimal.multiply(x, y)
        case .div: r = KQLDecimal.divide(x, y)
        case .mod: r = KQLDecimal.remainder(x, y)
        }
        return r.map(Value.decimal) ?? .null(.decimal)
    case .datetime:
        switch (a, b, op) {
        case (.datetime(let t), .timespan(let s), .add), (.timespan(let s), .datetime(let t), .add): return datetimeOrNull(checkedAdd(t, s))
        case (.datetime(let t), .timespan(let s), .sub): return datetimeOrNull(checkedSub(t, s))
        default: return .null(.datetime)
        }
    case .timespan:
        switch (a, b) {
        case (.datetime(let x), .datetime(let y)): return timespanOrNull(checkedSub(x, y))
        case (.timespan(let x), .timespan(let y)):
            switch op {
            case .add: return timespanOrNull(checkedAdd(x, y))
            case .sub: return timespanOrNull(checkedSub(x, y))
            case .mod: return timespanOrNull(checkedRem(x, y))
            default: return .null(.timespan)
            }
        case (.timespan(let x), _):
            guard let y = numericDouble(b) else { return .null(.timespan) }
            if op == .div { return y == 0 ? .null(.timespan) : timespanOrNull(int64Truncating(Double(x) / y)) }
            return timespanOrNull(int64Truncating(Double(x) * y))
        case (_, .timespan(let y)):
            guard let x = numericDouble(a) else { return .null(.timespan) }
            return timespanOrNull(int64Truncating(Double(y) * x))
        default: return .null(.timespan)
        }
    default: return .empty(type)
    }
}

/// A timespan of `t` ticks, or a null timespan when the computation overflowed (nil).
@inline(__always) func timespanOrNull(_ t: Int64?) -> Value { t.map(Value.timespan) ?? .null(.timespan) }

func arithmeticKernel(_ op: ArithmeticOp, _ l: Datum, _ r: Datum, type: KQLType, count: Int) -> Datum {
    if type == .long, let fast = longArithmeticColumn(op, l, r, count: count) { return fast }
    return liftRow({ arithmetic(op, $0[0], $0[1], type: type) }, [l, r], count: count, type: type)
}

/// `x op y` on longs; nil on overflow or integer division by zero. Kusto's modulo is never
/// negative: -14 % 12 is 10.
@inline(__always) func longArithmetic(_ op: ArithmeticOp, _ x: Int64, _ y: Int64) -> Int64? {
    switch op {
    case .add: return checkedAdd(x, y)
    case .sub: return checkedSub(x, y)
    case .mul: return checkedMul(x, y)
    case .div: return checkedDiv(x, y)
    case .mod:
        guard let m = checkedRem(x, y) else { return nil }
        return m < 0 ? (y == .min ? checkedSub(m, y) : m + abs(y)) : m
    }
}

/// long op long straight over Int64 storage (a long column with a long column or a non-null long
/// constant), without a `Value` per row; the same results as `arithmetic` (null where an input is
/// null or the result overflows). Nil when the operands have another shape.
func longArithmeticColumn(_ op: ArithmeticOp, _ l: Datum, _ r: Datum, count: Int) -> Datum? {
    func longs(_ d: Datum) -> (values: [Int64]?, constant: Int64, validity: Validity?)? {
        switch d {
        case .scalar(.long(let x)): return (nil, x, nil)
        case .column(let c):
            guard case .long(let a) = c.storage, a.count >= count else { return nil }
            return (a, 0, c.validity)
        default: return nil
        }
    }
    guard let a = longs(l), let b = longs(r), a.values != nil || b.values != nil else { return nil }
    let inputNulls = Validity.and(a.validity, b.validity)
    var valid = inputNulls ?? Validity(count: count, allValid: true)
    var anyNull = inputNulls != nil
    var out = [Int64](repeating: 0, count: count)
    let xs = a.values ?? [], ys = b.values ?? []
    let xc = a.constant, yc = b.constant
    let xColumn = a.values != nil, yColumn = b.values != nil
    for i in 0..<count {
        if anyNull, !valid.isValid(i) { continue }
        let x = xColumn ? xs[i] : xc, y = yColumn ? ys[i] : yc
        if let z = longArithmetic(op, x, y) { out[i] = z } else { valid.set(i, false); anyNull = true }
    }
    return .column(Column(.long(out), validity: anyNull ? valid : nil))
}
