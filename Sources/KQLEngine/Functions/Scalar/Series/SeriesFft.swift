import Foundation
import KQLColumns

// series_fft / series_ifft (series-fft-function.md, series-ifft-function.md): the discrete Fourier
// transform X[k] = Σ x[j]·e^(-2πi·jk/N), and its inverse with e^(+2πi·jk/N) and a factor 1/N, so
// that series_ifft(series_fft(x)) gives x back (the page's second example). Both return two columns,
// real and imag (named as Kusto's binder names them: `series_fft_x_real`, `series_fft_x_imag`).
// Powers of two use iterative radix-2 Cooley–Tukey; other lengths Bluestein's chirp-z transform
// over a power-of-two convolution, so any length costs O(N log N).
// Decisions where the pages are silent: elements that are not numbers count as 0; a missing
// imaginary series is zeros; one of another length than the real series is padded with zeros or
// cut to it; a non-array argument gives nulls; more than 2^20 elements give nulls (Bluestein's
// buffers are up to four times the length: memory stays bounded).

private let fftColumns = tupleColumns([("real", .dynamic), ("imag", .dynamic)])

private let fftMaxLength = 1 << 20

/// In-place radix-2 transform; `re.count` must be a power of two. `sign` -1: forward, +1: inverse (unscaled).
private func radix2(_ re: inout [Double], _ im: inout [Double], sign: Double) {
    let n = re.count
    guard n > 1 else { return }
    var j = 0
    for i in 1..<n {
        var bit = n >> 1
        while j & bit != 0 { j ^= bit; bit >>= 1 }
        j |= bit
        if i < j { re.swapAt(i, j); im.swapAt(i, j) }
    }
    var len = 2
    while len <= n {
        let angle = sign * 2 * Double.pi / Double(len)
        let half = len / 2
        for start in stride(from: 0, to: n, by: len) {
            for k in 0..<half {
                let wr = cos(angle * Double(k)), wi = sin(angle * Double(k))
                let a = start + k, b = a + half
                let tr = re[b] * wr - im[b] * wi, ti = re[b] * wi + im[b] * wr
                re[b] = re[a] - tr; im[b] = im[a] - ti
                re[a] += tr; im[a] += ti
            }
        }
        len <<= 1
    }
}

/// The unscaled transform of any length (`sign` -1 forward, +1 inverse).
func discreteFourier(_ xr: [Double], _ xi: [Double], sign: Double) -> ([Double], [Double]) {
    let n = xr.count
    guard n > 1 else { return (xr, xi) }
    if n & (n - 1) == 0 {
        var re = xr, im = xi
        radix2(&re, &im, sign: sign)
        return (re, im)
    }
    // Bluestein: jk = (j² + k² - (k - j)²) / 2, so X[k] = c[k] · Σ (x[j] c[j]) · conj(c[k - j]) with the
    // chirp c[k] = e^(sign·iπk²/N) (k² taken mod 2N to keep the angle exact).
    var m = 1
    while m < 2 * n - 1 { m <<= 1 }
    var cr = [Double](repeating: 0, count: n), ci = [Double](repeating: 0, count: n)
    let twoN = 2 * n
    for k in 0..<n {
        let q = (k * k) % twoN
        let angle = sign * Double.pi * Double(q) / Double(n)
        cr[k] = cos(angle); ci[k] = sin(angle)
    }
    var ar = [Double](repeating: 0, count: m), ai = [Double](repeating: 0, count: m)
    for k in 0..<n {
        ar[k] = xr[k] * cr[k] - xi[k] * ci[k]
        ai[k] = xr[k] * ci[k] + xi[k] * cr[k]
    }
    var br = [Double](repeating: 0, count: m), bi = [Double](repeating: 0, count: m)
    br[0] = cr[0]; bi[0] = -ci[0]
    for k in 1..<n {
        br[k] = cr[k]; bi[k] = -ci[k]
        br[m - k] = cr[k]; bi[m - k] = -ci[k]
    }
    radix2(&ar, &ai, sign: -1)
    radix2(&br, &bi, sign: -1)
    for k in 0..<m {
        let r = ar[k] * br[k] - ai[k] * bi[k], i = ar[k] * bi[k] + ai[k] * br[k]
        ar[k] = r; ai[k] = i
    }
    radix2(&ar, &ai, sign: 1)
    let scale = 1 / Double(m)
    var outR = [Double](repeating: 0, count: n), outI = [Double](repeating: 0, count: n)
    for k in 0..<n {
        let vr = ar[k] * scale, vi = ai[k] * scale
        outR[k] = vr * cr[k] - vi * ci[k]
        outI[k] = vr * ci[k] + vi * cr[k]
    }
    return (outR, outI)
}

private func fftKernel(inverse: Bool) -> ([Value]) -> Value {
    { args in
        guard let real = seriesValues(args[0]), real.count <= fftMaxLength else { return nullTuple(fftColumns) }
        var imag = [Double](repeating: 0, count: real.count)
        if args.count > 1, case .dynamic(let d) = args[1], d != .null {
            guard let xs = seriesValues(args[1]) else { return nullTuple(fftColumns) }
            for (i, v) in xs.prefix(real.count).enumerated() { imag[i] = v ?? 0 }
        }
        var (re, im) = discreteFourier(real.map { $0 ?? 0 }, imag, sign: inverse ? 1 : -1)
        if inverse, !re.isEmpty {
            let s = 1 / Double(re.count)
            re = re.map { $0 * s }; im = im.map { $0 * s }
        }
        return .dynamic(.array([seriesArray(re), seriesArray(im)]))
    }
}

let seriesFftFunction = tupleFunction(
    "series_fft", fn([p("x_real", .type(.dynamic)), opt("x_imaginary", .type(.dynamic))], .fixed(.dynamic)), columns: fftColumns,
    summary: "The discrete Fourier transform of a (complex) series: real and imag columns.",
    kernel: fftKernel(inverse: false))

let seriesIfftFunction = tupleFunction(
    "series_ifft", fn([p("fft_real", .type(.dynamic)), opt("fft_imaginary", .type(.dynamic))], .fixed(.dynamic)), columns: fftColumns,
    summary: "The inverse discrete Fourier transform (scaled by 1/N) of a (complex) series: real and imag columns.",
    kernel: fftKernel(inverse: true))
