import KQLColumns

let nowFunction = ScalarFunction(
    name: "now", signatures: ["now([offset: timespan]) -> datetime"],
    summary: "The query's current UTC instant, plus an optional offset; null outside 0001..9999.", arity: 0...1,
    bind: { site in
        try site.require(0, [.timespan], "now")
        let now = site.session.now
        return BoundFunction(name: "now", resultType: .datetime, kernel: .row { args in
            if args.isEmpty { return .datetime(now) }
            guard case .timespan(let t) = args[0] else { return .null(.datetime) }
            return datetimeOrNull(checkedAdd(now, t))   // past 9999-12-31 (or Int64): null
        })
    })
