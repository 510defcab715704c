import KQLColumns

/// Interns the strings of one batch of a string column into a dictionary (open addressing on a
/// 64-bit hash of the bytes), giving up once the batch has more than `limit` distinct values.
///
/// Rule (measured on synthetic Defender exports): a batch is dictionary-coded when it has at
/// most `batchSize / 4` distinct values (at least 64), so a 65,536-row batch takes up to 16,384
/// (LocalIP, ~8,300 distinct per batch, then costs 4 bytes a row instead of ~12). A column that
/// exceeds it in one batch stays plain for the rest of the read (RemoteIP, ~40,000 distinct per
/// batch, pays the hashing once per worker, not per batch).
struct DictionaryEncoder {
    /// Open-addressing slots: 0 = empty, else the hash's high 32 bits over `code + 1`. The table
    /// starts small and doubles at half load, so low-cardinality columns probe a few cache lines,
    /// and a probe compares bytes only when the stored hash bits match.
    final class Table {
        var slots: UnsafeMutablePointer<UInt64>
        var mask: Int
        init(capacity: Int) {
            slots = .allocate(capacity: capacity)
            slots.initialize(repeating: 0, count: capacity)
            mask = capacity - 1
        }
        func resize(_ capacity: Int) {
            slots.deallocate()
            slots = .allocate(capacity: capacity)
            slots.initialize(repeating: 0, count: capacity)
            mask = capacity - 1
        }
        deinit { slots.deallocate() }
    }

    static let initialSlots = 64
    /// Codes are two bytes: a batch with more distinct strings stays plain.
    static let maxDistinct = 1 << 16

    let limit: Int
    private let table: Table
    var bytes = ByteBuffer()
    var ends = RawBuffer<Int32>()
    private var hashes = RawBuffer<UInt64>()
    var codes = RawBuffer<UInt16>()

    init(limit: Int) {
        self.limit = limit
        table = Table(capacity: DictionaryEncoder.initialSlots)
    }

    var distinct: Int { ends.count }

    @inline(__always)
    static func hash(_ p: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let k = p.count
        var h = UInt64(truncatingIfNeeded: k) &* 0x9E37_79B9_7F4A_7C15
        guard k > 0 else { return h }
        let raw = UnsafeRawPointer(p.baseAddress!)
        var i = 0
        while i &+ 8 <= k {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i &+= 8
        }
        if i < k {
            var t: UInt64 = 0
            if k >= 8 {
                t = raw.loadUnaligned(fromByteOffset: k - 8, as: UInt64.self)   // overlapping last word
            } else {
                while i < k { t = (t << 8) | UInt64(p[i]); i &+= 1 }
            }
            h = (h ^ t) &* 0x94D0_49BB_1331_11EB
        }
        return h ^ (h >> 29)
    }

    /// Appends the code of `p`, adding it to the dictionary if new. Returns false (appending
    /// nothing) when that would exceed `limit` distinct values.
    @inline(__always)
    mutating func append(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let h = DictionaryEncoder.hash(p)
        let tag = h & 0xFFFF_FFFF_0000_0000
        let slots = table.slots, mask = table.mask
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[i]
            if s == 0 { break }
            if s & 0xFFFF_FFFF_0000_0000 == tag {
                let code = Int(truncatingIfNeeded: s & 0xFFFF_FFFF) &- 1
                let lo = code == 0 ? 0 : Int(ends[code - 1]), hi = Int(ends[code])
                if hi - lo == p.count && bytes.equals(lo, p) {
                    codes.append(UInt16(truncatingIfNeeded: code))
                    return true
                }
            }
            i = (i &+ 1) & mask
        }
        guard ends.count < limit else { return false }
        let code = ends.count
        bytes.append(p)
        ends.append(Int32(truncatingIfNeeded: bytes.count))
        hashes.append(h)
        codes.append(UInt16(truncatingIfNeeded: code))
        if (code + 1) * 2 > mask + 1 {
            grow()
        } else {
            slots[i] = tag | UInt64(code + 1)
        }
        return true
    }

    /// Doubles the table and re-inserts every code (including the one just added).
    private mutating func grow() {
        table.resize((table.mask + 1) * 2)
        let slots = table.slots, mask = table.mask
        for code in 0..<ends.count {
            let h = hashes[code]
            var i = Int(truncatingIfNeeded: h) & mask
            while slots[i] != 0 { i = (i &+ 1) & mask }
            slots[i] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(code + 1)
        }
    }

    /// The dictionary entry `code`.
    func withEntry<R>(_ code: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let lo = code == 0 ? 0 : Int(ends[code - 1]), hi = Int(ends[code])
        return bytes.withBytes(lo..<hi, body)
    }

    /// The batch as a dictionary column; starts an empty dictionary for the next batch.
    mutating func finish() -> DictionaryStrings {
        var offsets: [Int32] = []
        offsets.reserveCapacity(ends.count + 1)
        offsets.append(0)
        ends.withBuffer { offsets.append(contentsOf: $0) }
        let out = DictionaryStrings(codes: codes.array(), dictionary: StringArray(bytes: bytes.array(), offsets: offsets))
        reset()
        return out
    }

    mutating func reset() {
        table.slots.update(repeating: 0, count: table.mask + 1)   // keep the size the column needed
        bytes.truncate(to: 0); ends.truncate(to: 0); hashes.truncate(to: 0); codes.truncate(to: 0)
    }
}
