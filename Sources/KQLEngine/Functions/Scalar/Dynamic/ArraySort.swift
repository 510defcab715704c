import KQLColumns
import KQLSyntax

/// Element order of array_sort_asc/desc (array-sort-asc-function.md): numbers, datetimes and
/// timespans first (compared by value; datetimes and timespans by ticks), then strings (ordinal),
/// then guids, then everything else (kept in input order); nulls last or first.
private func sortGroup(_ v: DynamicValue) -> Int {
    switch v {
    case .long, .real, .datetime, .timespan: return 0
    case .string: return 1
    case .guid: return 2
    case .null: return 4
    default: return 3
    }
}

/// -1, 0, 1 for two elements of the same group (0 for the "other" group: the sort is stable).
private func compareElements(_ a: DynamicValue, _ b: DynamicValue) -> Int {
    func number(_ v: DynamicValue) -> Double {
        switch v {
        case .long(let x): return Double(x)
        case .real(let x): return x
        case .datetime(let t), .timespan(let t): return Double(t)
        default: return 0
        }
    }
    switch (a, b) {
    case (.long(let x), .long(let y)), (.datetime(let x), .datetime(let y)), (.timespan(let x), .timespan(let y)):
        return x == y ? 0 : (x < y ? -1 : 1)
    case (.string(let x), .string(let y)):
        return x == y ? 0 : (Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8)) ? -1 : 1)
    case (.guid(let x), .guid(let y)): return x == y ? 0 : (x < y ? -1 : 1)
    default:
        guard sortGroup(a) == 0, sortGroup(b) == 0 else { return 0 }
        let x = number(a), y = number(b)
        if x.isNaN || y.isNaN { return x.isNaN == y.isNaN ? 0 : (x.isNaN ? 1 : -1) }   // NaN after numbers
        return x == y ? 0 : (x < y ? -1 : 1)
    }
}

/// The positions of `a` in sorted order (stable; nulls last or first).
private func sortedOrder(_ a: [DynamicValue], descending: Bool, nullsLast: Bool) -> [Int] {
    let nonNull = a.enumerated().filter { $0.element != .null }
    let nulls = a.indices.filter { a[$0] == .null }
    let sorted = nonNull.sorted { l, r in
        let gl = sortGroup(l.element), gr = sortGroup(r.element)
        if gl != gr { return gl < gr }
        let c = compareElements(l.element, r.element)
        if c != 0 { return descending ? c > 0 : c < 0 }
        return l.offset < r.offset   // stable
    }.map(\.offset)
    return nullsLast ? sorted + nulls : nulls + sorted
}

private func sortedArray(_ a: [DynamicValue], descending: Bool, nullsLast: Bool) -> [DynamicValue] {
    sortedOrder(a, descending: descending, nullsLast: nullsLast).map { a[$0] }
}

/// The several-arrays form: the first array sorted, the others put in the same order; an array
/// whose length differs from the first's (or a value that is no array) gives null. One element per
/// array: the binder expands a whole extend/project/print item into columns `<arg>_sorted`
/// (`arraySortColumns`); elsewhere the value is that array of arrays (`array_sort_asc(t, c)[1]`,
/// the page's third example).
private func sortedArrays(_ values: ArraySlice<Value>, descending: Bool, nullsLast: Bool) -> DynamicValue {
    guard let first = values.first.flatMap(dynamicArray) else { return .array(values.map { _ in .null }) }
    let order = sortedOrder(first, descending: descending, nullsLast: nullsLast)
    return .array(values.map { v in
        guard let a = dynamicArray(v), a.count == first.count else { return .null }
        return .array(order.map { a[$0] })
    })
}

/// The result columns of `array_sort_asc/desc(a1, …, aN [, nulls_last])` with N ≥ 2 as a whole
/// extend/project/print item: `a1_sorted`, … (the page's `array1_sorted`, `array2_sorted`), an
/// argument that is not a name giving `array<i>_sorted`. nil for the one-array form.
func arraySortColumns(_ name: String, _ args: [Argument], lastIsBool: Bool) -> [String]? {
    guard name == "array_sort_asc" || name == "array_sort_desc" else { return nil }
    let arrays = args.count - (lastIsBool ? 1 : 0)
    guard arrays >= 2 else { return nil }
    return args.prefix(arrays).enumerated().map { i, a in
        if case .name(let n) = a.value.kind { return n + "_sorted" }
        return "array\(i + 1)_sorted"
    }
}

