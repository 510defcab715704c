import Foundation

/// Raw DEFLATE (RFC 1951) streams, and the zlib (RFC 1950) and gzip (RFC 1952) wrappers' encoders:
/// decoding goes through `Inflater`; encoding is a small greedy LZ77 with fixed Huffman codes, or
/// stored blocks when the coded form is not smaller than the input itself. That rule reproduces the
/// bytes Kusto's `zlib_compress_to_base64_string`/`gzip_compress_to_base64_string` pages show for a
/// short incompressible string (one stored block); for compressible text the bytes are valid for every
/// decoder but not byte-for-byte what Kusto writes (its compressor is not documented).
public enum Deflate {
    /// Inflates one raw DEFLATE stream; `consumed` is the offset after its last block.
    public static func inflate(_ input: UnsafeBufferPointer<UInt8>, limit: Int = Int.max) throws(DecompressionError) -> (bytes: [UInt8], consumed: Int) {
        var buffer = try InflateBuffer(capacity: min(max(input.count * 4, 4096), limit), limit: limit)
        defer { buffer.release() }
        var inflater = Inflater(input: input, start: 0)
        try inflater.inflate(into: &buffer, windowStart: 0)
        return (Array(UnsafeBufferPointer(start: buffer.base, count: buffer.count)), inflater.bytePosition)
    }

    /// Little-endian bit writer.
    private struct BitWriter {
        var bytes: [UInt8] = []
        var acc: UInt64 = 0
        var n = 0
        mutating func write(_ value: Int, _ bits: Int) {
            acc |= UInt64(value) << UInt64(n)
            n += bits
            while n >= 8 { bytes.append(UInt8(truncatingIfNeeded: acc)); acc >>= 8; n -= 8 }
        }
        /// A Huffman code, most significant bit first.
        mutating func writeCode(_ code: Int, _ bits: Int) {
            var r = 0
            for i in 0..<bits { r |= ((code >> i) & 1) << (bits - 1 - i) }
            write(r, bits)
        }
        mutating func flush() { if n > 0 { bytes.append(UInt8(truncatingIfNeeded: acc)); acc = 0; n = 0 } }
    }

    /// The fixed literal/length code of a symbol (RFC 1951 3.2.6).
    private static func writeLiteral(_ sym: Int, _ w: inout BitWriter) {
        switch sym {
        case 0...143: w.writeCode(0x30 + sym, 8)
        case 144...255: w.writeCode(0x190 + sym - 144, 9)
        case 256...279: w.writeCode(sym - 256, 7)
        default: w.writeCode(0xC0 + sym - 280, 8)
        }
    }

    private static func writeMatch(length: Int, distance: Int, _ w: inout BitWriter) {
        var li = Inflater.lengthBase.count - 1
        while Inflater.lengthBase[li] > length { li -= 1 }
        writeLiteral(257 + li, &w)
        if Inflater.lengthExtra[li] > 0 { w.write(length - Inflater.lengthBase[li], Inflater.lengthExtra[li]) }
        var di = Inflater.distBase.count - 1
        while Inflater.distBase[di] > distance { di -= 1 }
        w.writeCode(di, 5)
        if Inflater.distExtra[di] > 0 { w.write(distance - Inflater.distBase[di], Inflater.distExtra[di]) }
    }

