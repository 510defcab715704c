import KQLColumns

// dcount_hll() and the scalar hll_merge() (dcount-hll-function.md, hll-merge-function.md) over the
// sketches of Aggregate/Hll.swift. A value that is not such a sketch (null, a Kusto-made sketch,
// other JSON) gives null: Quarry cannot read it and does not guess.

let dcountHllFunction = rowFunction(
    "dcount_hll", fn([p("hll", .type(.dynamic))], .fixed(.long)),
    summary: "The distinct count an hll()/hll_merge() sketch holds (exact while the sketch is small, else estimated).",
    kernel: { args in HllSketch(value: args[0]).map { .long($0.estimate) } ?? .null(.long) })

let hllMergeScalarFunction = rowFunction(
    "hll_merge", [Overload([p("hll", .type(.dynamic))], repeating: Repeat(params: [p("hll", .type(.dynamic))], min: 1, max: 63), .fixed(.dynamic))],
    summary: "Merges 2 to 64 hll() sketches into one; null when any is not a sketch.",
    kernel: { args in
        var out: HllSketch?
        for a in args {
            guard let s = HllSketch(value: a) else { return .dynamic(.null) }
            out = out.map { $0.merged(s) } ?? s
        }
        return out.map { .dynamic($0.dynamic) } ?? .dynamic(.null)
    })
