import KQLColumns

let notFunction = ScalarFunction(
    name: "not", overloads: fn([p("expr", .type(.bool))], .fixed(.bool)), summary: "Logical negation; not(null) is null.",
    bind: { _ in
        return BoundFunction(name: "not", resultType: .bool, kernel: .row { args in
            if case .bool(let b) = args[0] { return .bool(!b) }
            return .null(.bool)
        })
    })
