import Foundation

/// A failure while decompressing, at a byte offset of the compressed input.
public struct DecompressionError: Error, CustomStringConvertible, Sendable {
    public var offset: Int
    public var message: String
    /// True when the input ended before the compressed data did.
    public var truncated: Bool
    /// True when the output would have passed the decompressed-size limit (a gzip bomb, or a
    /// file too large to inflate in memory).
    public var tooLarge = false

    public init(offset: Int, message: String, truncated: Bool = false) {
        self.offset = offset
        self.message = message
        self.truncated = truncated
    }

    public var description: String { "\(message) (at compressed byte \(offset))" }
}

/// A growable byte buffer owned by the decoder: match copies need raw pointers into the output,
/// which doubles as the DEFLATE window. Handed out as `Data` without a copy.
///
/// Never grows past `limit` bytes: the append that would is an error (`tooLarge`), as is a
/// failed allocation, so a gzip bomb ends in an error instead of a trap.
struct InflateBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private(set) var capacity: Int
    let limit: Int

    init(capacity: Int, limit: Int = Int.max) throws(DecompressionError) {
        self.limit = max(limit, 0)
        // The wanted size can come from the file (a size hint): if it cannot be had, start at
        // 4 KiB and grow (with its checks); if even that fails, the same error as a failed growth.
        let wanted = max(min(capacity, self.limit), 4096)
        if let p = malloc(wanted) {
            self.capacity = wanted
            base = p.assumingMemoryBound(to: UInt8.self)
        } else if let p = malloc(4096) {
            self.capacity = 4096
            base = p.assumingMemoryBound(to: UInt8.self)
        } else {
            var e = DecompressionError(offset: 0, message: "out of memory allocating the inflate buffer")
            e.tooLarge = true
            throw e
        }
    }

    @inline(__always) mutating func reserve(_ extra: Int) throws(DecompressionError) {
        if count + extra > capacity { try grow(count + extra) }
    }

    mutating func grow(_ needed: Int) throws(DecompressionError) {
        guard needed <= limit else {
            var e = DecompressionError(offset: 0, message: "decompressed data exceeds the limit of \(limit) bytes (a gzip bomb, or a file too large to inflate in memory)")
            e.tooLarge = true
            throw e
        }
        var c = capacity
        while c < needed { c = c < (1 << 30) ? c * 2 : c + (1 << 30) }
        c = min(c, limit)
        guard let p = realloc(base, c) else {
            var e = DecompressionError(offset: 0, message: "out of memory inflating \(c) bytes")
            e.tooLarge = true
            throw e
        }
        base = p.assumingMemoryBound(to: UInt8.self)
        capacity = c
    }

    @inline(__always) mutating func append(_ b: UInt8) throws(DecompressionError) {
        if count == capacity { try grow(count + 1) }
        base[count] = b
        count += 1
    }

    mutating func append(_ src: UnsafePointer<UInt8>, _ n: Int) throws(DecompressionError) {
        try reserve(n)
        (base + count).update(from: src, count: n)
        count += n
    }

    /// Copies `length` bytes starting `distance` back (the regions may overlap).
    @inline(__always) mutating func copyMatch(distance: Int, length: Int) throws(DecompressionError) {
        try reserve(length)
        let dst = base + count
        let src = dst - distance
        if distance >= length {
            dst.update(from: src, count: length)
        } else {
            for i in 0..<length { dst[i] = src[i] }
        }
        count += length
    }

    /// Hands the bytes over as `Data` (the buffer must not be used afterwards).
    func takeData() -> Data {
        if count == 0 { free(base); return Data() }
        return Data(bytesNoCopy: base, count: count, deallocator: .free)
    }

    func release() { free(base) }
}

/// A canonical Huffman code as one lookup table indexed by the next `bits` input bits
/// (least significant first, as DEFLATE packs them): entry = symbol << 4 | code length, 0 = no code.
struct HuffmanTable {
    var table: [UInt16]
    var bits: Int

