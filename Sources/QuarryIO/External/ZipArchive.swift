import Foundation
import KQLColumns

/// The files of a ZIP archive (stored or DEFLATE entries), for `externaldata … with
/// (zipPattern=…)` over a `.zip` download. Reads the central directory; every offset and size
/// is checked against the data, entries are CRC-checked, and the total output is bounded by
/// `limit`. ZIP64, encrypted entries and other compression methods are errors.
enum ZipArchive {
    struct Failure: Error { var message: String }

    static func isZip(_ b: [UInt8]) -> Bool { b.count >= 4 && b[0] == 0x50 && b[1] == 0x4B && b[2] == 0x03 && b[3] == 0x04 }

    /// Whether `name` matches the glob `pattern` (`*` any run of characters, `/` included;
    /// `?` one character; the rest literal, case-sensitive), against the whole entry path.
    static func matches(_ name: String, _ pattern: String) -> Bool {
        let n = Array(name.unicodeScalars), p = Array(pattern.unicodeScalars)
        var i = 0, j = 0, star = -1, mark = 0
        while i < n.count {
            if j < p.count && (p[j] == "?" || p[j] == n[i]) { i += 1; j += 1 }
            else if j < p.count && p[j] == "*" { star = j; mark = i; j += 1 }
            else if star >= 0 { j = star + 1; mark += 1; i = mark }
            else { return false }
        }
        while j < p.count && p[j] == "*" { j += 1 }
        return j == p.count
    }

    /// The files whose path matches `pattern` (nil = every file), in the archive's order.
    static func files(_ bytes: [UInt8], pattern: String?, limit: Int) throws -> [(name: String, bytes: [UInt8])] {
        try bytes.withUnsafeBufferPointer { b in
            func u16(_ o: Int) throws -> Int {
                guard o >= 0, o + 2 <= b.count else { throw Failure(message: "truncated ZIP archive") }
                return Int(b[o]) | Int(b[o + 1]) << 8
            }
            func u32(_ o: Int) throws -> Int {
                guard o >= 0, o + 4 <= b.count else { throw Failure(message: "truncated ZIP archive") }
                return Int(b[o]) | Int(b[o + 1]) << 8 | Int(b[o + 2]) << 16 | Int(b[o + 3]) << 24
            }
            // The end-of-central-directory record: within the last 64 KiB + 22 bytes.
            var eocd = -1
            var k = b.count - 22
            while k >= max(0, b.count - 65_557) {
                if try u32(k) == 0x0605_4B50 { eocd = k; break }
                k -= 1
            }
            guard eocd >= 0 else { throw Failure(message: "not a ZIP archive (no end of central directory)") }
            let count = try u16(eocd + 10), cdOffset = try u32(eocd + 16)
            if count == 0xFFFF || cdOffset == 0xFFFF_FFFF { throw Failure(message: "ZIP64 archives are not supported") }
            var out: [(String, [UInt8])] = []
            var total = 0
            var p = cdOffset
            for _ in 0..<count {
                guard try u32(p) == 0x0201_4B50 else { throw Failure(message: "bad ZIP central directory entry at offset \(p)") }
                let flags = try u16(p + 8), method = try u16(p + 10), crc = try u32(p + 16)
                let compressed = try u32(p + 20), size = try u32(p + 24)
                let nameLen = try u16(p + 28), extraLen = try u16(p + 30), commentLen = try u16(p + 32)
                let local = try u32(p + 42)
                guard p + 46 + nameLen <= b.count else { throw Failure(message: "truncated ZIP archive") }
                let name = String(decoding: UnsafeBufferPointer(rebasing: b[(p + 46)..<(p + 46 + nameLen)]), as: UTF8.self)
                p += 46 + nameLen + extraLen + commentLen
                if name.hasSuffix("/") { continue }
                if let pattern, !matches(name, pattern) { continue }
                if flags & 1 != 0 { throw Failure(message: "ZIP entry '\(name)' is encrypted") }
                guard try u32(local) == 0x0403_4B50 else { throw Failure(message: "bad ZIP local header for '\(name)'") }
                let start = local + 30 + (try u16(local + 26)) + (try u16(local + 28))
                guard start >= 0, compressed >= 0, start + compressed <= b.count else { throw Failure(message: "truncated ZIP entry '\(name)'") }
                guard size <= limit - total else { throw Failure(message: "ZIP entry '\(name)' inflates past \(limit) bytes (--max-fetch-bytes)") }
                let data: [UInt8]
                switch method {
                case 0:
                    data = Array(b[start..<(start + compressed)])
                case 8:
                    let slice = UnsafeBufferPointer(rebasing: b[start..<(start + compressed)])
                    do throws(DecompressionError) {
                        data = try Deflate.inflate(slice, limit: limit - total).bytes
                    } catch {
                        throw Failure(message: "ZIP entry '\(name)': \(error.message)")
                    }
                default:
                    throw Failure(message: "ZIP entry '\(name)' uses compression method \(method) (only stored and DEFLATE are read)")
                }
                guard data.count == size else { throw Failure(message: "ZIP entry '\(name)' has \(data.count) bytes, not the \(size) its header says") }
                let computed = data.withUnsafeBufferPointer { Int(CRC32.update(0, $0)) }
                guard computed == crc else { throw Failure(message: "ZIP entry '\(name)' fails its CRC-32 check") }
                total += data.count
                out.append((name, data))
            }
            if out.isEmpty {
                throw Failure(message: pattern.map { "no file in the ZIP archive matches zipPattern '\($0)'" } ?? "the ZIP archive holds no file")
            }
            return out
        }
    }
}
