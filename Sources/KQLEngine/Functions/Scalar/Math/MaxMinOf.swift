import KQLColumns

/// The common type of max_of/min_of arguments: numbers widen (int < long < real); others must all be the same type.
private func extremeOf(_ name: String, max: Bool) -> ScalarFunction {
    ScalarFunction(name: name, overloads: [Overload([], repeating: Repeat(params: [p("arg", .notDynamic)], min: 2, max: 64), .common, values: ["arg"])],
                   summary: "The \(max ? "largest" : "smallest") of 2 to 64 arguments of one type; nulls are skipped (null only when all are null); NaN is skipped unless all non-null arguments are NaN.",
                   bind: { site in
        let rt = site.resultType
        return BoundFunction(name: name, resultType: rt, kernel: .row { args in
            var best: Value? = nil
            for a in args where !a.isNull {
                guard let b = best, orderRank(b) == 0 else { if best == nil || orderRank(a) == 0 { best = a }; continue }
                if let c = compareValues(a, b), max ? c > 0 : c < 0 { best = a }
            }
            guard let best else { return .empty(rt) }
            switch (rt, best) {
            case (.real, _): return numericDouble(best).map(Value.real) ?? .null(.real)
            case (.long, _): return integerValue(best).map(Value.long) ?? .null(.long)
            default: return best
            }
        })
    })
}

let maxOfFunction = extremeOf("max_of", max: true)
let minOfFunction = extremeOf("min_of", max: false)
