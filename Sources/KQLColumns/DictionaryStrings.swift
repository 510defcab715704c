/// A dictionary-coded string column: row i holds `dictionary[codes[i]]`. Readers choose it for
/// low-cardinality columns (DeviceName, ActionType, ...): it is smaller, and `==` with a
/// constant becomes one dictionary lookup plus an integer compare per row.
public struct DictionaryStrings: Sendable {
    /// One code per row (a batch holds at most 65,536 distinct strings, so two bytes a row).
    public var codes: [UInt16]
    public var dictionary: StringArray

    public init(codes: [UInt16], dictionary: StringArray) { self.codes = codes; self.dictionary = dictionary }

    @inlinable public var count: Int { codes.count }

    /// The plain form (bytes + offsets), for kernels that have no dictionary path.
    public func decoded() -> StringArray {
        var out = StringArray(reservingRows: codes.count, bytes: codes.count * 8)
        dictionary.bytes.withUnsafeBufferPointer { b in
            for c in codes {
                let r = dictionary.range(Int(c))
                out.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: b[r]))
                out.offsets.append(Int32(out.bytes.count))
            }
        }
        return out
    }
}
