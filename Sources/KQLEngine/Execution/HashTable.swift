import Foundation
import KQLColumns

/// 64-bit hashing of column payloads (FNV-1a over bytes, a multiplicative mix for integers).
enum KeyHash {
    /// Eight bytes at a time (multiply-xorshift per word), the tail byte by byte; the length is
    /// mixed in so that "a" and "a\0" differ.
    @inline(__always) static func bytes(_ b: UnsafeBufferPointer<UInt8>, _ seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var h = seed ^ UInt64(b.count) &* 0x9E37_79B9_7F4A_7C15
        guard let base = b.baseAddress else { return h }
        var i = 0
        let n = b.count
        while i + 8 <= n {
            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            h = (h ^ w) &* 0xff51_afd7_ed55_8ccd
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n { tail |= UInt64(base[i]) << shift; shift += 8; i += 1 }
        h = (h ^ tail) &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 29
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

    private mutating func grow() { slots = rehashedSlots(hashes, count: slots.count * 2) }
}

/// An open-addressing slot table of `count` entries (a power of two) holding each id at the
/// first free slot from its hash: how the interner and the group index grow.
func rehashedSlots(_ hashes: [UInt64], count: Int) -> [Int32] {
    var slots = [Int32](repeating: -1, count: count)
    let mask = count - 1
    for (g, h) in hashes.enumerated() {
        var s = Int(truncatingIfNeeded: h) & mask
        while slots[s] >= 0 { s = (s + 1) & mask }
        slots[s] = Int32(g)
    }
    return slots
}

/// A set of 64-bit keys with open addressing and a multiplicative hash (no SipHash, no per-insert
/// allocation): the distinct (group, value) pairs of dcount.
struct UInt64Set {
    private var slots: [UInt64]
    private var used: [Bool]
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        slots = [UInt64](repeating: 0, count: n)
        used = [Bool](repeating: false, count: n)
    }

    /// Calls `body` with every key (in slot order).
    func forEach(_ body: (UInt64) -> Void) {
        for s in 0..<slots.count where used[s] { body(slots[s]) }
    }

    /// Inserts `key`; true when it was not there before.
    @inline(__always) mutating func insert(_ key: UInt64) -> Bool {
        if (count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: KeyHash.int(key, 0x9E37_79B9)) & mask
        while used[s] {
            if slots[s] == key { return false }
            s = (s + 1) & mask
        }
        used[s] = true
        slots[s] = key
        count += 1
        return true
    }

    private mutating func grow() {
        let oldSlots = slots, oldUsed = used
        slots = [UInt64](repeating: 0, count: oldSlots.count * 2)
        used = [Bool](repeating: false, count: oldSlots.count * 2)
        count = 0
        for i in 0..<oldSlots.count where oldUsed[i] { _ = insert(oldSlots[i]) }
    }
}
