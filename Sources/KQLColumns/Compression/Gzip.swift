import Foundation

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) as used by gzip, zip and PNG.
public enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// Continues `crc` (0 to start) over `bytes`.
    public static func update(_ crc: UInt32, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var c = ~crc
        table.withUnsafeBufferPointer { t in
            for b in bytes { c = t[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        }
        return ~c
    }

    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { update(0, $0) }
    }
}

/// gzip (RFC 1952) decoding in pure Swift: every member of a (possibly multi-member) file is
/// inflated in one pass over the input and checked against its CRC-32 and length trailer.
public enum Gzip {
    /// True when the bytes start with the gzip magic number `1f 8b`.
    public static func isGzip(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    public static func isGzip(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
    }

    /// Decompresses all members. Zero bytes after the last member are ignored (padding some
    /// writers add); anything else there, a bad header, a bad checksum or an early end is an error.
    /// Output beyond `limit` bytes is an error (`tooLarge`), never a trap.
    public static func decompress(_ input: UnsafeBufferPointer<UInt8>, limit: Int = Int.max) throws(DecompressionError) -> Data {
        var out = try InflateBuffer(capacity: sizeHint(input), limit: limit)
        do throws(DecompressionError) {
            var pos = 0
            var members = 0
            while pos < input.count {
                if members > 0 && isZeroPadding(input, from: pos) { break }
                guard input.count - pos >= 2, input[pos] == 0x1F, input[pos + 1] == 0x8B else {
                    throw DecompressionError(offset: pos, message: members == 0 ? "not gzip data (bad magic number)" : "unexpected data after gzip member \(members)")
                }
                pos = try member(input, at: pos, into: &out)
                members += 1
            }
            if members == 0 { throw DecompressionError(offset: 0, message: "empty gzip file", truncated: true) }
        } catch {
            out.release()
            throw error
        }
        return out.takeData()
    }

    public static func decompress(_ data: Data, limit: Int = Int.max) throws(DecompressionError) -> Data {
        let result: Result<Data, DecompressionError> = data.withUnsafeBytes { raw in
            do throws(DecompressionError) {
                return .success(try decompress(raw.bindMemory(to: UInt8.self), limit: limit))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The last member's ISIZE (uncompressed size mod 2^32) as a capacity hint, bounded.
    static func sizeHint(_ input: UnsafeBufferPointer<UInt8>) -> Int {
        guard input.count >= 18 else { return 4096 }
        let n = input.count
        let isize = Int(input[n - 4]) | Int(input[n - 3]) << 8 | Int(input[n - 2]) << 16 | Int(input[n - 1]) << 24
        // Guard against nonsense (padding, truncation): at most 64x the compressed size here.
        return min(max(isize, input.count), input.count * 64, 1 << 31)
    }

    static func isZeroPadding(_ input: UnsafeBufferPointer<UInt8>, from: Int) -> Bool {
        var i = from
        while i < input.count { if input[i] != 0 { return false }; i += 1 }
        return true
    }

    /// Decodes the member at `start`; returns the offset after its trailer.
    static func member(_ input: UnsafeBufferPointer<UInt8>, at start: Int, into out: inout InflateBuffer) throws(DecompressionError) -> Int {
        func truncated(_ what: String) -> DecompressionError {
            DecompressionError(offset: input.count, message: "unexpected end of file in gzip \(what) (file truncated?)", truncated: true)
        }
        var p = start
        guard input.count - p >= 10 else { throw truncated("header") }
        guard input[p + 2] == 8 else { throw DecompressionError(offset: p + 2, message: "unsupported gzip compression method \(input[p + 2]) (only DEFLATE)") }
        let flags = input[p + 3]
        guard flags & 0xE0 == 0 else { throw DecompressionError(offset: p + 3, message: "reserved gzip header flags set") }
        p += 10
        if flags & 0x04 != 0 {  // FEXTRA
            guard input.count - p >= 2 else { throw truncated("header") }
            let xlen = Int(input[p]) | Int(input[p + 1]) << 8
            p += 2 + xlen
            guard p <= input.count else { throw truncated("header") }
        }
        for flag in [UInt8(0x08), 0x10] where flags & flag != 0 {  // FNAME, FCOMMENT: zero-terminated
            while p < input.count && input[p] != 0 { p += 1 }
            guard p < input.count else { throw truncated("header") }
            p += 1
        }
        if flags & 0x02 != 0 {  // FHCRC
            guard input.count - p >= 2 else { throw truncated("header") }
            let stored = UInt32(input[p]) | UInt32(input[p + 1]) << 8
            let crc = CRC32.update(0, UnsafeBufferPointer(rebasing: input[start..<p])) & 0xFFFF
            guard stored == crc else { throw DecompressionError(offset: p, message: "gzip header checksum mismatch") }
            p += 2
        }
        let outStart = out.count
        var inflater = Inflater(input: input, start: p)
        try inflater.inflate(into: &out, windowStart: outStart)
        // The trailer starts at the next byte boundary.
        p = inflater.bytePosition
        guard input.count - p >= 8 else { throw truncated("trailer") }
        let storedCRC = UInt32(input[p]) | UInt32(input[p + 1]) << 8 | UInt32(input[p + 2]) << 16 | UInt32(input[p + 3]) << 24
        let storedSize = UInt32(input[p + 4]) | UInt32(input[p + 5]) << 8 | UInt32(input[p + 6]) << 16 | UInt32(input[p + 7]) << 24
        let produced = out.count - outStart
        let crc = CRC32.update(0, UnsafeBufferPointer(start: out.base + outStart, count: produced))
        guard crc == storedCRC else {
            throw DecompressionError(offset: p, message: String(format: "gzip CRC-32 mismatch (stored %08x, computed %08x)", storedCRC, crc))
        }
        guard UInt32(truncatingIfNeeded: produced) == storedSize else {
            throw DecompressionError(offset: p + 4, message: "gzip length mismatch (stored \(storedSize), decompressed \(produced))")
        }
        return p + 8
    }
}
