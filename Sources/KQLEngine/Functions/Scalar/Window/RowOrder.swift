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
        guard d.isNull || commonType(t, d.type) != nil else { throw site.error("\(name)(): the default must have the column's type", arg: 2) }
        fallback = coerce(d, to: t)
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

let rowNumberFunction = ScalarFunction(
    name: "row_number", kind: .window, volatility: .rowOrder, overloads: fn([opt("start", .integer)], .fixed(.long)),
    summary: "The row's position in a serialized row set, counting from start; null past the largest long.",
    bind: { site in
        var start: Int64 = 1
        if site.types.count == 1 {
            guard let c = site.constants[0], let s = integerValue(c) else { throw site.error("row_number(): start must be a constant", arg: 0) }
            start = s
        }
        let first = start
        return BoundFunction(name: "row_number", resultType: .long, kernel: .column { _, count in
            var b = ColumnBuilder(type: .long, capacity: count)   // past Int64 (start near the maximum): null
            for i in 0..<count { b.append(checkedAdd(first, Int64(i)).map(Value.long) ?? .null(.long)) }
            return .column(b.finish())
        })
    })
