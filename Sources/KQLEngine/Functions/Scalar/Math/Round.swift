import Foundation
import KQLColumns

let roundFunction = rowFunction("round", signatures: ["round(x: number [, precision: long]) -> real"],
                                summary: "Rounds to the given number of decimal places (half away from zero).", arity: 1...2, result: { site in
    try site.require(0, numericTypes, "round")
    try site.require(1, [.int, .long], "round")
    return site.types[0] == .real ? .real : site.types[0]
}, kernel: { args in
    let p = args.count > 1 ? Int(integerValue(args[1]) ?? 0) : 0
    switch args[0] {
    case .real(let x):
        let f = pow(10.0, Double(p))
        return .real((x * f).rounded(.toNearestOrAwayFromZero) / f)
    case let v: return v
    }
})
