import KQLColumns

/// Keeps the row with the largest (or smallest) value of the first argument; the carried columns
/// of that row follow in the remaining arguments. Rows whose target is null lose to any other row;
/// in a group where every target is null, the group's first row is kept (arg-max's null-handling
/// example: Banana, null, Yellow). A NaN target is kept only until a row with a number arrives
/// (NaN groups with nulls, as in sort; the docs are silent).
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
        if rank == 2 {
            // A null target: kept only while the group has no other row.
            if carried == nil { carried = Array(args.dropFirst()) }
            return
        }
        if let b = best {
            if rank == 1 { return }
            if orderRank(b) == 0, let c = compareValues(v, b), which == .max ? c <= 0 : c >= 0 { return }
        }
        best = v
        carried = Array(args.dropFirst())
    }
    func result() -> Value { best ?? .null(.long) }
    /// The other side's row wins only where it would have won had its rows come after these.
    func merge(_ other: Accumulator) {
        guard let o = other as? ArgExtremeAccumulator, let c = o.carried else { return }
        if which == .any { if carried == nil { carried = c }; return }
        if let b = o.best { add([b] + c) } else if carried == nil { carried = c }
    }
}

/// `arg_max(expr, *)` or `arg_max(expr, col1, col2, …)`: the binder binds the carried columns
/// (`*` included) itself; the overload gives the arity and the signature text.
private func argExtremeOverloads(_ first: String) -> [Overload] {
    [Overload([p(first, .scalar)], repeating: Repeat(params: [p("column", .scalar)], min: 1, max: 1024), .computed("the row's columns"))]
}

let argMaxAggregate = AggregateFunction(
    name: "arg_max", aliases: ["argmax"], overloads: argExtremeOverloads("exprToMaximize"),
    summary: "The row with the largest value of the first argument, with the listed columns.",
    defaultName: { _ in "max_" }, bind: { _ in BoundAggregateKind(resultType: .long, makeAccumulator: { ArgExtremeAccumulator(.max) }) })

let argMinAggregate = AggregateFunction(
    name: "arg_min", aliases: ["argmin"], overloads: argExtremeOverloads("exprToMinimize"),
    summary: "The row with the smallest value of the first argument, with the listed columns.",
    defaultName: { _ in "min_" }, bind: { _ in BoundAggregateKind(resultType: .long, makeAccumulator: { ArgExtremeAccumulator(.min) }) })
