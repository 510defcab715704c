import KQLColumns

// The series_* function family: functions over the numeric dynamic arrays `make-series` builds.
//
// Pipeline: a series argument (a dynamic array, or JSON text of one) is read into `[Double?]`
// (`seriesValues`): numbers (int, long, real, and bools as 0/1 are not numbers: they are null) give
// their value, every other element (null, string, bag) gives nil. Each function then works on
// doubles and writes its results back as dynamic arrays of reals (or longs where Kusto gives longs).
//
// Functions that return several columns (series_fit_line, series_stats, series_decompose, …) are
// "tuple functions": their registry entry lists the columns (`ScalarFunction.columns`), their kernel
// returns one dynamic array holding one element per column, and the binder expands a top-level call
// in extend/project/print into those columns (`Binder+TupleFunctions.swift`), named as Kusto names
// them: `(a, b) = f(x)` names the first ones, the rest are `f_x_column` (`f__column` when the argument
// is not a plain column name). A tuple function anywhere else is an error (Kusto: no operator is
// defined on a tuple).
//
// Guarantees: no input traps; empty arrays give empty arrays (or nulls for statistics); every loop is
// bounded by the input length.

/// A series argument read into doubles: nil for an element that is not a number; nil overall when the
/// value is not an array.
func seriesValues(_ v: Value) -> [Double?]? {
    guard let a = dynamicArray(v) else { return nil }
    return a.map(seriesNumber)
}

/// A numeric dynamic element as a double (null, strings, bools, bags: nil).
func seriesNumber(_ d: DynamicValue) -> Double? {
    switch d {
    case .long(let x): return Double(x)
    case .real(let x): return x
    default: return nil
    }
}

/// A dynamic array of reals (nil elements, and NaN, as null... Kusto prints a non-finite real as such).
func seriesArray(_ xs: [Double?]) -> DynamicValue {
    .array(xs.map { $0.map { DynamicValue.real($0) } ?? .null })
}

func seriesArray(_ xs: [Double]) -> DynamicValue { .array(xs.map { .real($0) }) }

/// One column of a tuple function's result.
struct TupleColumn: Sendable {
    var name: String
    var type: KQLType
}

/// A double as a real cell (null for nil).
func realCell(_ x: Double?) -> DynamicValue { x.map { .real($0) } ?? .null }

/// The null result of a tuple function: one null per column.
func nullTuple(_ columns: [TupleColumn]) -> Value {
    .dynamic(.array(columns.map { _ in DynamicValue.null }))
}

/// Element `i` of a tuple function's packed result, as a value of column type `type`.
func tupleElement(_ packed: Value, _ i: Int, _ type: KQLType) -> Value {
    guard case .dynamic(.array(let a)) = packed, i < a.count else { return .null(type) }
    let d = a[i]
    switch type {
    case .real:
        switch d {
        case .real(let x): return .real(x)
        case .long(let x): return .real(Double(x))
        default: return .null(.real)
        }
    case .long:
        switch d {
        case .long(let x): return .long(x)
        case .real(let x) where x.isFinite && abs(x) < 9.2e18: return .long(Int64(x))
        default: return .null(.long)
        }
    default:
        return .dynamic(d)
    }
}

/// A tuple function's registry entry: its kernel returns a dynamic array with one element per column.
func tupleFunction(_ name: String, _ overloads: [Overload], columns: [TupleColumn], summary: String,
                   kernel: @escaping ([Value]) -> Value) -> ScalarFunction {
    // The signature `quarry functions` prints names the columns: `-> columns (rsquare: real, …)`.
    let text = "columns (" + columns.map { "\($0.name): \($0.type.rawValue)" }.joined(separator: ", ") + ")"
    var f = rowFunction(name, overloads.map { o in var o = o; o.result = .computed(text); return o }, summary: summary, kernel: kernel)
    f.columns = columns
    return f
}

/// `[("rsquare", .real), …]` as tuple columns.
func tupleColumns(_ cs: [(String, KQLType)]) -> [TupleColumn] { cs.map { TupleColumn(name: $0.0, type: $0.1) } }

/// The optional bool argument at `i` (default `def`; null counts as the default).
func boolArg(_ args: [Value], _ i: Int, _ def: Bool) -> Bool {
    guard i < args.count, case .bool(let b) = args[i] else { return def }
    return b
}

/// The optional real argument at `i` (default `def`; null counts as the default).
func realArg(_ args: [Value], _ i: Int, _ def: Double) -> Double {
    guard i < args.count, let x = numericDouble(args[i]) else { return def }
    return x
}

/// A bag of named cells (for the `_dynamic` variants).
func bag(_ items: [(String, DynamicValue)]) -> DynamicValue { .object(PropertyBag(items)) }

/// `f` with its constant string options checked at bind time: `["trend": (2, ["avg", "linefit", "none"])]`
/// makes a constant argument 3 outside the list an error under it (a non-constant one is checked by
/// the kernel, which gives null).
func checkingOptions(_ options: [String: (Int, [String])], _ f: ScalarFunction) -> ScalarFunction {
    var g = f
    let inner = f.bind
    g.bind = { site in
        for (name, (i, allowed)) in options.sorted(by: { $0.value.0 < $1.value.0 }) where i < site.constants.count {
            guard case .string(let s)? = site.constants[i] else { continue }
            if !allowed.contains(s) {
                throw site.error("\(f.name)(): \(name) must be \(allowed.map { "'\($0)'" }.joined(separator: ", ")), not '\(s)'", arg: i)
            }
        }
        return try inner(site)
    }
    return g
}
