import KQLColumns

/// Folds the group's non-null integers with a bitwise operation; null for a group with none.
final class BinaryAllAccumulator: Accumulator {
    let op: (Int64, Int64) -> Int64
    let type: KQLType
    var acc: Int64? = nil
    init(type: KQLType, _ op: @escaping (Int64, Int64) -> Int64) { self.type = type; self.op = op }
    func add(_ args: [Value]) {
        guard let x = integerValue(args[0]) else { return }
        acc = acc.map { op($0, x) } ?? x
    }
    func result() -> Value {
        guard let a = acc else { return .null(type) }
        return type == .int ? .int(Int32(truncatingIfNeeded: a)) : .long(a)
    }
    func merge(_ other: Accumulator) {
        guard let o = other as? BinaryAllAccumulator, let b = o.acc else { return }
        acc = acc.map { op($0, b) } ?? b
    }
}

// binary_all_and, binary_all_or, binary_all_xor (their *-aggregation-function.md pages): the result
// has the argument's type; the column is named after the argument (Kusto's binder).
private func binaryAll(_ name: String, _ what: String, _ op: @escaping (Int64, Int64) -> Int64) -> AggregateFunction {
    AggregateFunction(
        name: name, overloads: fn([p("expr", .integer)], .parameter(0)),
        summary: "The bitwise \(what) of the group's non-null values.",
        defaultName: { $0.first.flatMap { $0 } ?? "" },
        bind: { site in
            let t = site.resultType
            return BoundAggregateKind(resultType: t, makeAccumulator: { BinaryAllAccumulator(type: t, op) })
        })
}

let binaryAllAndAggregate = binaryAll("binary_all_and", "AND") { $0 & $1 }
let binaryAllOrAggregate = binaryAll("binary_all_or", "OR") { $0 | $1 }
let binaryAllXorAggregate = binaryAll("binary_all_xor", "XOR") { $0 ^ $1 }
