import KQLColumns

/// XXH64 with seed 0 (the xxHash specification).
enum XXH64 {
    private static let p1: UInt64 = 11_400_714_785_074_694_791
    private static let p2: UInt64 = 14_029_467_366_897_019_727
    private static let p3: UInt64 = 1_609_587_929_392_839_161
    private static let p4: UInt64 = 9_650_029_242_287_828_579
    private static let p5: UInt64 = 2_870_177_450_012_600_261

    @inline(__always) private static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }
    @inline(__always) private static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        rotl(acc &+ input &* p2, 31) &* p1
    }
    @inline(__always) private static func merge(_ acc: UInt64, _ v: UInt64) -> UInt64 {
        (acc ^ round(0, v)) &* p1 &+ p4
    }
    @inline(__always) private static func read64(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt64 {
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(b[i + k]) << (8 * UInt64(k)) }
        return v
    }
    @inline(__always) private static func read32(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt64 {
        var v: UInt64 = 0
        for k in 0..<4 { v |= UInt64(b[i + k]) << (8 * UInt64(k)) }
        return v
    }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = bytes.count
        var i = 0
        var h: UInt64
        if n >= 32 {
            var v1 = p1 &+ p2, v2 = p2, v3: UInt64 = 0, v4 = 0 &- p1
            while i + 32 <= n {
                v1 = round(v1, read64(bytes, i)); v2 = round(v2, read64(bytes, i + 8))
                v3 = round(v3, read64(bytes, i + 16)); v4 = round(v4, read64(bytes, i + 24))
                i += 32
            }
            h = rotl(v1, 1) &+ rotl(v2, 7) &+ rotl(v3, 12) &+ rotl(v4, 18)
            h = merge(h, v1); h = merge(h, v2); h = merge(h, v3); h = merge(h, v4)
        } else {
            h = p5
        }
        h = h &+ UInt64(n)
        while i + 8 <= n {
            h ^= round(0, read64(bytes, i))
            h = rotl(h, 27) &* p1 &+ p4
            i += 8
        }
        if i + 4 <= n {
            h ^= read32(bytes, i) &* p1
            h = rotl(h, 23) &* p2 &+ p3
            i += 4
        }
        while i < n {
            h ^= UInt64(bytes[i]) &* p5
            h = rotl(h, 11) &* p1
            i += 1
        }
        h ^= h >> 33; h = h &* p2
        h ^= h >> 29; h = h &* p3
        h ^= h >> 32
        return h
    }

    static func hash(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBufferPointer { hash($0) } }
}

/// hash / hash_xxhash64 (hash-function.md, hash-xxhash64-function.md): XXH64 of a string's UTF-8
/// bytes, or of a datetime's ticks as 8 little-endian bytes (both checked against the docs' examples);
/// with mod, the unsigned hash modulo mod (0 … mod - 1; null for mod < 1). Other source types are not
/// accepted: the docs do not give their byte form, so they are a type error, not a guessed hash.
let hashFunction = rowFunction(
    "hash", aliases: ["hash_xxhash64"],
    fn([p("source", .oneOf([.string, .datetime])), opt("mod", .integer)], .fixed(.long)),
    summary: "The xxhash64 of a string (UTF-8) or datetime (ticks), as long; with mod, the hash modulo mod.", kernel: { args in
        let h: UInt64
        switch args[0] {
        case .string(let s): h = XXH64.hash(Array(s.utf8))
        case .datetime(let t):
            let u = UInt64(bitPattern: t)
            h = XXH64.hash((0..<8).map { UInt8(truncatingIfNeeded: u >> (8 * UInt64($0))) })
        default: return .null(.long)
        }
        if args.count > 1 {
            guard let m = integerValue(args[1]), m >= 1 else { return .null(.long) }
            return .long(Int64(h % UInt64(m)))
        }
        return .long(Int64(bitPattern: h))
    })