    /// Builds the table from code lengths (0 = symbol unused). Over-subscribed lengths are an
    /// error; incomplete codes are accepted and their unused patterns decode as errors.
    init(lengths: UnsafeBufferPointer<UInt8>) throws(DecompressionError) {
        var counts = [Int](repeating: 0, count: 16)
        var maxLen = 0
        for l in lengths where l > 0 {
            counts[Int(l)] += 1
            maxLen = max(maxLen, Int(l))
        }
        var left = 1
        for len in 1...15 {
            left <<= 1
            left -= counts[len]
            if left < 0 { throw DecompressionError(offset: 0, message: "invalid Huffman code lengths (over-subscribed)") }
        }
        bits = max(maxLen, 1)
        table = [UInt16](repeating: 0, count: 1 << bits)
        // The first code of each length (RFC 1951 §3.2.2); counts[0] stays 0.
        var next = [Int](repeating: 0, count: 16)
        var code = 0
        for len in 1...15 {
            code = (code + counts[len - 1]) << 1
            next[len] = code
        }
        let size = 1 << bits
        for sym in 0..<lengths.count {
            let len = Int(lengths[sym])
            if len == 0 { continue }
            let c = next[len]
            next[len] += 1
            var rev = 0
            for i in 0..<len where c & (1 << i) != 0 { rev |= 1 << (len - 1 - i) }
            let entry = UInt16(sym << 4 | len)
            var i = rev
            while i < size {
                table[i] = entry
                i += 1 << len
            }
        }
    }
}

/// A DEFLATE (RFC 1951) decoder over a byte buffer, writing into an `InflateBuffer`.
struct Inflater {
    let input: UnsafeBufferPointer<UInt8>
    /// Next input byte to load into the bit buffer (may run past the end: zeros are fed then,
    /// and overruns are reported as truncation).
    var pos: Int
    var bitBuf: UInt64 = 0
    var bitCount = 0

    init(input: UnsafeBufferPointer<UInt8>, start: Int) {
        self.input = input
        pos = start
    }

    /// Offset of the first input byte not yet consumed (whole bytes).
    var bytePosition: Int { pos - bitCount / 8 }

    /// True when more bits were consumed than the input holds.
    var overran: Bool { pos * 8 - bitCount > input.count * 8 }

    @inline(__always) mutating func refill() {
        while bitCount <= 56 {
            let b: UInt64 = pos < input.count ? UInt64(input[pos]) : 0
            pos += 1
            bitBuf |= b << UInt64(bitCount)
            bitCount += 8
        }
    }

    @inline(__always) mutating func getBits(_ n: Int) -> Int {
        if bitCount < n { refill() }
        let v = Int(bitBuf & ((1 << UInt64(n)) - 1))
        bitBuf >>= UInt64(n)
        bitCount -= n
        return v
    }

    func truncatedError() -> DecompressionError {
        DecompressionError(offset: input.count, message: "unexpected end of compressed data (file truncated?)", truncated: true)
    }

    func fail(_ message: String) -> DecompressionError {
        overran ? truncatedError() : DecompressionError(offset: min(bytePosition, input.count), message: message)
    }

    static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    static let fixedTables: (HuffmanTable, HuffmanTable) = {
        var lit = [UInt8](repeating: 8, count: 288)
        for i in 144..<256 { lit[i] = 9 }
        for i in 256..<280 { lit[i] = 7 }
        let dist = [UInt8](repeating: 5, count: 30)
        let l = try! lit.withUnsafeBufferPointer { try HuffmanTable(lengths: $0) }
        let d = try! dist.withUnsafeBufferPointer { try HuffmanTable(lengths: $0) }
        return (l, d)
    }()

    /// Decodes one whole DEFLATE stream into `out`; `windowStart` is where this stream's output
    /// begins (matches may not reach before it). Leaves the reader at the end of the final block.
    mutating func inflate(into out: inout InflateBuffer, windowStart: Int) throws(DecompressionError) {
        var final = false
        while !final {
            final = getBits(1) == 1
            let type = getBits(2)
            switch type {
            case 0: try stored(into: &out)
            case 1:
                let (l, d) = Inflater.fixedTables
                try codes(lit: l, dist: d, into: &out, windowStart: windowStart)
            case 2:
                let (l, d) = try dynamicTables()
                try codes(lit: l, dist: d, into: &out, windowStart: windowStart)
            default:
                throw fail("invalid DEFLATE block type 3")
            }
            if overran { throw truncatedError() }
        }
    }

    private mutating func stored(into out: inout InflateBuffer) throws(DecompressionError) {
        // Skip to a byte boundary; the length fields may already sit in the bit buffer.
        _ = getBits(bitCount & 7)
        let len = getBits(16)
        let nlen = getBits(16)
        if overran { throw truncatedError() }
        guard len == (~nlen & 0xFFFF) else { throw fail("stored block length check failed") }
        // Give back the whole bytes still buffered, then copy straight from the input.
        let start = pos - bitCount / 8
        bitBuf = 0
        bitCount = 0
        guard start + len <= input.count else { pos = start; throw truncatedError() }
        if len > 0, let base = input.baseAddress { try out.append(base + start, len) }
        pos = start + len
    }

