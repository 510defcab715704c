import KQLColumns

/// sum(): a long/timespan sum that overflows Int64 is null (overflow.md: an overflow is a failure, never a wrapped value).
final class SumAccumulator: Accumulator {
    let type: KQLType
    var longSum: Int64? = 0
    var realSum: Double = 0
    init(type: KQLType) { self.type = type }
    func add(_ args: [Value]) {
        switch args[0] {
        case .int(let x): longSum = longSum.flatMap { checkedAdd($0, Int64(x)) }
        case .long(let x): longSum = longSum.flatMap { checkedAdd($0, x) }
        case .real(let x): realSum += x
        case .timespan(let x): longSum = longSum.flatMap { checkedAdd($0, x) }
        default: break
        }
    }
    func result() -> Value {
        // With no values, sum is 0, as Kusto's default for an empty summarize.
        switch type {
        case .real: return .real(realSum)
        case .timespan: return longSum.map(Value.timespan) ?? .null(.timespan)
        default: return longSum.map(Value.long) ?? .null(.long)
        }
    }
    func merge(_ other: Accumulator) {
        guard let o = other as? SumAccumulator else { return }
        longSum = longSum.flatMap { a in o.longSum.flatMap { checkedAdd(a, $0) } }
        realSum += o.realSum
    }
}

final class AvgAccumulator: Accumulator {
    var sum: Double = 0
    var n = 0
    func add(_ args: [Value]) {
        if let x = numericDouble(args[0]) { sum += x; n += 1 }
    }
    func result() -> Value { n == 0 ? .null(.real) : .real(sum / Double(n)) }
    func merge(_ other: Accumulator) { if let o = other as? AvgAccumulator { sum += o.sum; n += o.n } }
}

/// sum/sumif: an integer sums to a long, a real to a real, a timespan to a timespan (`extra`: sumif's predicate).
func sumOverloads(extra: [Param] = []) -> [Overload] {
    [Overload([p("expr", .integer)] + extra, .fixed(.long)),
     Overload([p("expr", .oneOf([.real]))] + extra, .fixed(.real)),
     Overload([p("expr", .oneOf([.timespan]))] + extra, .fixed(.timespan))]
}

let sumAggregate = AggregateFunction(
    name: "sum", overloads: sumOverloads(), summary: "Sum of the non-null values in the group.",
    defaultName: { "sum_" + ($0.first.flatMap { $0 } ?? "") },
    bind: { site in
        let rt = site.resultType
        return BoundAggregateKind(resultType: rt, makeAccumulator: { SumAccumulator(type: rt) })
    })

let avgAggregate = AggregateFunction(
    name: "avg", overloads: fn([p("expr", .number)], .fixed(.real)), summary: "Average of the non-null values in the group.",
    defaultName: { "avg_" + ($0.first.flatMap { $0 } ?? "") },
    bind: { _ in
        return BoundAggregateKind(resultType: .real, makeAccumulator: { AvgAccumulator() })
    })
