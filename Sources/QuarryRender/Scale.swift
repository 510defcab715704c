import Foundation
import KQLColumns

/// A numeric axis: its bounds, its ticks and their labels; `log` maps values through log10.
struct Scale {
    var lo: Double
    var hi: Double
    var ticks: [(value: Double, label: String)]
    var log = false

    /// 0...1 position of a value (clamped a little beyond the ends).
    func fraction(_ v: Double) -> Double {
        let x = log ? log10(max(v, Double.leastNonzeroMagnitude)) : v
        let a = log ? log10(lo) : lo, b = log ? log10(hi) : hi
        guard b > a else { return 0.5 }
        let r = (x - a) / (b - a)
        guard r.isFinite else { return 0.5 }   // spans past Double's range
        return min(1.05, max(-0.05, r))
    }

    /// Heckbert's "nice numbers": a round step (1, 2, 5 × 10^k) giving about `count` ticks, and
    /// bounds widened to multiples of it. `fixedLo`/`fixedHi` (ymin/ymax) are kept as given.
    static func linear(_ lo: Double, _ hi: Double, count: Int = 6, fixedLo: Double? = nil, fixedHi: Double? = nil, integer: Bool = false) -> Scale {
        var a = fixedLo ?? lo, b = fixedHi ?? hi
        if !(a.isFinite && b.isFinite) { a = 0; b = 1 }
        if a > b { swap(&a, &b) }
        if a == b { if a == 0 { b = 1 } else { let d = abs(a) * 0.1; a -= d; b += d } }
        var step = niceNumber(niceNumber(b - a, round: false) / Double(max(1, count - 1)), round: true)
        if integer { step = max(step, 1) }
        let lo = fixedLo ?? (a / step).rounded(.down) * step
        let hi = fixedHi ?? (b / step).rounded(.up) * step
        var ticks: [(Double, String)] = []
        var t = (lo / step).rounded(.up) * step
        var guardCount = 0
        while t <= hi + step * 1e-9 && guardCount < 100 {
            let v = abs(t) < step * 1e-9 ? 0 : t
            ticks.append((v, Format.number(v)))
            t += step
            guardCount += 1
        }
        return Scale(lo: lo, hi: hi, ticks: ticks)
    }

    /// Powers of ten from below the smallest positive value to above the largest.
    static func logarithmic(_ lo: Double, _ hi: Double, fixedLo: Double? = nil, fixedHi: Double? = nil) -> Scale {
        let a = max(fixedLo.flatMap { $0 > 0 ? $0 : nil } ?? lo, 1e-300), b = max(fixedHi ?? hi, a)
        var e0 = Int(log10(a).rounded(.down)), e1 = Int(log10(b).rounded(.up))
        if e1 <= e0 { e1 = e0 + 1 }
        e0 = max(e0, -300); e1 = min(e1, 300)
        let stride = max(1, (e1 - e0 + 7) / 8)
        var ticks: [(Double, String)] = []
        var e = e0
        while e <= e1 { let v = pow(10, Double(e)); ticks.append((v, Format.number(v))); e += stride }
        return Scale(lo: pow(10, Double(e0)), hi: pow(10, Double(e1)), ticks: ticks, log: true)
    }

    static func niceNumber(_ x: Double, round: Bool) -> Double {
        guard x > 0, x.isFinite else { return 1 }
        let e = (log10(x)).rounded(.down)
        let f = x / pow(10, e)
        let nf: Double
        if round { nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10 } else { nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10 }
        return nf * pow(10, e)
    }

    /// Ticks for a datetime axis (values are ticks, 100 ns): a round step (seconds, minutes,
    /// hours, days, weeks, months, years) giving about `count` ticks, at round instants (UTC).
    static func time(_ lo: Double, _ hi: Double, count: Int = 7) -> Scale {
        var a = lo, b = hi
        if a == b { a -= Double(DateTime.ticksPerHour); b += Double(DateTime.ticksPerHour) }
        let s = Double(DateTime.ticksPerSecond), mi = 60 * s, h = 60 * mi, d = 24 * h
        let fixed: [Double] = [s, 2 * s, 5 * s, 10 * s, 15 * s, 30 * s, mi, 2 * mi, 5 * mi, 10 * mi, 15 * mi, 30 * mi,
                               h, 2 * h, 3 * h, 6 * h, 12 * h, d, 2 * d, 7 * d, 14 * d]
        let span = b - a
        let wanted = span / Double(max(1, count - 1))
        var ticks: [(Double, String)] = []
        if let step = fixed.first(where: { $0 >= wanted }) {
            let multiDay = span > d || Int64(a) / DateTime.ticksPerDay != Int64(b) / DateTime.ticksPerDay
            var t = (a / step).rounded(.up) * step
            while t <= b && ticks.count < 60 {
                let ticksValue = Int64(t)
                let label: String
                if ticks.isEmpty && step < d && !multiDay {
                    label = Format.date(ticksValue, dateOnly: false).count > 10 ? Format.date(ticksValue) : Format.date(ticksValue) + " 00:00"
                } else if step >= d {
                    label = Format.date(ticksValue, dateOnly: true)
                } else {
                    let full = Format.date(ticksValue)
                    let time = full.count > 10 ? String(full.dropFirst(11)) : "00:00"
                    let day = String(full.prefix(10).dropFirst(5))   // MM-dd
                    label = multiDay ? day + " " + time : time
                }
                ticks.append((t, label))
                t += step
            }
        } else {
            // months or years, stepped on the calendar
            let months = wanted / (30.44 * d)
            let stepMonths = [1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200].first { Double($0) >= months } ?? 1200
            let (y0, m0, _) = DateTime.civil(days: Int64(a) / DateTime.ticksPerDay)
            var index = y0 * 12 + (m0 - 1)
            index = ((index + stepMonths - 1) / stepMonths) * stepMonths
            while ticks.count < 60 {
                let y = index / 12, m = index % 12 + 1
                guard y >= 1, y <= 9999 else { break }
                let t = Double(DateTime.ticks(year: y, month: m, day: 1))
                if t > b { break }
                if t >= a {
                    let label = stepMonths >= 12 ? String(y) : String(Format.date(Int64(t), dateOnly: true).prefix(7))
                    ticks.append((t, label))
                }
                index += stepMonths
            }
        }
        return Scale(lo: a, hi: b, ticks: ticks)
    }
}
