import KQLColumns

/// A function of one overload list whose per-row kernel is `kernel`; the result type is the
/// resolved overload's (a `.computed` rule is not allowed here).
func rowFunction(_ name: String, aliases: [String] = [], _ overloads: [Overload], summary: String,
                 volatility: Volatility = .deterministic, kernel: @escaping ([Value]) -> Value) -> ScalarFunction {
    ScalarFunction(name: name, aliases: aliases, volatility: volatility, overloads: overloads, summary: summary, bind: { site in
        BoundFunction(name: name, resultType: site.resultType, kernel: .row(kernel))
    })
}

/// `fn([p("source", .type(.string))], .fixed(.long))`: one overload, for the common one-signature case.
func fn(_ params: [Param], _ result: ResultRule) -> [Overload] { [Overload(params, result)] }
