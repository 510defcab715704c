import KQLColumns

let strcatFunction = ScalarFunction(
    name: "strcat", overloads: [Overload([], repeating: Repeat(params: [p("arg", .scalar)], min: 1, max: 64), .fixed(.string))],
    summary: "Concatenates the arguments as strings.",
    bind: { _ in
        BoundFunction(name: "strcat", resultType: .string, kernel: .row { args in
            var s = ""
            for a in args { s += kqlString(a) }
            return .string(s)
        })
    })
