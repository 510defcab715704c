import Foundation
import KQLColumns

/// Maps the key tuple of each row to a dense group id, storing each group's key once.
/// Strings are compared as bytes and integers as Int64, with no per-row allocation; other
/// key types (dynamic, guid, real) go through `Value`.
final class GroupKeyIndex {
    private enum Kind { case int64, string, value }
    private let types: [KQLType]
    private let kinds: [Kind]
    private var ints: [[Int64]]
    private var intValid: [[Bool]]
    private var strings: [StringArray]
    private var values: [[Value]]
    private var hashes: [UInt64] = []
    private var slots = [Int32](repeating: -1, count: 1024)

    var groupCount: Int { hashes.count }

    init(types: [KQLType]) {
        self.types = types
        kinds = types.map(Self.kind)
        ints = types.map { _ in [] }
        intValid = types.map { _ in [] }
        strings = types.map { _ in StringArray() }
        values = types.map { _ in [] }
    }

    /// Group ids of the rows of one batch (new groups are created in first-seen order).
    func groupIds(_ keyColumns: [Column], rows: Int) -> [Int32] {
        let keys = keyColumns   // dictionary-coded strings stay coded (hashed once per entry)
        var out = [Int32](repeating: 0, count: rows)
        if keys.isEmpty {
            if hashes.isEmpty { hashes.append(0); }
            return out
        }
        // One dictionary-coded string key: each code is looked up once per batch.
        if keys.count == 1, kinds[0] == .string, case .dictionary(let d) = keys[0].storage {
            var codeGroup = [Int32](repeating: -1, count: d.dictionary.count)
            d.dictionary.bytes.withUnsafeBufferPointer { bytes in
                for r in 0..<rows {
                    let code = Int(d.codes[r])
                    var g = codeGroup[code]
                    if g < 0 {
                        let h = KeyHash.int(KeyHash.bytes(UnsafeBufferPointer(rebasing: bytes[d.dictionary.range(code)])), Self.seed)
                        g = groupId(hash: h, keys, r)
                        codeGroup[code] = g
                    }
                    out[r] = g
                }
            }
            return out
        }
        let h = Self.rowHashes(keys, kinds: kinds, rows: rows)
        for r in 0..<rows { out[r] = groupId(hash: h[r], keys, r) }
        return out
    }

    /// The group of each row whose key is already indexed, else -1; nothing is added (the probe
    /// side of a join).
    func lookup(_ keyColumns: [Column], rows: Int) -> [Int32] {
        var out = [Int32](repeating: -1, count: rows)
        if keyColumns.isEmpty {
            if !hashes.isEmpty { for r in 0..<rows { out[r] = 0 } }
            return out
        }
        let h = Self.rowHashes(keyColumns, kinds: kinds, rows: rows)
        for r in 0..<rows {
            var s = Int(truncatingIfNeeded: h[r]) & (slots.count - 1)
            while true {
                let g = slots[s]
                if g < 0 { break }
                if hashes[Int(g)] == h[r], equal(Int(g), keyColumns, r) { out[r] = g; break }
                s = (s + 1) & (slots.count - 1)
            }
        }
        return out
    }

    /// The group of row `r` (whose key hash is `hr`), created when new.
    @inline(__always) private func groupId(hash hr: UInt64, _ keys: [Column], _ r: Int) -> Int32 {
        var s = Int(truncatingIfNeeded: hr) & (slots.count - 1)
        while true {
            let g = slots[s]
            if g < 0 { break }
            if hashes[Int(g)] == hr, equal(Int(g), keys, r) { return g }
            s = (s + 1) & (slots.count - 1)
        }
        let found = Int32(hashes.count)
        hashes.append(hr)
        append(keys, r)
        slots[s] = found
        if hashes.count * 2 > slots.count { grow() }
        return found
    }

    /// Per-row hashes of the key tuple (strings by bytes, integers by value, others via Value).
    static func rowHashes(_ keys: [Column], types: [KQLType], rows: Int) -> [UInt64] {
        rowHashes(keys, kinds: types.map(kind), rows: rows)
    }

    private static func kind(_ t: KQLType) -> Kind {
        switch t {
        case .int, .long, .datetime, .timespan, .bool: return .int64
        case .string: return .string
        default: return .value
        }
    }

    static let seed: UInt64 = 0x243F_6A88_85A3_08D3

