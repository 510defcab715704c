import KQLColumns

let todatetimeFunction = rowFunction("todatetime", fn([p("value", .scalar)], .fixed(.datetime)),
                                     summary: "The value as a datetime (ISO 8601 text); null if it does not convert.", kernel: { args in
    todatetimeValue(args[0])
})

/// todatetime()'s conversion (also make_datetime(value), the one-argument form Kusto declares).
func todatetimeValue(_ v: Value) -> Value {
    switch v {
    case .datetime(let t): return .datetime(t)
    case .string(let s): return DateTime.parse(Substring(s)).map(Value.datetime) ?? .null(.datetime)
    case .dynamic(.string(let s)): return DateTime.parse(Substring(s)).map(Value.datetime) ?? .null(.datetime)
    case .dynamic(.datetime(let t)): return .datetime(t)
    default: return .null(.datetime)
    }
}

let totimespanFunction = rowFunction("totimespan", aliases: ["totime"], fn([p("value", .scalar)], .fixed(.timespan)),
                                     summary: "The value as a timespan (`[d.]hh:mm:ss[.f]` text or ticks); null if it does not convert.", kernel: { args in
    switch args[0] {
    case .timespan(let t): return .timespan(t)
    case .string(let s): return TimeSpan.parse(Substring(s)).map(Value.timespan) ?? parseTimespanLiteralText(s).map(Value.timespan) ?? .null(.timespan)
    case .long(let x): return .timespan(x)
    case .int(let x): return .timespan(Int64(x))
    default: return .null(.timespan)
    }
})

let gettypeFunction = rowFunction("gettype", fn([p("value", .scalar)], .fixed(.string)), summary: "The runtime type name of the value.", kernel: { args in
    switch args[0] {
    case .dynamic(let d): return .string(d.typeName)
    case .null(let t): return .string(t == .real ? "real" : t.rawValue)
    case .real: return .string("real")
    case let v: return .string(v.type == .int ? "int" : v.type.rawValue)
    }
})
