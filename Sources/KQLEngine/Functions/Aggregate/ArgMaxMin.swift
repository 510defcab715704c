import KQLColumns

/// Keeps the row with the largest (or smallest) value of the first argument; the carried columns
/// of that row follow in the remaining arguments. Rows whose target is null are skipped; a NaN target
/// is kept only until a row with a number arrives (NaN groups with nulls, as in sort; the docs are silent).
final class ArgExtremeAccumulator: Accumulator {
    let which: ArgExtreme
    var best: Value?
    var carried: [Value]?
    init(_ which: ArgExtreme) { self.which = which }
    func add(_ args: [Value]) {
        if which == .any {
            if carried == nil { carried = args }
            return
        }
        let v = args[0]
        let rank = orderRank(v)
        if rank == 2 { return }
        if let b = best {
            if rank == 1 { return }
            if orderRank(b) == 0, let c = compareValues(v, b), which == .max ? c <= 0 : c >= 0 { return }
        }
        best = v
        carried = Array(args.dropFirst())
    }
    func result() -> Value { best ?? .null(.long) }
}

let argMaxAggregate = AggregateFunction(
    name: "arg_max", aliases: ["argmax"], signatures: ["arg_max(exprToMaximize, * | expr, ...) -> columns"],
    summary: "The row with the largest value of the first argument, with the listed columns.",
    arity: 2...2, defaultName: { _ in "max_" }, bind: { _ in BoundAggregateKind(resultType: .long, makeAccumulator: { ArgExtremeAccumulator(.max) }) })

let argMinAggregate = AggregateFunction(
    name: "arg_min", aliases: ["argmin"], signatures: ["arg_min(exprToMinimize, * | expr, ...) -> columns"],
    summary: "The row with the smallest value of the first argument, with the listed columns.",
    arity: 2...2, defaultName: { _ in "min_" }, bind: { _ in BoundAggregateKind(resultType: .long, makeAccumulator: { ArgExtremeAccumulator(.min) }) })
