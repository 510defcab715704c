import KQLColumns

// series_fill_const / series_fill_forward / series_fill_backward / series_fill_linear: missing
// elements (null, or equal to missing_value_placeholder when one is given) are replaced; every other
// element is kept as it is (its type included). Filled values keep the type of the values they copy;
// linear interpolation gives reals, or longs when the interpolated value is whole and both ends are
// longs (Kusto keeps an integer series integer).

/// Whether element `d` is missing: null, or equal (by value) to the placeholder.
private func isMissing(_ d: DynamicValue, _ placeholder: Value?) -> Bool {
    if case .null = d { return true }
    guard let placeholder, !placeholder.isNull else { return false }
    if let x = seriesNumber(d), let y = numericDouble(placeholder) { return x == y || (x.isNaN && y.isNaN) }
    return dynamicEquals(d, placeholder)
}

private func placeholderArg(_ args: [Value], _ i: Int) -> Value? { i < args.count ? args[i] : nil }

let seriesFillConstFunction = rowFunction(
    "series_fill_const", fn([p("series", .type(.dynamic)), p("constant_value", .scalar), opt("missing_value_placeholder", .scalar)], .fixed(.dynamic)),
    summary: "Replaces missing values (null, or the placeholder) of a series with a constant.", kernel: { args in
        guard let a = dynamicArray(args[0]) else { return .dynamic(.null) }
        let c = toDynamic(args[1]), ph = placeholderArg(args, 2)
        return .dynamic(.array(a.map { isMissing($0, ph) ? c : $0 }))
    })

let seriesFillForwardFunction = rowFunction(
    "series_fill_forward", fn([p("series", .type(.dynamic)), opt("missing_value_placeholder", .scalar)], .fixed(.dynamic)),
    summary: "Replaces missing values of a series with the last value before them (leading ones stay).", kernel: { args in
        guard var a = dynamicArray(args[0]) else { return .dynamic(.null) }
        let ph = placeholderArg(args, 1)
        var last: DynamicValue?
        for i in a.indices { if isMissing(a[i], ph) { if let last { a[i] = last } } else { last = a[i] } }
        return .dynamic(.array(a))
    })

let seriesFillBackwardFunction = rowFunction(
    "series_fill_backward", fn([p("series", .type(.dynamic)), opt("missing_value_placeholder", .scalar)], .fixed(.dynamic)),
    summary: "Replaces missing values of a series with the next value after them (trailing ones stay).", kernel: { args in
        guard var a = dynamicArray(args[0]) else { return .dynamic(.null) }
        let ph = placeholderArg(args, 1)
        var next: DynamicValue?
        for i in a.indices.reversed() { if isMissing(a[i], ph) { if let next { a[i] = next } } else { next = a[i] } }
        return .dynamic(.array(a))
    })

let seriesFillLinearFunction = rowFunction(
    "series_fill_linear",
    fn([p("series", .type(.dynamic)), opt("missing_value_placeholder", .scalar), opt("fill_edges", .type(.bool)), opt("constant_value", .scalar)], .fixed(.dynamic)),
    summary: "Linear interpolation of missing values of a series; edges take the nearest value (fill_edges, default true); an all-missing series takes constant_value (default 0).",
    kernel: { args in
        guard var a = dynamicArray(args[0]) else { return .dynamic(.null) }
        let ph = placeholderArg(args, 1)
        let edges = boolArg(args, 2, true)
        let known = a.indices.filter { !isMissing(a[$0], ph) && seriesNumber(a[$0]) != nil }
        guard let first = known.first, let last = known.last else {
            let c: DynamicValue = args.count > 3 ? toDynamic(args[3]) : .real(0)
            return .dynamic(.array(a.map { _ in c }))
        }
        // An integer series (every value a long) interpolates to truncated longs, as the docs' example shows.
        let allLong = known.allSatisfy { if case .long = a[$0] { return true }; return false }
        for (l, r) in zip(known, known.dropFirst()) where r > l + 1 {
            guard let yl = seriesNumber(a[l]), let yr = seriesNumber(a[r]) else { continue }
            for i in (l + 1)..<r {
                let v = yl + (yr - yl) * Double(i - l) / Double(r - l)
                a[i] = allLong && abs(v) < 9e18 ? .long(Int64(v)) : .real(v)
            }
        }
        if edges {
            for i in 0..<first { a[i] = a[first] }
            for i in (last + 1)..<a.count { a[i] = a[last] }
        }
        return .dynamic(.array(a))
    })
