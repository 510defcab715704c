import Foundation
import KQLColumns

// erf, erfc, beta_cdf, beta_pdf, beta_inv and welch_test (their *-function.md pages).

let erfFunction = rowFunction("erf", fn([p("x", .type(.real))], .fixed(.real)), summary: "The error function of x.") { args in
    guard let x = numericDouble(args[0]) else { return .null(.real) }
    return .real(Foundation.erf(x))
}

let erfcFunction = rowFunction("erfc", fn([p("x", .type(.real))], .fixed(.real)), summary: "The complementary error function of x: 1 - erf(x).") { args in
    guard let x = numericDouble(args[0]) else { return .null(.real) }
    return .real(Foundation.erfc(x))
}

/// Statistical special functions, in doubles.
enum SpecialFunctions {
    /// ln B(a, b).
    static func logBeta(_ a: Double, _ b: Double) -> Double { lgamma(a) + lgamma(b) - lgamma(a + b) }

    /// The continued fraction of the incomplete beta function (modified Lentz's method).
    private static func betaContinuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300, eps = 1e-16
        var c = 1.0, d = 1.0 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d; h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < eps { break }
        }
        return h
    }

    /// The regularized incomplete beta function I_x(a, b), for 0 ≤ x ≤ 1 and a, b > 0.
    static func regularizedIncompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let front = exp(a * log(x) + b * log(1 - x) - logBeta(a, b))
        // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
        if x < (a + 1) / (a + b + 2) { return front * betaContinuedFraction(x, a, b) / a }
        return 1 - front * betaContinuedFraction(1 - x, b, a) / b
    }
}

private func betaFunction(_ name: String, first: String, summary: String, _ f: @escaping (Double, Double, Double) -> Value) -> ScalarFunction {
    rowFunction(name, fn([p(first, .number), p("alpha", .number), p("beta", .number)], .fixed(.real)), summary: summary) { args in
        guard let x = numericDouble(args[0]), let a = numericDouble(args[1]), let b = numericDouble(args[2]) else { return .null(.real) }
        return f(x, a, b)
    }
}

/// NaN outside 0 ≤ x ≤ 1 and 0 < alpha, beta ≤ 10000, as the page says.
let betaCdfFunction = betaFunction("beta_cdf", first: "x", summary: "The cumulative beta distribution function at x (NaN outside 0..1 or for alpha, beta outside (0, 10000]).") { x, a, b in
    guard x >= 0, x <= 1, a > 0, a <= 10_000, b > 0, b <= 10_000 else { return .real(.nan) }
    return .real(SpecialFunctions.regularizedIncompleteBeta(x, a, b))
}

/// NaN for x ≤ 0, x ≥ 1, alpha ≤ 0 or beta ≤ 0, as the page says.
let betaPdfFunction = betaFunction("beta_pdf", first: "x", summary: "The beta probability density function at x (NaN outside (0, 1) or for alpha, beta ≤ 0).") { x, a, b in
    guard x > 0, x < 1, a > 0, b > 0 else { return .real(.nan) }
    return .real(exp((a - 1) * log(x) + (b - 1) * log(1 - x) - SpecialFunctions.logBeta(a, b)))
}

/// The x with beta_cdf(x, alpha, beta) = probability, by bisection (the cdf is monotone). The page's
/// notes and its example disagree; Quarry follows the example's output: a probability outside (0, 1]
/// gives null, alpha ≤ 0 or beta ≤ 0 gives NaN.
let betaInvFunction = betaFunction("beta_inv", first: "probability", summary: "The inverse of beta_cdf: the x whose cumulative probability is the given one (null for a probability outside (0, 1]; NaN for alpha, beta ≤ 0).") { pr, a, b in
    guard pr > 0, pr <= 1 else { return .null(.real) }
    guard a > 0, b > 0 else { return .real(.nan) }
    if pr == 1 { return .real(1) }
    var lo = 0.0, hi = 1.0
    for _ in 0..<200 {
        let mid = (lo + hi) / 2
        if mid == lo || mid == hi { break }
        if SpecialFunctions.regularizedIncompleteBeta(mid, a, b) < pr { lo = mid } else { hi = mid }
    }
    return .real((lo + hi) / 2)
}

/// welch_test (welch-test-function.md): the two-sided p-value of Welch's t-test from two samples'
/// means, variances and counts: t = (m1 - m2) / sqrt(v1/n1 + v2/n2) with the Welch–Satterthwaite
/// degrees of freedom, p = I_{df/(df+t²)}(df/2, 1/2). Null when a count is 1 or less or both variances are 0.
let welchTestFunction = rowFunction(
    "welch_test", fn([p("mean1", .number), p("variance1", .number), p("count1", .number),
                      p("mean2", .number), p("variance2", .number), p("count2", .number)], .fixed(.real)),
    summary: "The two-sided p-value of Welch's t-test that two populations have equal means, from each sample's mean, variance and count.") { args in
    var v: [Double] = []
    for a in args { guard let x = numericDouble(a) else { return .null(.real) }; v.append(x) }
    let (m1, v1, n1, m2, v2, n2) = (v[0], v[1], v[2], v[3], v[4], v[5])
    guard n1 > 1, n2 > 1, v1 >= 0, v2 >= 0 else { return .null(.real) }
    let s1 = v1 / n1, s2 = v2 / n2
    guard s1 + s2 > 0 else { return .null(.real) }
    let t = (m1 - m2) / (s1 + s2).squareRoot()
    let df = (s1 + s2) * (s1 + s2) / (s1 * s1 / (n1 - 1) + s2 * s2 / (n2 - 1))
    guard df.isFinite, df > 0 else { return .null(.real) }
    return .real(SpecialFunctions.regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5))
}
