import Foundation
import KQLColumns

/// MD5, SHA-1 and SHA-256 over bytes, in plain Swift (RFC 1321, FIPS 180-4).
enum Digest {
    /// Message padding: 0x80, zeros, then the bit length in 8 bytes (big- or little-endian).
    static func padded(_ m: [UInt8], bigEndian: Bool) -> [UInt8] {
        var b = m
        b.append(0x80)
        while b.count % 64 != 56 { b.append(0) }
        let bits = UInt64(m.count) &* 8
        for i in 0..<8 { b.append(UInt8(truncatingIfNeeded: bigEndian ? bits >> (56 - 8 * UInt64(i)) : bits >> (8 * UInt64(i)))) }
        return b
    }

    @inline(__always) static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { x << n | x >> (32 - n) }
    @inline(__always) static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { x >> n | x << (32 - n) }

    static func hex(_ words: [UInt32], bigEndian: Bool) -> String {
        let digits = Array("0123456789abcdef")
        var s = ""
        for w in words {
            for k in 0..<4 {
                let byte = UInt8(truncatingIfNeeded: bigEndian ? w >> (24 - 8 * UInt32(k)) : w >> (8 * UInt32(k)))
                s.append(digits[Int(byte >> 4)]); s.append(digits[Int(byte & 15)])
            }
        }
        return s
    }

    static func md5(_ m: [UInt8]) -> String {
        let s: [UInt32] = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
                           4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21]
        var k = [UInt32](repeating: 0, count: 64)
        for i in 0..<64 { k[i] = UInt32(truncatingIfNeeded: Int64(abs(sin(Double(i + 1))) * 4294967296.0)) }
        var h: [UInt32] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476]
        let b = padded(m, bigEndian: false)
        for chunk in stride(from: 0, to: b.count, by: 64) {
            var w = [UInt32](repeating: 0, count: 16)
            for i in 0..<16 { for j in 0..<4 { w[i] |= UInt32(b[chunk + 4 * i + j]) << (8 * UInt32(j)) } }
            var (a, bb, c, d) = (h[0], h[1], h[2], h[3])
            for i in 0..<64 {
                var f: UInt32, g: Int
                switch i {
                case 0..<16: f = (bb & c) | (~bb & d); g = i
                case 16..<32: f = (d & bb) | (~d & c); g = (5 * i + 1) % 16
                case 32..<48: f = bb ^ c ^ d; g = (3 * i + 5) % 16
                default: f = c ^ (bb | ~d); g = (7 * i) % 16
                }
                f = f &+ a &+ k[i] &+ w[g]
                a = d; d = c; c = bb
                bb = bb &+ rotl(f, s[i])
            }
            h[0] = h[0] &+ a; h[1] = h[1] &+ bb; h[2] = h[2] &+ c; h[3] = h[3] &+ d
        }
        return hex(h, bigEndian: false)
    }

    static func sha1(_ m: [UInt8]) -> String {
        var h: [UInt32] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0]
        let b = padded(m, bigEndian: true)
        for chunk in stride(from: 0, to: b.count, by: 64) {
            var w = [UInt32](repeating: 0, count: 80)
            for i in 0..<16 { for j in 0..<4 { w[i] = w[i] << 8 | UInt32(b[chunk + 4 * i + j]) } }
            for i in 16..<80 { w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1) }
            var (a, bb, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for i in 0..<80 {
                let (f, k): (UInt32, UInt32)
                switch i {
                case 0..<20: (f, k) = ((bb & c) | (~bb & d), 0x5A827999)
                case 20..<40: (f, k) = (bb ^ c ^ d, 0x6ED9EBA1)
                case 40..<60: (f, k) = ((bb & c) | (bb & d) | (c & d), 0x8F1BBCDC)
                default: (f, k) = (bb ^ c ^ d, 0xCA62C1D6)
                }
                let t = rotl(a, 5) &+ f &+ e &+ k &+ w[i]
                e = d; d = c; c = rotl(bb, 30); bb = a; a = t
            }
            h[0] = h[0] &+ a; h[1] = h[1] &+ bb; h[2] = h[2] &+ c; h[3] = h[3] &+ d; h[4] = h[4] &+ e
        }
        return hex(h, bigEndian: true)
    }

    static let sha256K: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
        0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
        0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
        0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]

    static func sha256(_ m: [UInt8]) -> String {
        var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        let b = padded(m, bigEndian: true)
        for chunk in stride(from: 0, to: b.count, by: 64) {
            var w = [UInt32](repeating: 0, count: 64)
            for i in 0..<16 { for j in 0..<4 { w[i] = w[i] << 8 | UInt32(b[chunk + 4 * i + j]) } }
            for i in 16..<64 {
                let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var v = h
            for i in 0..<64 {
                let s1 = rotr(v[4], 6) ^ rotr(v[4], 11) ^ rotr(v[4], 25)
                let ch = (v[4] & v[5]) ^ (~v[4] & v[6])
                let t1 = v[7] &+ s1 &+ ch &+ sha256K[i] &+ w[i]
                let s0 = rotr(v[0], 2) ^ rotr(v[0], 13) ^ rotr(v[0], 22)
                let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2])
                v = [t1 &+ s0 &+ maj, v[0], v[1], v[2], v[3] &+ t1, v[4], v[5], v[6]]
            }
            for i in 0..<8 { h[i] = h[i] &+ v[i] }
        }
        return hex(h, bigEndian: true)
    }
}

private func hashFunction(_ name: String, _ f: @escaping ([UInt8]) -> String) -> ScalarFunction {
    // Any scalar but dynamic (Kusto's signature): a value is hashed as the UTF-8 of its tostring()
    // form, as the page's hash_md5(datetime(2020-01-01)) example shows.
    rowFunction(name, fn([p("source", .notDynamic)], .fixed(.string)),
                summary: "Lowercase hex \(name.dropFirst(5).uppercased()) digest of the UTF-8 of a value's string form (tostring).",
                kernel: { .string(f(Array(kqlString($0[0]).utf8))) })
}

let hashMd5Function = hashFunction("hash_md5", Digest.md5)
let hashSha1Function = hashFunction("hash_sha1", Digest.sha1)
let hashSha256Function = hashFunction("hash_sha256", Digest.sha256)
