import Foundation
import KQLColumns

/// A real-valued function of one number; `domain` says where it is defined (null elsewhere).
private func realFunction(_ name: String, summary: String, domain: @escaping (Double) -> Bool = { _ in true },
                          _ f: @escaping (Double) -> Double) -> ScalarFunction {
    rowFunction(name, fn([p("x", .type(.real))], .fixed(.real)), summary: summary, kernel: { args in
                    guard let x = numericDouble(args[0]), domain(x) else { return .null(.real) }
                    return .real(f(x))
                })
}

let logFunction = realFunction("log", summary: "Natural logarithm; null for negative input.", domain: { $0 >= 0 }, Foundation.log)
let log10Function = realFunction("log10", summary: "Base-10 logarithm; null for negative input.", domain: { $0 >= 0 }, Foundation.log10)
let log2Function = realFunction("log2", summary: "Base-2 logarithm; null for negative input.", domain: { $0 >= 0 }, Foundation.log2)
let expFunction = realFunction("exp", summary: "e raised to the power x.", Foundation.exp)
let exp2Function = realFunction("exp2", summary: "2 raised to the power x.", Foundation.exp2)
let exp10Function = realFunction("exp10", summary: "10 raised to the power x.") { Foundation.pow(10, $0) }
let sqrtFunction = realFunction("sqrt", summary: "Square root; null for negative input.", domain: { $0 >= 0 }, Foundation.sqrt)
let degreesFunction = realFunction("degrees", summary: "An angle in radians converted to degrees: (180 / pi()) * x.") { $0 * 180 / .pi }
let radiansFunction = realFunction("radians", summary: "An angle in degrees converted to radians: (pi() / 180) * x.") { $0 * .pi / 180 }
let piFunction = rowFunction("pi", fn([], .fixed(.real)), summary: "The constant pi (π).") { _ in .real(.pi) }

let powFunction = rowFunction(
    "pow", fn([p("base", .type(.real)), p("exponent", .type(.real))], .fixed(.real)), summary: "base raised to the power exponent.", kernel: { args in
        guard let b = numericDouble(args[0]), let e = numericDouble(args[1]) else { return .null(.real) }
        return .real(Foundation.pow(b, e))
    })

let ceilingFunction = rowFunction(
    "ceiling", fn([p("number", .number)], .parameter(0)), summary: "The smallest integer greater than or equal to the number.",
    kernel: { args in
        if case .real(let x) = args[0] { return .real(x.rounded(.up)) }
        return args[0]
    })

let signFunction = rowFunction(
    "sign", fn([p("number", .number)], .parameter(0)), summary: "-1, 0 or +1: the sign of the number.",
    kernel: { args in
        switch args[0] {
        case .int(let x): return .int(x.signum())
        case .long(let x): return .long(x.signum())
        case .real(let x): return .real(x.isNaN ? x : (x > 0 ? 1 : (x < 0 ? -1 : 0)))
        default: return args[0]
        }
    })

private func floatClassFunction(_ name: String, summary: String, integer: Bool, _ f: @escaping (Double) -> Bool) -> ScalarFunction {
    rowFunction(name, fn([p("number", .number)], .fixed(.bool)), summary: summary, kernel: { args in
                    switch args[0] {
                    case .real(let x): return .bool(f(x))
                    case .int, .long: return .bool(integer)
                    default: return .null(.bool)
                    }
                })
}

let isnanFunction = floatClassFunction("isnan", summary: "Whether a real is NaN.", integer: false) { $0.isNaN }
let isinfFunction = floatClassFunction("isinf", summary: "Whether a real is +/- infinity.", integer: false) { $0.isInfinite }
let isfiniteFunction = floatClassFunction("isfinite", summary: "Whether a real is neither infinite nor NaN.", integer: true) { $0.isFinite }
