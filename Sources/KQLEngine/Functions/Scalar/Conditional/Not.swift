import KQLColumns

let notFunction = ScalarFunction(
    name: "not", signatures: ["not(expr: bool) -> bool"], summary: "Logical negation; not(null) is null.", arity: 1...1,
    bind: { site in
        try site.require(0, [.bool], "not")
        return BoundFunction(name: "not", resultType: .bool, kernel: .row { args in
            if case .bool(let b) = args[0] { return .bool(!b) }
            return .null(.bool)
        })
    })
