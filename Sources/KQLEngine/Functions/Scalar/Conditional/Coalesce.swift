import KQLColumns

let coalesceFunction = ScalarFunction(
    name: "coalesce", overloads: [Overload([], repeating: Repeat(params: [p("arg", .scalar)], min: 1, max: 64), .common, values: ["arg"])],
    summary: "The first argument that is not null (for strings: not empty).",
    bind: { site in
        let rt = site.resultType
        return BoundFunction(name: "coalesce", resultType: rt, kernel: .row { args in
            for a in args {
                if case .string(let s) = a, s.isEmpty { continue }
                if !a.isNull { return coerce(a, to: rt) }
            }
            return .empty(rt)
        })
    })
