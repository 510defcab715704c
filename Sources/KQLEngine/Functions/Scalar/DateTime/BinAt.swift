import KQLColumns

/// bin-at-function.md: `fixed + floor((value - fixed) / size) * size`, bins aligned to a fixed point
/// (which may lie after the value). Null when the size is not positive or the result leaves the type's range.
/// Numbers give long, or real when one is real (as Kusto's binder types it); a datetime or timespan value takes a timespan size
/// (the docs' rule; Kusto's parser also takes a number there, which Quarry rejects as a type error).
func binAtValue(_ v: Value, _ size: Value, _ fixed: Value, result: KQLType) -> Value {
    switch (v, size, fixed) {
    case (.datetime(let t), .timespan(let s), .datetime(let f)) where s > 0:
        guard let d = checkedSub(t, f), let m = checkedMul(floorDiv(d, s), s) else { return .null(.datetime) }
        return datetimeOrNull(checkedAdd(f, m))
    case (.timespan(let t), .timespan(let s), .timespan(let f)) where s > 0:
        guard let d = checkedSub(t, f), let m = checkedMul(floorDiv(d, s), s) else { return .null(.timespan) }
        return timespanOrNull(checkedAdd(f, m))
    default:
        break
    }
    switch result {
    case .long:
        guard let x = integerValue(v), let s = integerValue(size), let f = integerValue(fixed), s > 0,
              let d = checkedSub(x, f),
              let m = checkedMul(floorDiv(d, s), s), let r = checkedAdd(f, m) else { return .null(result) }
        return .long(r)
    case .real:
        guard let x = numericDouble(v), let s = numericDouble(size), let f = numericDouble(fixed), s > 0 else { return .null(.real) }
        return .real(((x - f) / s).rounded(.down) * s + f)
    default:
        return .null(result)
    }
}

let binAtFunction = ScalarFunction(
    name: "bin_at",
    overloads: [Overload([p("value", .type(.long)), p("bin_size", .type(.long)), p("fixed_point", .type(.long))], .fixed(.long)),
                Overload([p("value", .type(.real)), p("bin_size", .type(.real)), p("fixed_point", .type(.real))], .fixed(.real)),
                Overload([p("value", .type(.timespan)), p("bin_size", .type(.timespan)), p("fixed_point", .type(.timespan))], .fixed(.timespan)),
                Overload([p("value", .type(.datetime)), p("bin_size", .type(.timespan)), p("fixed_point", .type(.datetime))], .fixed(.datetime))],
    summary: "Rounds a value down to a multiple of the bin size, with bins aligned to a fixed point.",
    bind: { site in
        let result = site.resultType
        return BoundFunction(name: "bin_at", resultType: result, kernel: .row { binAtValue($0[0], $0[1], $0[2], result: result) })
    })
