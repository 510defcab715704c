import KQLColumns

// percentile_tdigest, percentiles_array_tdigest, rank_tdigest, percentrank_tdigest and the scalar
// merge_tdigest / tdigest_merge (percentile-tdigest-function.md, percentile-array-tdigest-function.md,
// rank-tdigest-function.md, percentrank-tdigest-function.md, merge-tdigest-function.md) over the
// sketches of Aggregate/TDigest.swift. A value that is not such a sketch gives null, as does a
// percentile outside 0…100 that is not a constant (a constant one is an error at the argument), and
// a value that does not compare with the sketch's type (rank_tdigest(long sketch, datetime)).
// With `typeof(T)` the percentile is converted to T: a number to another number type (null when it
// does not fit an int), a datetime or timespan only to its own type (else null).

/// A sketch value converted to the type a `typeof(T)` argument names.
private func castSketchValue(_ v: Value, to t: KQLType) -> Value {
    switch (v, t) {
    case (.long(let x), .long), (.long(let x), .decimal): return .long(x)
    case (.long(let x), .int): return Int32(exactly: x).map(Value.int) ?? .null(.int)
    case (.long(let x), .real): return .real(Double(x))
    case (.real(let x), .real), (.real(let x), .decimal): return .real(x)
    case (.real(let x), .long): return x.isFinite && abs(x) < 9.2e18 ? .long(Int64(x)) : .null(.long)
    case (.real(let x), .int): return x.isFinite && abs(x) < 2.1e9 ? .int(Int32(x)) : .null(.int)
    case (.datetime, .datetime), (.timespan, .timespan): return v
    case (_, .dynamic): return .dynamic(toDynamic(v))
    case (_, .string): return .string(kqlString(v))
    default: return .empty(t)
    }
}

/// The type a trailing `typeof(T)` argument names, if any.
private func typeLiteral(_ site: CallSite, at i: Int, _ name: String) throws -> KQLType? {
    guard i < site.types.count else { return nil }
    guard let tn = site.typeNames[i], let t = KQLType(name: tn), t != .decimal else {
        throw site.error("\(name)(): the last argument must be typeof(long), typeof(int), typeof(real), typeof(datetime), typeof(timespan), typeof(string) or typeof(dynamic)", arg: i)
    }
    return t
}

private func constantPercentile(_ site: CallSite, _ i: Int, _ name: String) throws {
    if let c = site.constants[i], !c.isNull {
        guard let p = numericDouble(c), p >= 0, p <= 100 else { throw site.error("\(name)(): the percentile must be a number from 0 to 100", arg: i) }
    }
}

let percentileTdigestFunction = ScalarFunction(
    name: "percentile_tdigest",
    overloads: fn([p("tdigest", .type(.dynamic)), p("percentile", .type(.real)), opt("typeLiteral", .type(.string))],
                  .computed("dynamic, or the type named by typeof(T)")),
    summary: "The nearest-rank percentile a tdigest() sketch holds (exact while the sketch is), dynamic or typeof(T).",
    bind: { site in
        try constantPercentile(site, 1, "percentile_tdigest")
        let t = try typeLiteral(site, at: 2, "percentile_tdigest") ?? .dynamic
        return BoundFunction(name: "percentile_tdigest", resultType: t, kernel: .row { args in
            guard let s = TDigestSketch(value: args[0]), let p = numericDouble(args[1]), let v = s.percentile(p) else { return .empty(t) }
            return castSketchValue(v, to: t)
        })
    })

let percentilesArrayTdigestFunction = ScalarFunction(
    name: "percentiles_array_tdigest",
    overloads: [Overload([p("tdigest", .type(.dynamic))], repeating: Repeat(params: [p("percentile", .type(.real))], min: 1, max: 64), .fixed(.dynamic)),
                Overload([p("tdigest", .type(.dynamic)), p("percentiles", .type(.dynamic)), opt("typeLiteral", .type(.string))], .fixed(.dynamic))],
    summary: "Several percentiles of a tdigest() sketch as one dynamic array (percentiles as numbers or one dynamic array).",
    bind: { site in
        var elementType: KQLType = .dynamic
        if site.resolution.overload == 1 {
            elementType = try typeLiteral(site, at: 2, "percentiles_array_tdigest") ?? .dynamic
        } else {
            for i in 1..<site.types.count { try constantPercentile(site, i, "percentiles_array_tdigest") }
        }
        let et = elementType
        let fromArray = site.resolution.overload == 1
        return BoundFunction(name: "percentiles_array_tdigest", resultType: .dynamic, kernel: .row { args in
            guard let s = TDigestSketch(value: args[0]) else { return .dynamic(.null) }
            var ps: [Double?] = []
            if fromArray {
                guard case .dynamic(.array(let items)) = args[1] else { return .dynamic(.null) }
                ps = items.map { numericDouble(dynamicToValue($0)) }
            } else {
                ps = args.dropFirst().map(numericDouble)
            }
            return .dynamic(.array(ps.map { p in
                guard let p, let v = s.percentile(p) else { return .null }
                return toDynamic(castSketchValue(v, to: et))
            }))
        })
    })

let rankTdigestFunction = rowFunction(
    "rank_tdigest", fn([p("tdigest", .type(.dynamic)), p("value", .scalar)], .fixed(.real)),
    summary: "How many of a tdigest() sketch's values are at or below the value (exact while the sketch is).",
    kernel: { args in
        guard let s = TDigestSketch(value: args[0]), let r = s.rank(args[1]) else { return .null(.real) }
        return .real(r)
    })

let percentrankTdigestFunction = rowFunction(
    "percentrank_tdigest", fn([p("tdigest", .type(.dynamic)), p("value", .scalar)], .fixed(.real)),
    summary: "The percentage of a tdigest() sketch's values at or below the value: rank_tdigest × 100 / count.",
    kernel: { args in
        guard let s = TDigestSketch(value: args[0]), let r = s.rank(args[1]), s.total > 0 else { return .null(.real) }
        return .real(r * 100 / Double(s.total))
    })

let mergeTdigestScalarFunction = rowFunction(
    "merge_tdigest", aliases: ["tdigest_merge"],
    [Overload([p("tdigest", .type(.dynamic))], repeating: Repeat(params: [p("tdigest", .type(.dynamic))], min: 0, max: 63), .fixed(.dynamic))],
    summary: "Merges tdigest() sketches of one type into one; null when any is not a sketch or the types differ.",
    kernel: { args in
        var out: TDigestSketch?
        for a in args {
            guard let s = TDigestSketch(value: a) else { return .dynamic(.null) }
            guard let cur = out else { out = s; continue }
            guard let m = cur.merged(s) else { return .dynamic(.null) }
            out = m
        }
        return out.map { .dynamic($0.dynamic) } ?? .dynamic(.null)
    })