private func arraySortFunction(_ name: String, descending: Bool) -> ScalarFunction {
    ScalarFunction(
        name: name,
        overloads: [
            Overload([p("array", .type(.dynamic)), opt("nulls_last", .type(.bool))], .fixed(.dynamic)),
            Overload([p("array1", .type(.dynamic))], repeating: Repeat(params: [p("arrayN", .type(.dynamic))], min: 1, max: 63), .fixed(.dynamic)),
            Overload([p("array1", .type(.dynamic))], repeating: Repeat(params: [p("arrayN", .type(.dynamic))], min: 1, max: 63),
                     tail: [p("nulls_last", .type(.bool))], .fixed(.dynamic)),
        ],
        summary: "The array sorted in \(descending ? "descending" : "ascending") order (numbers/datetimes/timespans, strings, guids, others; nulls last unless nulls_last is false).",
        bind: { site in
            guard site.resolution.overload == 0 else {
                let withFlag = site.resolution.overload == 2
                return BoundFunction(name: name, resultType: .dynamic, kernel: .row({ args in
                    var nullsLast = true
                    if withFlag, case .bool(let b) = args[args.count - 1] { nullsLast = b }
                    return .dynamic(sortedArrays(args[..<(args.count - (withFlag ? 1 : 0))], descending: descending, nullsLast: nullsLast))
                }))
            }
            return BoundFunction(name: name, resultType: .dynamic, kernel: .row({ args in
                guard let a = dynamicArray(args[0]) else { return .dynamic(.null) }
                var nullsLast = true
                if args.count > 1 {
                    switch args[1] {
                    case .bool(let b): nullsLast = b
                    default: break   // a null nulls_last keeps the default
                    }
                }
                return .dynamic(.array(sortedArray(a, descending: descending, nullsLast: nullsLast)))
            }))
        })
}

let arraySortAscFunction = arraySortFunction("array_sort_asc", descending: false)
let arraySortDescFunction = arraySortFunction("array_sort_desc", descending: true)

let arrayReverseFunction = rowFunction(
    "array_reverse", fn([p("value", .type(.dynamic))], .fixed(.dynamic)),
    summary: "The array's elements in reverse order; null when the value is not an array.", kernel: { args in
        guard let a = dynamicArray(args[0]) else { return .dynamic(.null) }
        return .dynamic(.array(a.reversed()))
    })

let arraySumFunction = rowFunction(
    "array_sum", fn([p("array", .type(.dynamic))], .fixed(.real)),
    summary: "The sum of the array's elements as real; null when an element is not numeric or the value is not an array.", kernel: { args in
        guard let a = dynamicArray(args[0]) else { return .null(.real) }
        var sum = 0.0
        for e in a {
            switch e {
            case .long(let x): sum += Double(x)
            case .real(let x): sum += x
            default: return .null(.real)
            }
        }
        return .real(sum)
    })

let arrayIffFunction = rowFunction(
    "array_iff", aliases: ["array_iif"],
    fn([p("condition_array", .type(.dynamic)), p("when_true", .scalar), p("when_false", .scalar)], .fixed(.dynamic)),
    summary: "Element-wise iff over a condition array: when_true or when_false (arrays or scalars) per element; null where the condition is not bool or numeric.",
    kernel: { args in
        guard let cond = dynamicArray(args[0]) else { return .dynamic(.null) }
        func pick(_ v: Value, _ i: Int) -> DynamicValue {
            if case .dynamic(.array(let a)) = v { return i < a.count ? a[i] : .null }
            return toDynamic(v)
        }
        var out: [DynamicValue] = []
        out.reserveCapacity(cond.count)
        for (i, c) in cond.enumerated() {
            let truth: Bool?
            switch c {
            case .bool(let b): truth = b
            case .long(let x): truth = x != 0
            case .real(let x): truth = x != 0
            default: truth = nil
            }
            guard let t = truth else { out.append(.null); continue }
            out.append(pick(t ? args[1] : args[2], i))
        }
        return .dynamic(.array(out))
    })
