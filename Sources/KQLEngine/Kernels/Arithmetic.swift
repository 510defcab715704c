import KQLColumns

/// The result type of `l op r`, or nil when KQL does not define the combination.
func arithmeticResultType(_ op: ArithmeticOp, _ l: KQLType, _ r: KQLType) -> KQLType? {
    switch (l, r) {
    // Kusto widens int arithmetic to long (`int(1) + int(2)` is long).
    case (.int, .int), (.int, .long), (.long, .int), (.long, .long): return .long
    case (.real, .int), (.real, .long), (.int, .real), (.long, .real), (.real, .real): return .real
    case (.datetime, .timespan) where op == .add || op == .sub: return .datetime
    case (.timespan, .datetime) where op == .add: return .datetime
    case (.datetime, .datetime) where op == .sub: return .timespan
    case (.timespan, .timespan) where op == .add || op == .sub || op == .mod: return .timespan
    case (.timespan, .timespan) where op == .div: return .real
    case (.timespan, _) where r.isNumeric && (op == .mul || op == .div): return .timespan
    case (_, .timespan) where l.isNumeric && op == .mul: return .timespan
    default: return nil
    }
}

/// Evaluates one arithmetic operation on two values; null in, null out; integer division by zero is null.
/// Overflow gives null (Kusto's docs call overflow an error, never a wrapped value): long `+ - * / %`
/// past Int64 (`(-9223372036854775807 - 1) / -1`), datetimes outside 0001..9999, timespans past Int64 ticks.
func arithmetic(_ op: ArithmeticOp, _ a: Value, _ b: Value, type: KQLType) -> Value {
    if a.isNull || b.isNull { return .empty(type) }
    switch type {
    case .int, .long:
        guard let x = integerValue(a), let y = integerValue(b) else { return .empty(type) }
        let r: Int64?
        switch op {
        case .add: r = checkedAdd(x, y)
        case .sub: r = checkedSub(x, y)
        case .mul: r = checkedMul(x, y)
        case .div: r = checkedDiv(x, y)
        case .mod:
            // Kusto's modulo is never negative: -14 % 12 is 10.
            if let m = checkedRem(x, y) { r = m < 0 ? (y == .min ? checkedSub(m, y) : m + abs(y)) : m } else { r = nil }
        }
        guard let r else { return .empty(type) }
        return type == .int ? .int(Int32(truncatingIfNeeded: r)) : .long(r)
    case .real:
        if case .timespan(let x) = a, case .timespan(let y) = b { return y == 0 ? .null(.real) : .real(Double(x) / Double(y)) }
        guard let x = numericDouble(a), let y = numericDouble(b) else { return .empty(type) }
        switch op {
        case .add: return .real(x + y)
        case .sub: return .real(x - y)
        case .mul: return .real(x * y)
        case .div: return .real(x / y)
        case .mod: return .real(x.truncatingRemainder(dividingBy: y))
        }
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
    liftRow({ arithmetic(op, $0[0], $0[1], type: type) }, [l, r], count: count, type: type)
}
