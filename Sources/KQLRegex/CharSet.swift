// Sets of Unicode code points as sorted, non-overlapping, non-adjacent ranges.

struct CharSet: Equatable {
    /// Flat list: lo0, hi0, lo1, hi1, ... (inclusive bounds), sorted and merged.
    private(set) var bounds: [UInt32] = []

    static let maxRune: UInt32 = 0x10FFFF

    init() {}
    init(_ lo: UInt32, _ hi: UInt32) { add(lo, hi) }
    init(ranges: [(UInt32, UInt32)]) { for (a, b) in ranges { add(a, b) } }

    var isEmpty: Bool { bounds.isEmpty }
    var rangeCount: Int { bounds.count / 2 }
    func range(_ i: Int) -> (UInt32, UInt32) { (bounds[2 * i], bounds[2 * i + 1]) }

    /// Number of code points in the set.
    var size: Int {
        var n = 0
        for i in 0..<rangeCount { n += Int(bounds[2 * i + 1] - bounds[2 * i]) + 1 }
        return n
    }

    mutating func add(_ lo: UInt32, _ hi: UInt32) {
        precondition(lo <= hi)
        // Fast path: appending after the last range.
        if bounds.isEmpty || lo > bounds[bounds.count - 1] &+ 1 {
            bounds.append(lo); bounds.append(hi); return
        }
        var out: [UInt32] = []
        out.reserveCapacity(bounds.count + 2)
        var nlo = lo, nhi = hi
        var inserted = false
        var i = 0
        while i < bounds.count {
            let a = bounds[i], b = bounds[i + 1]
            if b &+ 1 < nlo {                 // strictly before, not adjacent
                out.append(a); out.append(b)
            } else if a > nhi &+ 1 {          // strictly after
                if !inserted { out.append(nlo); out.append(nhi); inserted = true }
                out.append(a); out.append(b)
            } else {                          // overlap or adjacent: merge
                nlo = min(nlo, a); nhi = max(nhi, b)
            }
            i += 2
        }
        if !inserted { out.append(nlo); out.append(nhi) }
        bounds = out
    }

    mutating func add(_ other: CharSet) {
        for i in 0..<other.rangeCount { let (a, b) = other.range(i); add(a, b) }
    }

    func negated() -> CharSet {
        var r = CharSet()
        var next: UInt32 = 0
        for i in 0..<rangeCount {
            let (a, b) = range(i)
            if a > next { r.bounds.append(next); r.bounds.append(a - 1) }
            next = b &+ 1
        }
        if next <= CharSet.maxRune && !(rangeCount > 0 && bounds[bounds.count - 1] == CharSet.maxRune) {
            r.bounds.append(next); r.bounds.append(CharSet.maxRune)
        }
        return r
    }

    func contains(_ c: UInt32) -> Bool {
        var lo = 0, hi = rangeCount
        while lo < hi {
            let mid = (lo + hi) >> 1
            if c < bounds[2 * mid] { hi = mid }
            else if c > bounds[2 * mid + 1] { lo = mid + 1 }
            else { return true }
        }
        return false
    }

    /// Adds every simple case-folding variant of every member.
    func caseFolded() -> CharSet {
        var r = self
        for i in 0..<rangeCount {
            let (a, b) = range(i)
            for (fa, fb) in CaseFolding.foldableRegions {
                let lo = max(a, fa), hi = min(b, fb)
                if lo > hi { continue }
                var c = lo
                while true {
                    CaseFolding.forEachVariant(of: c) { v in if v != c { r.add(v, v) } }
                    if c == hi { break }
                    c += 1
                }
            }
        }
        return r
    }

    static func single(_ c: UInt32) -> CharSet { CharSet(c, c) }
}

/// Simple case folding built from the generated orbit table.
enum CaseFolding {
    /// next-in-orbit for every code point that has case variants.
    static let orbitNext: [UInt32: UInt32] = {
        var d: [UInt32: UInt32] = [:]
        d.reserveCapacity(3000)
        for entry in UnicodeTables.foldOrbits.split(separator: ",") {
            let parts = entry.split(separator: ":")
            if parts.count == 2, let a = UInt32(parts[0], radix: 16), let b = UInt32(parts[1], radix: 16) {
                d[a] = b
            }
        }
        return d
    }()

    /// Coarse regions that contain every code point with case variants.
    static let foldableRegions: [(UInt32, UInt32)] = {
        let keys = orbitNext.keys.sorted()
        var out: [(UInt32, UInt32)] = []
        for k in keys {
            if let last = out.last, k <= last.1 + 64 { out[out.count - 1].1 = k } else { out.append((k, k)) }
        }
        return out
    }()

    static func forEachVariant(of c: UInt32, _ body: (UInt32) -> Void) {
        body(c)
        if c < 0x80 {
            // ASCII letters: k and s have non-ASCII partners; use the table for those.
            let isUpper = c >= 0x41 && c <= 0x5A, isLower = c >= 0x61 && c <= 0x7A
            if !isUpper && !isLower { return }
            if c == 0x4B || c == 0x6B || c == 0x53 || c == 0x73 { /* fall through to table */ } else {
                body(isUpper ? c + 32 : c - 32); return
            }
        }
        guard var n = orbitNext[c] else { return }
        var guardCount = 0
        while n != c && guardCount < 16 { body(n); n = orbitNext[n] ?? c; guardCount += 1 }
    }

    static func variants(of c: UInt32) -> [UInt32] {
        var out: [UInt32] = []
        forEachVariant(of: c) { out.append($0) }
        return out
    }
}
