import KQLColumns

let agoFunction = ScalarFunction(
    name: "ago", volatility: .perQuery, overloads: fn([p("span", .type(.timespan))], .fixed(.datetime)),
    summary: "now() minus the given timespan; every now()/ago() of one query shares one instant; null outside 0001..9999.",
    bind: { site in
        let now = site.session.now
        return BoundFunction(name: "ago", resultType: .datetime, kernel: .row { args in
            guard case .timespan(let t) = args[0] else { return .null(.datetime) }
            return datetimeOrNull(checkedSub(now, t))   // before 0001-01-01 (or Int64): null
        })
    })