    private mutating func dynamicTables() throws(DecompressionError) -> (HuffmanTable, HuffmanTable) {
        let hlit = getBits(5) + 257
        let hdist = getBits(5) + 1
        let hclen = getBits(4) + 4
        guard hlit <= 286, hdist <= 30 else { throw fail("invalid dynamic block header (too many codes)") }
        var clLengths = [UInt8](repeating: 0, count: 19)
        for i in 0..<hclen { clLengths[Inflater.codeLengthOrder[i]] = UInt8(getBits(3)) }
        if overran { throw truncatedError() }
        let clTable: HuffmanTable
        do {
            clTable = try clLengths.withUnsafeBufferPointer { (p) throws(DecompressionError) in try HuffmanTable(lengths: p) }
        } catch { throw fail(error.message) }
        var lengths = [UInt8](repeating: 0, count: hlit + hdist)
        var i = 0
        while i < hlit + hdist {
            let sym = try decode(clTable)
            switch sym {
            case 0...15:
                lengths[i] = UInt8(sym)
                i += 1
            case 16:
                guard i > 0 else { throw fail("code length repeat with no previous length") }
                let prev = lengths[i - 1]
                let n = 3 + getBits(2)
                guard i + n <= lengths.count else { throw fail("code length repeat overflows") }
                for _ in 0..<n { lengths[i] = prev; i += 1 }
            case 17, 18:
                let n = sym == 17 ? 3 + getBits(3) : 11 + getBits(7)
                guard i + n <= lengths.count else { throw fail("code length repeat overflows") }
                i += n
            default:
                throw fail("invalid code length symbol")
            }
            if overran { throw truncatedError() }
        }
        guard lengths[256] != 0 else { throw fail("dynamic block has no end-of-block code") }
        do {
            let lit = try lengths.withUnsafeBufferPointer { (p) throws(DecompressionError) in try HuffmanTable(lengths: UnsafeBufferPointer(rebasing: p[0..<hlit])) }
            let dist = try lengths.withUnsafeBufferPointer { (p) throws(DecompressionError) in try HuffmanTable(lengths: UnsafeBufferPointer(rebasing: p[hlit...])) }
            return (lit, dist)
        } catch { throw fail(error.message) }
    }

    @inline(__always) private mutating func decode(_ h: HuffmanTable) throws(DecompressionError) -> Int {
        if bitCount < 15 { refill() }
        let e = h.table[Int(bitBuf & UInt64((1 << h.bits) - 1))]
        let len = Int(e & 15)
        guard len != 0 else { throw fail("invalid Huffman code") }
        bitBuf >>= UInt64(len)
        bitCount -= len
        return Int(e >> 4)
    }

    private mutating func codes(lit: HuffmanTable, dist: HuffmanTable, into out: inout InflateBuffer, windowStart: Int) throws(DecompressionError) {
        let litMask = UInt64((1 << lit.bits) - 1)
        let distMask = UInt64((1 << dist.bits) - 1)
        // Guard against looping forever on the zeros fed past a truncated end.
        let overrunLimit = input.count + 16
        try lit.table.withUnsafeBufferPointer { (lt) throws(DecompressionError) in
            try dist.table.withUnsafeBufferPointer { (dt) throws(DecompressionError) in
                while true {
                    if bitCount < 32 {
                        refill()
                        if pos > overrunLimit { throw truncatedError() }
                    }
                    let e = lt[Int(bitBuf & litMask)]
                    let len = Int(e & 15)
                    guard len != 0 else { throw fail("invalid literal/length code") }
                    bitBuf >>= UInt64(len)
                    bitCount -= len
                    let sym = Int(e >> 4)
                    if sym < 256 {
                        try out.append(UInt8(truncatingIfNeeded: sym))
                        continue
                    }
                    if sym == 256 { return }
                    let li = sym - 257
                    guard li < 29 else { throw fail("invalid length symbol \(sym)") }
                    var length = Inflater.lengthBase[li]
                    let le = Inflater.lengthExtra[li]
                    if le > 0 { length += getBits(le) }
                    if bitCount < 15 { refill() }
                    let de = dt[Int(bitBuf & distMask)]
                    let dlen = Int(de & 15)
                    guard dlen != 0 else { throw fail("invalid distance code") }
                    bitBuf >>= UInt64(dlen)
                    bitCount -= dlen
                    let dsym = Int(de >> 4)
                    guard dsym < 30 else { throw fail("invalid distance symbol \(dsym)") }
                    var distance = Inflater.distBase[dsym]
                    let dx = Inflater.distExtra[dsym]
                    if dx > 0 { distance += getBits(dx) }
                    guard distance <= out.count - windowStart else { throw fail("match distance \(distance) reaches before the start of the data") }
                    try out.copyMatch(distance: distance, length: length)
                }
            }
        }
    }
}
