import KQLColumns

// series_fir (finite impulse response: a moving weighted sum) and series_iir (infinite impulse
// response). Elements that are not numbers count as 0. Results are reals.

let seriesFirFunction = rowFunction(
    "series_fir",
    fn([p("series", .type(.dynamic)), p("filter", .type(.dynamic)), opt("normalize", .type(.bool)), opt("center", .type(.bool))], .fixed(.dynamic)),
    summary: "FIR filter: y[i] = Σ filter[j] · x[i - j] (filter divided by its sum when normalize: default true without negative coefficients; centered window when center, default false).",
    kernel: { args in
        guard let xs = seriesValues(args[0]), let fs = seriesValues(args[1]) else { return .dynamic(.null) }
        var f = fs.map { $0 ?? 0 }
        guard !f.isEmpty else { return .dynamic(.null) }
        // normalize defaults to true unless a coefficient is negative; asked for with one, the result is null.
        let negative = f.contains { $0 < 0 }
        if boolArg(args, 2, !negative) {
            guard !negative else { return .dynamic(.null) }
            let s = f.reduce(0, +)
            if s != 0 { f = f.map { $0 / s } }
        }
        let shift = boolArg(args, 3, false) ? f.count / 2 : 0
        let x = xs.map { $0 ?? 0 }
        let n = x.count
        var y = Array(repeating: 0.0, count: n)
        for i in 0..<n {
            var s = 0.0
            for j in 0..<f.count {
                let k = i - j + shift
                if k >= 0 && k < n { s += f[j] * x[k] }
            }
            y[i] = s
        }
        return .dynamic(seriesArray(y))
    })

let seriesIirFunction = rowFunction(
    "series_iir", fn([p("series", .type(.dynamic)), p("numerators", .type(.dynamic)), p("denominators", .type(.dynamic))], .fixed(.dynamic)),
    summary: "IIR filter: y[i] = (Σ b[j] · x[i - j] - Σ a[j] · y[i - j], j ≥ 1) / a[0], with numerators b and denominators a.",
    kernel: { args in
        guard let xs = seriesValues(args[0]), let bs = seriesValues(args[1]), let as_ = seriesValues(args[2]) else { return .dynamic(.null) }
        let x = xs.map { $0 ?? 0 }, b = bs.map { $0 ?? 0 }, a = as_.map { $0 ?? 0 }
        guard let a0 = a.first, a0 != 0, !b.isEmpty else { return .dynamic(.null) }
        var y = Array(repeating: 0.0, count: x.count)
        for i in x.indices {
            var s = 0.0
            for j in b.indices where i - j >= 0 { s += b[j] * x[i - j] }
            for j in a.indices.dropFirst() where i - j >= 0 { s -= a[j] * y[i - j] }
            y[i] = s / a0
        }
        return .dynamic(seriesArray(y))
    })
