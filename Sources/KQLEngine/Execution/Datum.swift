import KQLColumns

/// The value of an expression over one batch: a whole column, or one constant that stands for every
/// row (never expanded into a column unless a consumer needs one).
enum Datum {
    case scalar(Value)
    case column(Column)

    @inline(__always) func value(at i: Int) -> Value {
        switch self {
        case .scalar(let v): return v
        case .column(let c): return c.value(at: i)
        }
    }

    var type: KQLType {
        switch self {
        case .scalar(let v): return v.type
        case .column(let c): return c.type
        }
    }

    /// The datum as a column of `count` rows.
    func materialize(count: Int, type: KQLType) -> Column {
        switch self {
        case .column(let c): return c
        case .scalar(let v): return Column.repeating(v, count: count, type: type)
        }
    }
}

/// Lifts a per-row kernel over columns: constants stay scalars, the kernel runs once per row otherwise.
func liftRow(_ kernel: ([Value]) -> Value, _ args: [Datum], count: Int, type: KQLType) -> Datum {
    if args.allSatisfy({ if case .scalar = $0 { return true }; return false }) {
        return .scalar(kernel(args.map { $0.value(at: 0) }))
    }
    var builder = ColumnBuilder(type: type, capacity: count)
    var row = [Value](repeating: .null(.long), count: args.count)
    for i in 0..<count {
        for j in 0..<args.count { row[j] = args[j].value(at: i) }
        builder.append(coerce(kernel(row), to: type))
    }
    return .column(builder.finish())
}

/// Converts a kernel's result to the declared result type (numeric widening, typed nulls).
func coerce(_ v: Value, to type: KQLType) -> Value {
    if v.type == type { return v }
    switch (v, type) {
    case (.null, _): return .empty(type)
    case (.int(let x), .long): return .long(Int64(x))
    case (.int(let x), .real): return .real(Double(x))
    case (.long(let x), .real): return .real(Double(x))
    case (.long(let x), .int): return .int(Int32(truncatingIfNeeded: x))
    case (.dynamic(.null), _): return .empty(type)
    case (_, .dynamic): return .dynamic(toDynamic(v))
    case (_, .string): return .string(kqlString(v))
    default: return .empty(type)
    }
}
