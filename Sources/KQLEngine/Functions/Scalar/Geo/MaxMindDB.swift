import Foundation
import KQLColumns

/// A MaxMind DB (`.mmdb`) file, read after the published MaxMind DB File Format Specification 2.0:
/// a binary search tree over the address bits (records of 24, 28 or 32 bits), a 16-byte zero
/// separator, a data section of typed fields, and a metadata map after the marker
/// `\xAB\xCD\xEFMaxMind.com` near the end of the file.
///
/// Every read is bounds-checked, so a truncated or hostile file gives `MaxMindDBError` (at open)
/// or a nil lookup, never a crash: tree walks stop after 128 steps, pointers may not point at
/// pointers, nesting is capped at 64 levels and one decode at 100,000 values (a map of pointers
/// to one big map cannot blow up).
public final class MaxMindDatabase: @unchecked Sendable {
    public let nodeCount: Int
    public let recordSize: Int
    public let ipVersion: Int
    public let databaseType: String
    private let bytes: [UInt8]
    /// Start of the data section (after the tree and its 16-byte separator).
    private let dataStart: Int
    /// End of the data section (where the metadata marker starts).
    private let dataEnd: Int
    /// The node where IPv4 addresses start in an IPv6 tree (after 96 zero bits), or nil when
    /// the tree has no IPv4 subtree.
    private let ipv4Start: Int?

    /// Decoded results by data offset: many addresses share a record (a city's networks), so a
    /// column of addresses decodes each record once. Capped; guarded by `lock`.
    private let lock = NSLock()
    private var cache: [Int: DynamicValue?] = [:]
    private static let cacheLimit = 65_536

    static let marker: [UInt8] = [0xAB, 0xCD, 0xEF] + Array("MaxMind.com".utf8)

