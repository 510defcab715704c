/// Approximate memory held by columns and batches, for result truncation (Kusto's 64 MB data
/// size limit) and per-query memory accounting. Payload bytes only: shared storage (a dictionary
/// shared by several batches, a copy-on-write array held twice) is counted each time it is seen.
extension Column {
    public var approximateBytes: Int {
        let payload: Int
        switch storage {
        case .bool(let a): payload = a.count
        case .int(let a): payload = a.count * 4
        case .long(let a), .datetime(let a), .timespan(let a): payload = a.count * 8
        case .real(let a): payload = a.count * 8
        case .decimal(let a): payload = a.count * 16
        case .string(let a): payload = a.bytes.count + a.offsets.count * 4
        case .dictionary(let d): payload = d.codes.count * 2 + d.dictionary.bytes.count + d.dictionary.offsets.count * 4
        case .guid(let a): payload = a.count * 16
        case .dynamic(let a): payload = a.reduce(0) { $0 + $1.approximateBytes }
        }
        return payload + (validity == nil ? 0 : (count + 7) / 8)
    }
}

extension Batch {
    public var approximateBytes: Int { columns.reduce(0) { $0 + $1.approximateBytes } }
}

extension Table {
    public var approximateBytes: Int { batches.reduce(0) { $0 + $1.approximateBytes } }
}

extension DynamicValue {
    /// A value's box plus its top-level payload (an array's or bag's slots, a string's bytes), not
    /// nested values': O(1), so that a column of large arrays (make-series, make_list) counts
    /// their length without a deep walk.
    public var approximateBytes: Int {
        switch self {
        case .array(let a): return 32 + a.count * 16
        case .object(let bag): return 32 + bag.count * 32
        case .string(let s): return 32 + s.utf8.count
        default: return 32
        }
    }
}
