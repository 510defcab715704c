import KQLColumns

let caseFunction = ScalarFunction(
    name: "case",
    overloads: [Overload([], repeating: Repeat(params: [p("predicate", .type(.bool)), p("then", .scalar)], min: 1, max: 499),
                         tail: [p("else", .scalar)], .common, values: ["then", "else"])],
    summary: "The value paired with the first true predicate, else the last argument.",
    bind: { site in
        let rt = site.resultType
        return BoundFunction(name: "case", resultType: rt, kernel: .row { args in
            var i = 0
            while i + 1 < args.count {
                if isTrue(args[i]) { return coerce(args[i + 1], to: rt) }
                i += 2
            }
            return coerce(args[args.count - 1], to: rt)
        })
    })