    public convenience init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MaxMindDBError(message: "cannot read the MaxMind database '\(path)'")
        }
        try self.init(bytes: [UInt8](data))
    }

    public init(bytes: [UInt8]) throws {
        self.bytes = bytes
        // The metadata starts after the last marker in the last 128 KiB.
        let searchFrom = max(0, bytes.count - 128 * 1024)
        var markerAt: Int? = nil
        let m = MaxMindDatabase.marker
        if bytes.count >= m.count {
            var i = bytes.count - m.count
            while i >= searchFrom {
                if bytes[i] == m[0] && bytes[i + 1] == m[1] && bytes[i + 2] == m[2] && Array(bytes[i..<(i + m.count)]) == m {
                    markerAt = i; break
                }
                i -= 1
            }
        }
        guard let markerAt else { throw MaxMindDBError(message: "not a MaxMind database: no metadata marker") }
        var meta = MMDBDecoder(bytes: bytes, base: markerAt + m.count, end: bytes.count)
        guard case .map(let metadata)? = meta.decode(at: markerAt + m.count)?.value else {
            throw MaxMindDBError(message: "MaxMind database: the metadata is not a map")
        }
        func uint(_ key: String) -> Int? {
            guard let v = metadata.first(where: { $0.0 == key })?.1, case .uint(let n) = v, n <= UInt64(Int32.max) else { return nil }
            return Int(n)
        }
        guard let nodeCount = uint("node_count"), let recordSize = uint("record_size"), [24, 28, 32].contains(recordSize),
              let ipVersion = uint("ip_version"), ipVersion == 4 || ipVersion == 6 else {
            throw MaxMindDBError(message: "MaxMind database: the metadata lacks a valid node_count, record_size (24, 28 or 32) or ip_version (4 or 6)")
        }
        if let major = uint("binary_format_major_version"), major != 2 {
            throw MaxMindDBError(message: "MaxMind database: binary format version \(major) is not supported (only 2)")
        }
        let treeSize = nodeCount * recordSize / 4
        guard treeSize + 16 <= markerAt else {
            throw MaxMindDBError(message: "MaxMind database: the search tree (\(nodeCount) nodes) is larger than the file")
        }
        self.nodeCount = nodeCount
        self.recordSize = recordSize
        self.ipVersion = ipVersion
        if let v = metadata.first(where: { $0.0 == "database_type" })?.1, case .string(let s) = v { databaseType = s } else { databaseType = "" }
        dataStart = treeSize + 16
        dataEnd = markerAt
        if ipVersion == 6 {
            var node = 0
            for _ in 0..<96 {
                guard node < nodeCount, let r = MaxMindDatabase.record(bytes, node: node, size: recordSize, bit: 0) else { break }
                node = r
            }
            ipv4Start = node < nodeCount ? node : nil
        } else {
            ipv4Start = 0
        }
    }

    /// One of a node's two records (`bit` 0 = left), or nil past the end of the file.
    private static func record(_ b: [UInt8], node: Int, size: Int, bit: Int) -> Int? {
        let nodeBytes = size / 4
        let at = node * nodeBytes
        guard at >= 0, at + nodeBytes <= b.count else { return nil }
        func be(_ o: Int, _ n: Int) -> Int { var v = 0; for k in 0..<n { v = v << 8 | Int(b[at + o + k]) }; return v }
        switch size {
        case 24: return bit == 0 ? be(0, 3) : be(3, 3)
        case 28:
            // The middle byte holds the high nibbles: left's in its upper half, right's in its lower.
            let mid = Int(b[at + 3])
            return bit == 0 ? (mid >> 4) << 24 | be(0, 3) : (mid & 0x0F) << 24 | be(4, 3)
        default: return bit == 0 ? be(0, 4) : be(4, 4)
        }
    }

    /// The data record for an address (IPv4 as 32 bits in the low bits with `isV4`), or nil when
    /// the address is not in the database or the file is malformed there.
    func lookup(address: UInt128, isV4: Bool) -> MMDBValue? {
        guard let offset = dataOffset(address: address, isV4: isV4) else { return nil }
        var d = MMDBDecoder(bytes: bytes, base: dataStart, end: dataEnd)
        return d.decode(at: offset)?.value
    }

    /// `transform` of the address's record, computed once per record (cached by its offset).
    func lookup(address: UInt128, isV4: Bool, _ transform: (MMDBValue) -> DynamicValue?) -> DynamicValue? {
        guard let offset = dataOffset(address: address, isV4: isV4) else { return nil }
        lock.lock()
        let hit = cache[offset]
        lock.unlock()
        if let hit { return hit }
        var d = MMDBDecoder(bytes: bytes, base: dataStart, end: dataEnd)
        let result = d.decode(at: offset).flatMap { transform($0.value) }
        lock.lock()
        if cache.count >= MaxMindDatabase.cacheLimit { cache.removeAll(keepingCapacity: true) }
        cache[offset] = .some(result)
        lock.unlock()
        return result
    }

    /// Where the address's record starts in the file, or nil when the database has none for it.
    private func dataOffset(address: UInt128, isV4: Bool) -> Int? {
        let bitCount: Int
        var node: Int
        if isV4 {
            guard let start = ipv4Start else { return nil }
            node = start; bitCount = 32
        } else {
            guard ipVersion == 6 else { return nil }
            node = 0; bitCount = 128
        }
        var i = 0
        while i < bitCount && node < nodeCount {
            let bit = Int((address >> UInt128(bitCount - 1 - i)) & 1)
            guard let r = MaxMindDatabase.record(bytes, node: node, size: recordSize, bit: bit) else { return nil }
            node = r
            i += 1
        }
        guard node > nodeCount else { return nil }   // == nodeCount: no data; < nodeCount: tree deeper than the address
        let offset = dataStart + (node - nodeCount - 16)
        guard offset >= dataStart, offset < dataEnd else { return nil }
        return offset
    }
}

