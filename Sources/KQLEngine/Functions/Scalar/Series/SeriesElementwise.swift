import Foundation
import KQLColumns

// Element-wise series arithmetic and comparison (series_add … series_not_equals, series_abs).
// Either argument may be a dynamic array or a number (a number applies to every element). The result
// has the length of the longest array; an element missing (a shorter array) or not a number gives
// null. Results of add/subtract/multiply are longs when both elements are longs (overflow wraps as
// Kusto's long arithmetic does not trap), else reals; series_divide always gives reals (x / 0 follows
// real division: ±inf or NaN... printed by Kusto as such).

private enum Operand {
    case array([DynamicValue])
    case scalar(DynamicValue)

    init?(_ v: Value) {
        switch v {
        case .int(let x): self = .scalar(.long(Int64(x)))
        case .long(let x): self = .scalar(.long(x))
        case .real(let x): self = .scalar(.real(x))
        default:
            guard let a = dynamicArray(v) else { return nil }
            self = .array(a)
        }
    }

    var count: Int? { if case .array(let a) = self { return a.count }; return nil }

    func at(_ i: Int) -> DynamicValue {
        switch self {
        case .array(let a): return i < a.count ? a[i] : .null
        case .scalar(let d): return d
        }
    }
}

private func binarySeries(_ args: [Value], _ op: (DynamicValue, DynamicValue) -> DynamicValue) -> Value {
    guard let a = Operand(args[0]), let b = Operand(args[1]) else { return .dynamic(.null) }
    let n = max(a.count ?? 0, b.count ?? 0)
    return .dynamic(.array((0..<n).map { op(a.at($0), b.at($0)) }))
}

private func arithmeticSeries(_ name: String, summary: String, longOp: ((Int64, Int64) -> Int64)?, realOp: @escaping (Double, Double) -> Double) -> ScalarFunction {
    rowFunction(name, fn([p("series1", .scalar), p("series2", .scalar)], .fixed(.dynamic)), summary: summary, kernel: { args in
        binarySeries(args) { x, y in
            if let longOp, case .long(let i) = x, case .long(let j) = y { return .long(longOp(i, j)) }
            guard let u = seriesNumber(x), let v = seriesNumber(y) else { return .null }
            return .real(realOp(u, v))
        }
    })
}

private func compareSeries(_ name: String, summary: String, _ op: @escaping (Double, Double) -> Bool) -> ScalarFunction {
    rowFunction(name, fn([p("series1", .scalar), p("series2", .scalar)], .fixed(.dynamic)), summary: summary, kernel: { args in
        binarySeries(args) { x, y in
            guard let u = seriesNumber(x), let v = seriesNumber(y) else { return .null }
            return .bool(op(u, v))
        }
    })
}

let seriesAddFunction = arithmeticSeries("series_add", summary: "Element-wise sum of two series (or a series and a number).", longOp: { $0 &+ $1 }, realOp: +)
let seriesSubtractFunction = arithmeticSeries("series_subtract", summary: "Element-wise difference of two series (or a series and a number).", longOp: { $0 &- $1 }, realOp: -)
let seriesMultiplyFunction = arithmeticSeries("series_multiply", summary: "Element-wise product of two series (or a series and a number).", longOp: { $0 &* $1 }, realOp: *)
let seriesDivideFunction = arithmeticSeries("series_divide", summary: "Element-wise quotient of two series (or a series and a number), always real.", longOp: nil, realOp: /)

let seriesGreaterFunction = compareSeries("series_greater", summary: "Element-wise series1 > series2 (bools).", >)
let seriesGreaterEqualsFunction = compareSeries("series_greater_equals", summary: "Element-wise series1 >= series2 (bools).", >=)
let seriesLessFunction = compareSeries("series_less", summary: "Element-wise series1 < series2 (bools).", <)
let seriesLessEqualsFunction = compareSeries("series_less_equals", summary: "Element-wise series1 <= series2 (bools).", <=)
let seriesEqualsFunction = compareSeries("series_equals", summary: "Element-wise series1 == series2 (bools).", ==)
let seriesNotEqualsFunction = compareSeries("series_not_equals", summary: "Element-wise series1 != series2 (bools).", !=)

let seriesAbsFunction = rowFunction(
    "series_abs", fn([p("series", .type(.dynamic))], .fixed(.dynamic)),
    summary: "Element-wise absolute value of a series (null for elements that are not numbers).", kernel: { args in
        guard let a = dynamicArray(args[0]) else { return .dynamic(.null) }
        return .dynamic(.array(a.map { d in
            switch d {
            case .long(let x): return x == .min ? .long(x) : .long(abs(x))
            case .real(let x): return .real(abs(x))
            default: return .null
            }
        }))
    })
