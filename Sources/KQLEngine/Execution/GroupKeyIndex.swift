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
        let keys = keyColumns.map(\.plain)
        var out = [Int32](repeating: 0, count: rows)
        if keys.isEmpty {
            if hashes.isEmpty { hashes.append(0); }
            return out
        }
        let h = Self.rowHashes(keys, kinds: kinds, rows: rows)
        for r in 0..<rows {
            let hr = h[r]
            var mask = slots.count - 1
            var s = Int(truncatingIfNeeded: hr) & mask
            var found: Int32 = -1
            while true {
                let g = slots[s]
                if g < 0 { break }
                if hashes[Int(g)] == hr, equal(Int(g), keys, r) { found = g; break }
                s = (s + 1) & mask
            }
            if found < 0 {
                found = Int32(hashes.count)
                hashes.append(hr)
                append(keys, r)
                slots[s] = found
                if hashes.count * 2 > slots.count { grow(); mask = slots.count - 1 }
            }
            out[r] = found
        }
        return out
    }

    /// Per-row hashes of the key tuple (strings by bytes, integers by value, others via Value).
    static func rowHashes(_ keys: [Column], types: [KQLType], rows: Int) -> [UInt64] {
        rowHashes(keys.map(\.plain), kinds: types.map(kind), rows: rows)
    }

    private static func kind(_ t: KQLType) -> Kind {
        switch t {
        case .int, .long, .datetime, .timespan, .bool: return .int64
        case .string: return .string
        default: return .value
        }
    }

    private static func rowHashes(_ keys: [Column], kinds: [Kind], rows: Int) -> [UInt64] {
        var h = [UInt64](repeating: 0x243F_6A88_85A3_08D3, count: rows)
        for (j, c) in keys.enumerated() {
            switch (kinds[j], c.storage) {
            case (.string, .string(let arr)):
                arr.bytes.withUnsafeBufferPointer { bytes in
                    for r in 0..<rows {
                        let s = Int(arr.offsets[r]), e = Int(arr.offsets[r + 1])
                        h[r] = KeyHash.bytes(UnsafeBufferPointer(rebasing: bytes[s..<e]), h[r])
                    }
                }
            case (.int64, _):
                for r in 0..<rows { h[r] = KeyHash.int(UInt64(bitPattern: int64Value(c, r) ?? Int64.min), h[r]) }
            default:
                for r in 0..<rows { h[r] = KeyHash.int(UInt64(truncatingIfNeeded: c.value(at: r).hashValue), h[r]) }
            }
        }
        return h
    }

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
                guard case .string(let arr) = c.storage else { return false }
                let a = arr.range(r), b = strings[j].range(g)
                guard a.count == b.count else { return false }
                if a.count > 0 {
                    let same = arr.bytes.withUnsafeBufferPointer { x in strings[j].bytes.withUnsafeBufferPointer { y in
                        memcmp(x.baseAddress! + a.lowerBound, y.baseAddress! + b.lowerBound, a.count) == 0 } }
                    if !same { return false }
                }
            case .value:
                if c.value(at: r) != values[j][g] { return false }
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
                if case .string(let arr) = c.storage { arr.withBytes(r) { strings[j].append(bytes: $0) } }
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
