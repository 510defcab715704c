import KQLColumns

let strcatFunction = ScalarFunction(
    name: "strcat", signatures: ["strcat(arg1, arg2, ...) -> string"], summary: "Concatenates the arguments as strings.", arity: 1...64,
    bind: { _ in
        BoundFunction(name: "strcat", resultType: .string, kernel: .row { args in
            var s = ""
            for a in args { s += kqlString(a) }
            return .string(s)
        })
    })