    /// A string key mixes in the hash of its bytes alone, so a dictionary-coded column hashes
    /// each entry once and gives the same hashes as the same strings stored plainly.
    private static func rowHashes(_ keys: [Column], kinds: [Kind], rows: Int) -> [UInt64] {
        var h = [UInt64](repeating: seed, count: rows)
        for (j, c) in keys.enumerated() {
            switch (kinds[j], c.storage) {
            case (.string, .string(let arr)):
                arr.bytes.withUnsafeBufferPointer { bytes in
                    for r in 0..<rows {
                        let s = Int(arr.offsets[r]), e = Int(arr.offsets[r + 1])
                        h[r] = KeyHash.int(KeyHash.bytes(UnsafeBufferPointer(rebasing: bytes[s..<e])), h[r])
                    }
                }
            case (.string, .dictionary(let d)):
                var codeHash = [UInt64](repeating: 0, count: d.dictionary.count)
                var known = [Bool](repeating: false, count: d.dictionary.count)
                d.dictionary.bytes.withUnsafeBufferPointer { bytes in
                    for r in 0..<rows {
                        let code = Int(d.codes[r])
                        if !known[code] {
                            codeHash[code] = KeyHash.bytes(UnsafeBufferPointer(rebasing: bytes[d.dictionary.range(code)]))
                            known[code] = true
                        }
                        h[r] = KeyHash.int(codeHash[code], h[r])
                    }
                }
            case (.int64, _):
                for r in 0..<rows { h[r] = KeyHash.int(UInt64(bitPattern: int64Value(c, r) ?? Int64.min), h[r]) }
            default:
                for r in 0..<rows { h[r] = KeyHash.int(UInt64(truncatingIfNeeded: Self.keyHash(c.value(at: r))), h[r]) }
            }
        }
        return h
    }

    /// Key equality: every NaN is one key (NaN != NaN would give each NaN row its own group).
    @inline(__always) private static func sameKey(_ a: Value, _ b: Value) -> Bool {
        a == b || (orderRank(a) == 1 && orderRank(b) == 1 && a.type == b.type)
    }

    @inline(__always) private static func keyHash(_ v: Value) -> Int { orderRank(v) == 1 ? 0x7FF8 : v.hashValue }

    @inline(__always) private static func int64Value(_ c: Column, _ r: Int) -> Int64? {
        if let v = c.validity, !v.isValid(r) { return nil }
        switch c.storage {
        case .long(let a), .datetime(let a), .timespan(let a): return a[r]
        case .int(let a): return Int64(a[r])
        case .bool(let a): return a[r] ? 1 : 0
        default: return nil
        }
    }

    @inline(__always) private func int64(_ c: Column, _ r: Int) -> Int64? { Self.int64Value(c, r) }

    private func equal(_ g: Int, _ keys: [Column], _ r: Int) -> Bool {
        for (j, c) in keys.enumerated() {
            switch kinds[j] {
            case .int64:
                let x = int64(c, r)
                if (x == nil) != !intValid[j][g] { return false }
                if let x, x != ints[j][g] { return false }
            case .string:
                let arr: StringArray, a: Range<Int>
                switch c.storage {
                case .string(let plain): arr = plain; a = plain.range(r)
                case .dictionary(let d): arr = d.dictionary; a = d.dictionary.range(Int(d.codes[r]))
                default: return false
                }
                let b = strings[j].range(g)
                guard a.count == b.count else { return false }
                if a.count > 0 {
                    let same = arr.bytes.withUnsafeBufferPointer { x in strings[j].bytes.withUnsafeBufferPointer { y in
                        memcmp(x.baseAddress! + a.lowerBound, y.baseAddress! + b.lowerBound, a.count) == 0 } }
                    if !same { return false }
                }
            case .value:
                if !Self.sameKey(c.value(at: r), values[j][g]) { return false }
            }
        }
        return true
    }

    private func append(_ keys: [Column], _ r: Int) {
        for (j, c) in keys.enumerated() {
            switch kinds[j] {
            case .int64:
                let x = int64(c, r)
                ints[j].append(x ?? 0); intValid[j].append(x != nil)
            case .string:
                switch c.storage {
                case .string(let arr): arr.withBytes(r) { strings[j].append(bytes: $0) }
                case .dictionary(let d): d.dictionary.withBytes(Int(d.codes[r])) { strings[j].append(bytes: $0) }
                default: break
                }
            case .value:
                values[j].append(c.value(at: r))
            }
        }
    }

    private func grow() { slots = rehashedSlots(hashes, count: slots.count * 2) }

    /// The stored keys as output columns, one per key, in group order.
    func keyColumns() -> [Column] {
        types.enumerated().map { j, t in
            switch kinds[j] {
            case .int64:
                let valid = intValid[j]
                let validity = valid.allSatisfy { $0 } ? nil : Validity.from(count: valid.count) { valid[$0] }
                switch t {
                case .int: return Column(.int(ints[j].map { Int32(truncatingIfNeeded: $0) }), validity: validity)
                case .bool: return Column(.bool(ints[j].map { $0 != 0 }), validity: validity)
                case .datetime: return Column(.datetime(ints[j]), validity: validity)
                case .timespan: return Column(.timespan(ints[j]), validity: validity)
                default: return Column(.long(ints[j]), validity: validity)
                }
            case .string:
                return Column(.string(strings[j]))
            case .value:
                var b = ColumnBuilder(type: t, capacity: values[j].count)
                for v in values[j] { b.append(v) }
                return b.finish()
            }
        }
    }
}
