import KQLColumns

let coalesceFunction = ScalarFunction(
    name: "coalesce", signatures: ["coalesce(arg1, arg2, ...) -> common type"],
    summary: "The first argument that is not null (for strings: not empty).", arity: 1...64,
    bind: { site in
        var t = site.types[0]
        for (i, x) in site.types.enumerated().dropFirst() {
            guard let c = commonType(t, x) else { throw site.error("coalesce(): arguments must share one type", arg: i) }
            t = c
        }
        let rt = t
        return BoundFunction(name: "coalesce", resultType: rt, kernel: .row { args in
            for a in args {
                if case .string(let s) = a, s.isEmpty { continue }
                if !a.isNull { return coerce(a, to: rt) }
            }
            return .empty(rt)
        })
    })
