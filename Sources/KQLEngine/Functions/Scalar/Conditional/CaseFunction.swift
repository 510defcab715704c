import KQLColumns

let caseFunction = ScalarFunction(
    name: "case", signatures: ["case(predicate1, then1, [predicate2, then2, ...], else) -> common type"],
    summary: "The value paired with the first true predicate, else the last argument.", arity: 3...999,
    bind: { site in
        guard site.types.count % 2 == 1 else { throw site.error("case() needs predicate/value pairs and a final else value") }
        var t = site.types[site.types.count - 1]
        for i in stride(from: 0, to: site.types.count - 1, by: 2) {
            try site.require(i, [.bool], "case")
            guard let c = commonType(t, site.types[i + 1]) else {
                throw site.error("case(): all values must have one type; \(site.types[i + 1]) differs from \(t)", arg: i + 1)
            }
            t = c
        }
        let rt = t
        return BoundFunction(name: "case", resultType: rt, kernel: .row { args in
            var i = 0
            while i + 1 < args.count {
                if isTrue(args[i]) { return coerce(args[i + 1], to: rt) }
                i += 2
            }
            return coerce(args[args.count - 1], to: rt)
        })
    })
