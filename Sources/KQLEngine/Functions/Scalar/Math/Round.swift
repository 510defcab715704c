import Foundation
import KQLColumns

let roundFunction = rowFunction("round", fn([p("x", .number), opt("precision", .integer)], .parameter(0)),
                                summary: "Rounds to the given number of decimal places (half away from zero); any precision, never NaN for a finite x.",
                                kernel: { args in
    let p = args.count > 1 ? Int(integerValue(args[1]) ?? 0) : 0
    switch args[0] {
    case .real(let x):
        if p > 308 { return .real(x) }                    // finer than any double: unchanged
        if p < -308 { return .real(x.isFinite ? 0 : x) }  // coarser than any double: 0 (10^p would be 0 or inf)
        let f = pow(10.0, Double(p))
        let y = (x * f).rounded(.toNearestOrAwayFromZero) / f
        return .real(y.isFinite || !x.isFinite ? y : x)   // x * f overflowed: x has no digits that fine
    case let v: return v
    }
})
