import Foundation
import KQLColumns

// Trigonometric and special functions of one real (sin-function.md, cos-function.md, …,
// gamma-function.md, loggamma-function.md). Arguments are taken as reals; a value
// outside a function's domain gives null (asin/acos outside [-1, 1], as their pages say).

private func real1(_ name: String, _ summary: String, domain: @escaping (Double) -> Bool = { _ in true },
                   _ f: @escaping (Double) -> Double) -> ScalarFunction {
    rowFunction(name, fn([p("x", .type(.real))], .fixed(.real)), summary: summary, kernel: { args in
        guard let x = numericDouble(args[0]), domain(x) else { return .null(.real) }
        return .real(f(x))
    })
}

let sinFunction = real1("sin", "The sine of an angle in radians.", Foundation.sin)
let cosFunction = real1("cos", "The cosine of an angle in radians.", Foundation.cos)
let tanFunction = real1("tan", "The tangent of an angle in radians.", Foundation.tan)
let cotFunction = real1("cot", "The cotangent of an angle in radians: 1 / tan(x).") { 1 / Foundation.tan($0) }
let asinFunction = real1("asin", "The angle in radians whose sine is x; null outside [-1, 1].", domain: { $0 >= -1 && $0 <= 1 }, Foundation.asin)
let acosFunction = real1("acos", "The angle in radians whose cosine is x; null outside [-1, 1].", domain: { $0 >= -1 && $0 <= 1 }, Foundation.acos)
let atanFunction = real1("atan", "The angle in radians whose tangent is x.", Foundation.atan)
let gammaFunction = real1("gamma", "The gamma function of x (for a positive integer n, gamma(n) is the factorial of n - 1).", Foundation.tgamma)
let loggammaFunction = real1("loggamma", "The natural logarithm of the absolute value of the gamma function of x.", Foundation.lgamma)

let atan2Function = rowFunction(
    "atan2", fn([p("y", .type(.real)), p("x", .type(.real))], .fixed(.real)),
    summary: "The angle in radians between the positive x-axis and the ray to the point (x, y).", kernel: { args in
        guard let y = numericDouble(args[0]), let x = numericDouble(args[1]) else { return .null(.real) }
        return .real(Foundation.atan2(y, x))
    })

let trigFunctions: [ScalarFunction] = [sinFunction, cosFunction, tanFunction, cotFunction, asinFunction, acosFunction, atanFunction,
                                       atan2Function, gammaFunction, loggammaFunction]
