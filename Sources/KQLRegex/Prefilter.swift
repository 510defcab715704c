#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Finds candidate match start positions quickly. Only built for patterns that cannot match empty.
struct Prefilter {
    enum Kind {
        case literal([UInt8])
        case byteSet([Bool])
    }
    let kind: Kind

    init?(_ prog: Program) {
        if prog.anchoredStart { return nil }
        if !prog.literalPrefix.isEmpty {
            kind = .literal(prog.literalPrefix)
        } else if let fb = prog.firstBytes, fb.filter({ $0 }).count < 200 {
            kind = .byteSet(fb)
        } else {
            return nil
        }
    }

    /// First position >= pos where a match could start, or -1 if none.
    func next(_ base: UnsafePointer<UInt8>, _ n: Int, _ pos: Int) -> Int {
        switch kind {
        case .literal(let lit):
            let m = lit.count
            var p = pos
            let first = Int32(lit[0])
            while p + m <= n {
                guard let hit = memchr(base + p, first, n - m + 1 - p) else { return -1 }
                let q = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                var ok = true
                var j = 1
                while j < m { if base[q + j] != lit[j] { ok = false; break }; j += 1 }
                if ok { return q }
                p = q + 1
            }
            return -1
        case .byteSet(let set):
            return set.withUnsafeBufferPointer { t -> Int in
                var p = pos
                while p < n { if t[Int(base[p])] { return p }; p += 1 }
                return -1
            }
        }
    }
}
