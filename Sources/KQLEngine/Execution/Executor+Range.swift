import KQLColumns
import KQLSyntax

/// `range x from F to T step S`: rows F, F+S, F+2S, … while not past T, produced in batches of
/// 65,536 rows as they are pulled (a `take` or a streaming consumer never holds the whole range).
/// Counts and values are exact for every long and datetime (no rounding through doubles, no
/// wrap-around): `range x from 9223372036854775800 to 9223372036854775807 step 5` gives …800 and
/// …805.
extension Executor {
    static let rangeBatchRows = 65_536

    /// A range whose bounds were computed by subqueries (resolved to constants by now): evaluated
    /// here, with the checks the binder makes for constant bounds.
    func rangeStream(_ n: LogicalPlan.Range) throws -> BatchStream {
        guard let computed = n.computed else { return rangeStream(from: n.from, to: n.to, step: n.step, type: n.type) }
        let one = Batch(columns: [], count: 1)
        let v = computed.map { e -> Value in
            switch evaluate(e, one) {
            case .scalar(let x): return x
            case .column(let c): return c.value(at: 0)
            }
        }
        // An int or real bound of a long/real range, a datetime or timespan as given.
        func typed(_ x: Value) -> Value {
            switch (n.type, x) {
            case (.long, .int(let i)): return .long(Int64(i))
            case (.real, _): return numericDouble(x).map(Value.real) ?? .null(.real)
            default: return x
            }
        }
        let (f, t, s) = (typed(v[0]), typed(v[1]), v[2])
        if s.isNull { return .of([]) }   // a null step: no rows, as a null bound gives
        _ = try checkedRangeRows(from: f, to: t, step: s, type: n.type, stepSpan: n.spans?.step ?? Span(0, 0), opSpan: n.spans?.op ?? Span(0, 0))
        return rangeStream(from: f, to: t, step: s, type: n.type)
    }

    func rangeStream(from: Value, to: Value, step: Value, type: KQLType) -> BatchStream {
        let n = rangeRowCount(from: from, to: to, step: step, type: type) ?? 0
        var next = 0
        return BatchStream {
            guard next < n else { return nil }
            let rows = min(Self.rangeBatchRows, n - next)
            var b = ColumnBuilder(type: type, capacity: rows)
            switch (type, from, step) {
            case (.datetime, .datetime(let f), .timespan(let st)), (.timespan, .timespan(let f), .timespan(let st)):
                for i in next..<(next + rows) { b.appendTicks(rangeValue(f, st, i)) }
            case (.real, _, _):
                let f = numericDouble(from) ?? 0, st = numericDouble(step) ?? 1
                for i in next..<(next + rows) { b.appendReal(f + Double(i) * st) }
            default:
                let f = integerValue(from) ?? 0, st = integerValue(step) ?? 1
                for i in next..<(next + rows) { b.appendLong(rangeValue(f, st, i)) }
            }
            next += rows
            return [Batch(columns: [b.finish()], count: rows)]
        }
    }
}

/// `f + i * st` for a row `i` that `rangeRowCount` counted: the true value lies between `f` and
/// the range's end, so two's-complement arithmetic gives it exactly.
@inline(__always) func rangeValue(_ f: Int64, _ st: Int64, _ i: Int) -> Int64 {
    f &+ Int64(bitPattern: UInt64(i) &* UInt64(bitPattern: st))
}

/// How many rows `range` produces; fails at the step when it is zero or of the wrong kind, at the
/// operator past `LogicalPlan.Range.maxRows` (the binder's check for constant bounds, the
/// executor's for bounds computed by subqueries).
func checkedRangeRows(from: Value, to: Value, step: Value, type: KQLType, stepSpan: Span, opSpan: Span) throws -> Int {
    guard let rows = rangeRowCount(from: from, to: to, step: step, type: type) else {
        throw Diagnostic(code: .invalidOperatorArgument, "range: the step must be a non-zero \(type == .datetime || type == .timespan ? "timespan" : "number")", span: stepSpan)
    }
    guard rows <= LogicalPlan.Range.maxRows else {
        throw Diagnostic(code: .rangeTooLarge, "range would produce \(rows) rows; Quarry builds at most 100,000,000", span: opSpan)
    }
    return rows
}

/// How many rows `range` produces, or nil when the step is zero or of the wrong kind.
/// A null bound gives no rows; a step away from `to` gives none. Exact for 64-bit bounds: the
/// distance |to - from| fits in UInt64 whatever the bounds.
func rangeRowCount(from: Value, to: Value, step: Value, type: KQLType) -> Int? {
    func exact(_ f: Int64, _ t: Int64, _ st: Int64) -> Int {
        guard (st > 0 && t >= f) || (st < 0 && t <= f) else { return 0 }
        let distance = st > 0 ? UInt64(bitPattern: t &- f) : UInt64(bitPattern: f &- t)
        let rows = distance / st.magnitude
        return rows >= UInt64(Int.max / 2) ? Int.max / 2 : Int(rows) + 1
    }
    switch type {
    case .datetime, .timespan:
        guard case .timespan(let st) = step, st != 0 else { return nil }
        func ticks(_ v: Value) -> Int64? { switch v { case .datetime(let t), .timespan(let t): return t; default: return nil } }
        guard let f = ticks(from), let t = ticks(to) else { return 0 }
        return exact(f, t, st)
    case .real:
        guard let st = numericDouble(step), st != 0, st.isFinite else { return nil }
        guard let f = numericDouble(from), let t = numericDouble(to), f.isFinite, t.isFinite else { return 0 }
        let c = ((t - f) / st).rounded(.down) + 1
        return c < 1 ? 0 : (c > Double(Int.max / 2) ? Int.max / 2 : Int(c))
    default:
        guard let st = integerValue(step), st != 0 else { return nil }
        guard let f = integerValue(from), let t = integerValue(to) else { return 0 }
        return exact(f, t, st)
    }
}
