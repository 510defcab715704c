import KQLColumns

// Row-order functions read neighbouring rows of the one batch a serialized input has (the binder
// rejects them on unordered input). Kernels shift whole columns.

let prevFunction = ScalarFunction(
    name: "prev", kind: .window, volatility: .rowOrder, overloads: rowShiftOverloads,
    summary: "The value of a column in an earlier row of a serialized row set (default or null before the first).",
    bind: { site in try rowShift(site, name: "prev", direction: -1) })

let nextFunction = ScalarFunction(
    name: "next", kind: .window, volatility: .rowOrder, overloads: rowShiftOverloads,
    summary: "The value of a column in a later row of a serialized row set (default or null after the last).",
    bind: { site in try rowShift(site, name: "next", direction: 1) })

private let rowShiftOverloads = fn([p("column", .scalar), opt("offset", .integer), opt("default", .scalar)], .parameter(0))

private func rowShift(_ site: CallSite, name: String, direction: Int) throws -> BoundFunction {
    let t = site.resultType   // the column's type (ResultRule.parameter(0))
    var offset = 1
    if site.types.count > 1 {
        guard let c = site.constants[1], let o = integerValue(c), o >= 0 else { throw site.error("\(name)(): offset must be a non-negative constant", arg: 1) }
        offset = Int(min(o, 1 << 40))   // any offset past the rows gives the default; `i + shift` never overflows
    }
    var fallback = Value.empty(t)
    if site.types.count > 2 {
        guard let d = site.constants[2] else { throw site.error("\(name)(): the default must be a constant", arg: 2) }
        fallback = d.isNull || d.type == t ? coerce(d, to: t) : convertDefault(d, to: t)
    }
    let shift = offset * direction
    return BoundFunction(name: name, resultType: t, kernel: .column { args, count in
        var b = ColumnBuilder(type: t, capacity: count)
        for i in 0..<count {
            let j = i + shift
            b.append(j >= 0 && j < count ? coerce(args[0].value(at: j), to: t) : fallback)
        }
        return .column(b.finish())
    })
}

/// A default of another type than the column (`next(Timestamp, 1, 0)`, `prev(Count, 1, 0.5)`):
/// Kusto's binder accepts it and types the result as the column. The docs are silent on the value; Quarry converts it as the
/// column type's conversion function would (tolong, todouble, tostring, todatetime, totimespan,
/// tobool), so `0` for a datetime column is null, as `todatetime(0)` is.
private func convertDefault(_ d: Value, to t: KQLType) -> Value {
    switch t {
    case .long: return toLong(d).map(Value.long) ?? .null(.long)
    case .int: return toLong(d).flatMap { Int32(exactly: $0) }.map(Value.int) ?? .null(.int)
    case .real: return toReal(d).map(Value.real) ?? .null(.real)
    case .string: return .string(kqlString(d))
    case .datetime: return todatetimeValue(d)
    case .timespan:
        switch d {
        case .long(let x): return .timespan(x)
        case .int(let x): return .timespan(Int64(x))
        default: return .null(.timespan)
        }
    case .dynamic: return .dynamic(toDynamic(d))
    default: return .empty(t)
    }
}

let rowNumberFunction = ScalarFunction(
    name: "row_number", kind: .window, volatility: .rowOrder,
    overloads: fn([opt("start", .integer), opt("restart", .type(.bool))], .fixed(.long)),
    summary: "The row's position in a serialized row set, counting from start (again from start where restart is true); null past the largest long.",
    bind: { site in
        var start: Int64 = 1
        if site.types.count >= 1 {
            guard let c = site.constants[0], let s = integerValue(c) else { throw site.error("row_number(): start must be a constant", arg: 0) }
            start = s
        }
        let first = start
        let restarts = site.types.count == 2
        return BoundFunction(name: "row_number", resultType: .long, kernel: .column { args, count in
            // row_number(start, restart): the row where `restart` is true counts from start again
            // (the first row always does; a null restart is false).
            var b = ColumnBuilder(type: .long, capacity: count)   // past Int64 (start near the maximum): null
            var current: Int64? = first
            for i in 0..<count {
                if i > 0 {
                    if restarts, case .bool(true) = args[1].value(at: i) { current = first } else { current = current.flatMap { checkedAdd($0, 1) } }
                }
                b.append(current.map(Value.long) ?? .null(.long))
            }
            return .column(b.finish())
        })
    })
