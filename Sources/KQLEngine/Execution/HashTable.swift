import Foundation
import KQLColumns

/// 64-bit hashing of column payloads (FNV-1a over bytes, a multiplicative mix for integers).
enum KeyHash {
    @inline(__always) static func bytes(_ b: UnsafeBufferPointer<UInt8>, _ seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var h = seed
        for c in b { h = (h ^ UInt64(c)) &* 0x100_0000_01b3 }
        return h
    }

    @inline(__always) static func int(_ x: UInt64, _ seed: UInt64) -> UInt64 {
        var h = (seed ^ x) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        return h
    }
}

/// Interns byte strings: equal bytes get one dense id, with no String allocation per row.
struct ByteInterner {
    var strings = StringArray()
    private var hashes: [UInt64] = []
    private var slots: [Int32] = [Int32](repeating: -1, count: 1024)

    var count: Int { hashes.count }

    mutating func id(_ b: UnsafeBufferPointer<UInt8>) -> Int32 {
        let h = KeyHash.bytes(b)
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let g = slots[s]
            if g < 0 { break }
            if hashes[Int(g)] == h, equal(Int(g), b) { return g }
            s = (s + 1) & mask
        }
        let id = Int32(hashes.count)
        hashes.append(h)
        strings.append(bytes: b)
        slots[s] = id
        if hashes.count * 2 > slots.count { grow() }
        return id
    }

    private func equal(_ g: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let r = strings.range(g)
        guard r.count == b.count else { return false }
        return strings.bytes.withUnsafeBufferPointer { s in
            r.count == 0 || memcmp(s.baseAddress! + r.lowerBound, b.baseAddress!, r.count) == 0
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (g, h) in hashes.enumerated() {
            var s = Int(truncatingIfNeeded: h) & mask
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int32(g)
        }
    }
}
