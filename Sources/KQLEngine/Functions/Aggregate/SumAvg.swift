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
}

final class AvgAccumulator: Accumulator {
    var sum: Double = 0
    var n = 0
    func add(_ args: [Value]) {
        if let x = numericDouble(args[0]) { sum += x; n += 1 }
    }
    func result() -> Value { n == 0 ? .null(.real) : .real(sum / Double(n)) }
}

let sumAggregate = AggregateFunction(
    name: "sum", signatures: ["sum(expr: int|long|real|timespan) -> long|real|timespan"], summary: "Sum of the non-null values in the group.",
    arity: 1...1, defaultName: { "sum_" + ($0.first.flatMap { $0 } ?? "") },
    bind: { site in
        let t = site.types[0]
        guard t.isNumeric || t == .timespan else { throw site.error("sum() needs a number or timespan, not \(t)", arg: 0) }
        let rt: KQLType = t == .int ? .long : t
        return BoundAggregateKind(resultType: rt, makeAccumulator: { SumAccumulator(type: rt) })
    })

let avgAggregate = AggregateFunction(
    name: "avg", signatures: ["avg(expr: int|long|real) -> real"], summary: "Average of the non-null values in the group.",
    arity: 1...1, defaultName: { "avg_" + ($0.first.flatMap { $0 } ?? "") },
    bind: { site in
        guard site.types[0].isNumeric else { throw site.error("avg() needs a number, not \(site.types[0])", arg: 0) }
        return BoundAggregateKind(resultType: .real, makeAccumulator: { AvgAccumulator() })
    })