    /// Stored blocks (at most 65,535 bytes each).
    private static func stored(_ input: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        repeat {
            let n = min(65_535, input.count - i)
            let last = i + n >= input.count
            out.append(last ? 1 : 0)
            out += [UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            out += input[i..<(i + n)]
            i += n
        } while i < input.count
        return out
    }

    /// One raw DEFLATE stream of `input`.
    public static func compress(_ input: [UInt8]) -> [UInt8] {
        var w = BitWriter()
        w.write(1, 1)   // final block
        w.write(1, 2)   // fixed Huffman codes
        let window = 32_768, minMatch = 3, maxMatch = 258
        var head = [Int](repeating: -1, count: 1 << 15)
        var i = 0
        let n = input.count
        @inline(__always) func hash(_ p: Int) -> Int {
            (Int(input[p]) << 10 ^ Int(input[p + 1]) << 5 ^ Int(input[p + 2])) & 0x7FFF
        }
        while i < n {
            var matchLength = 0, matchDistance = 0
            if i + minMatch <= n {
                let h = hash(i)
                let candidate = head[h]
                head[h] = i
                if candidate >= 0 && i - candidate <= window {
                    var l = 0
                    while l < maxMatch && i + l < n && input[candidate + l] == input[i + l] { l += 1 }
                    if l >= minMatch { matchLength = l; matchDistance = i - candidate }
                }
            }
            if matchLength > 0 {
                writeMatch(length: matchLength, distance: matchDistance, &w)
                // Index the positions inside the match so later text can refer to them.
                var k = i + 1
                while k < i + matchLength && k + minMatch <= n { head[hash(k)] = k; k += 1 }
                i += matchLength
            } else {
                writeLiteral(Int(input[i]), &w)
                i += 1
            }
        }
        writeLiteral(256, &w)
        w.flush()
        return w.bytes.count < n ? w.bytes : stored(input)
    }
}

/// Adler-32 (RFC 1950), the zlib checksum.
public enum Adler32 {
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        var i = 0
        while i < bytes.count {
            let end = min(i + 5552, bytes.count)   // the largest run before the sums need reducing
            while i < end { a += UInt32(bytes[i]); b += a; i += 1 }
            a %= 65_521; b %= 65_521
        }
        return b << 16 | a
    }
}

/// zlib (RFC 1950) streams: a two-byte header, one DEFLATE stream, the Adler-32 of the data.
public enum Zlib {
    /// The header is 78 01 (32 KiB window, "fastest" level), as in Kusto's documented output.
    public static func compress(_ input: [UInt8]) -> [UInt8] {
        let adler = Adler32.checksum(input)
        return [0x78, 0x01] + Deflate.compress(input) + [UInt8(adler >> 24), UInt8((adler >> 16) & 0xFF), UInt8((adler >> 8) & 0xFF), UInt8(adler & 0xFF)]
    }

    /// Decodes a zlib stream (no preset dictionary); a bad header, a bad checksum, or output past
    /// `limit` is an error.
    public static func decompress(_ input: [UInt8], limit: Int = Int.max) throws(DecompressionError) -> [UInt8] {
        guard input.count >= 6 else { throw DecompressionError(offset: 0, message: "zlib data too short", truncated: true) }
        let cmf = input[0], flg = input[1]
        guard cmf & 0x0F == 8, cmf >> 4 <= 7, (UInt16(cmf) << 8 | UInt16(flg)) % 31 == 0 else {
            throw DecompressionError(offset: 0, message: "not zlib data (bad header)")
        }
        guard flg & 0x20 == 0 else { throw DecompressionError(offset: 1, message: "zlib preset dictionaries are not supported") }
        let result: Result<(bytes: [UInt8], consumed: Int), DecompressionError> = input.withUnsafeBufferPointer { all in
            do throws(DecompressionError) {
                return .success(try Deflate.inflate(UnsafeBufferPointer(rebasing: all[2...]), limit: limit))
            } catch {
                return .failure(error)
            }
        }
        let (bytes, consumed) = try result.get()
        let p = 2 + consumed
        guard input.count - p >= 4 else { throw DecompressionError(offset: input.count, message: "zlib trailer missing", truncated: true) }
        let stored = UInt32(input[p]) << 24 | UInt32(input[p + 1]) << 16 | UInt32(input[p + 2]) << 8 | UInt32(input[p + 3])
        guard stored == Adler32.checksum(bytes) else { throw DecompressionError(offset: p, message: "zlib Adler-32 mismatch") }
        return bytes
    }
}

extension Gzip {
    /// One gzip member of `input`: header with no flags, no time, unknown OS (as .NET writes it).
    public static func compress(_ input: [UInt8]) -> [UInt8] {
        let crc = CRC32.checksum(input), size = UInt32(truncatingIfNeeded: input.count)
        func le(_ x: UInt32) -> [UInt8] { [UInt8(x & 0xFF), UInt8((x >> 8) & 0xFF), UInt8((x >> 16) & 0xFF), UInt8(x >> 24)] }
        return [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF] + Deflate.compress(input) + le(crc) + le(size)
    }
}