public struct MaxMindDBError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A decoded data-section value.
indirect enum MMDBValue: Equatable {
    case string(String)
    case double(Double)
    case bytes([UInt8])
    case uint(UInt64)
    case uint128(UInt128)
    case int(Int32)
    case bool(Bool)
    case map([(String, MMDBValue)])
    case array([MMDBValue])

    static func == (a: MMDBValue, b: MMDBValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.uint(let x), .uint(let y)): return x == y
        case (.uint128(let x), .uint128(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.map(let x), .map(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    subscript(key: String) -> MMDBValue? {
        guard case .map(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    /// A path of map keys and array indexes (`["subdivisions", 0, "names", "en"]`).
    func at(_ path: [Any]) -> MMDBValue? {
        var v: MMDBValue? = self
        for step in path {
            if let k = step as? String { v = v?[k] } else if let i = step as? Int, case .array(let a)? = v { v = i < a.count ? a[i] : nil } else { return nil }
        }
        return v
    }
}

/// Decodes fields of a data section (or of the metadata): `base` is where pointers count from,
/// `end` the first byte the section may not read.
struct MMDBDecoder {
    let bytes: [UInt8]
    let base: Int
    let end: Int
    private var budget = 100_000

    init(bytes: [UInt8], base: Int, end: Int) { self.bytes = bytes; self.base = base; self.end = min(end, bytes.count) }

    /// The value at `offset` and the offset after it; nil when the bytes there are malformed.
    mutating func decode(at offset: Int, depth: Int = 0, followedPointer: Bool = false) -> (value: MMDBValue, next: Int)? {
        guard depth < 64, budget > 0, offset >= base, offset < end else { return nil }
        budget -= 1
        var at = offset
        let ctrl = Int(bytes[at]); at += 1
        var type = ctrl >> 5
        if type == 1 {
            // Pointer: the size bits pick the width; the value is an offset into the section.
            guard !followedPointer else { return nil }
            let ss = (ctrl >> 3) & 3, vvv = ctrl & 7
            let width = ss + 1
            guard at + width <= end else { return nil }
            var p = 0
            for k in 0..<width { p = p << 8 | Int(bytes[at + k]) }
            switch ss {
            case 0: p |= vvv << 8
            case 1: p = (p | vvv << 16) + 2048
            case 2: p = (p | vvv << 24) + 526_336
            default: break
            }
            guard let (v, _) = decode(at: base + p, depth: depth + 1, followedPointer: true) else { return nil }
            return (v, at + width)
        }
        if type == 0 {
            guard at < end else { return nil }
            type = 7 + Int(bytes[at]); at += 1
            guard type >= 8 else { return nil }
        }
        var size = ctrl & 0x1F
        if size >= 29 {
            let extra = size - 28
            guard at + extra <= end else { return nil }
            var n = 0
            for k in 0..<extra { n = n << 8 | Int(bytes[at + k]) }
            at += extra
            size = [0, 29, 285, 65_821][extra] + n
        }
        func payload(_ n: Int) -> ArraySlice<UInt8>? { at + n <= end ? bytes[at..<(at + n)] : nil }
        func unsigned(_ maxBytes: Int) -> UInt64? {
            guard size <= maxBytes, let s = payload(size) else { return nil }
            return s.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
        switch type {
        case 2:
            guard let s = payload(size) else { return nil }
            return (.string(String(decoding: s, as: UTF8.self)), at + size)
        case 3:
            guard size == 8, let s = payload(8) else { return nil }
            return (.double(Double(bitPattern: s.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })), at + 8)
        case 15:
            guard size == 4, let s = payload(4) else { return nil }
            return (.double(Double(Float(bitPattern: s.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }))), at + 4)
        case 4:
            guard let s = payload(size) else { return nil }
            return (.bytes(Array(s)), at + size)
        case 5: return unsigned(2).map { (.uint($0), at + size) }
        case 6: return unsigned(4).map { (.uint($0), at + size) }
        case 9: return unsigned(8).map { (.uint($0), at + size) }
        case 10:
            guard size <= 16, let s = payload(size) else { return nil }
            return (.uint128(s.reduce(UInt128(0)) { $0 << 8 | UInt128($1) }), at + size)
        case 8:
            guard let u = unsigned(4) else { return nil }
            // Shorter than 4 bytes: the value is padded with zeros (the spec's int32 encoding).
            return (.int(Int32(bitPattern: UInt32(truncatingIfNeeded: u))), at + size)
        case 14:
            guard size <= 1 else { return nil }
            return (.bool(size == 1), at)
        case 7:
            var pairs: [(String, MMDBValue)] = []
            for _ in 0..<min(size, budget) {
                guard let (k, afterKey) = decode(at: at, depth: depth + 1), case .string(let key) = k,
                      let (v, afterValue) = decode(at: afterKey, depth: depth + 1) else { return nil }
                pairs.append((key, v)); at = afterValue
            }
            guard pairs.count == size else { return nil }
            return (.map(pairs), at)
        case 11:
            var items: [MMDBValue] = []
            for _ in 0..<min(size, budget) {
                guard let (v, after) = decode(at: at, depth: depth + 1) else { return nil }
                items.append(v); at = after
            }
            guard items.count == size else { return nil }
            return (.array(items), at)
        default:
            // 12 (data cache container), 13 (end marker) and unknown types never appear in a record.
            return nil
        }
    }
}
