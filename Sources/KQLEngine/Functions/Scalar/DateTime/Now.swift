import KQLColumns

let nowFunction = ScalarFunction(
    name: "now", volatility: .perQuery, overloads: fn([opt("offset", .type(.timespan))], .fixed(.datetime)),
    summary: "The query's current UTC instant, plus an optional offset; null outside 0001..9999.",
    bind: { site in
        let now = site.session.now
        return BoundFunction(name: "now", resultType: .datetime, kernel: .row { args in
            if args.isEmpty { return .datetime(now) }
            guard case .timespan(let t) = args[0] else { return .null(.datetime) }
            return datetimeOrNull(checkedAdd(now, t))   // past 9999-12-31 (or Int64): null
        })
    })
