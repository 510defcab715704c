/// Strings as one UTF-8 byte buffer plus offsets: string i is `bytes[offsets[i]..<offsets[i+1]]`.
public struct StringArray: Sendable {
    public var bytes: [UInt8]
    public var offsets: [Int32]

    public init() { bytes = []; offsets = [0] }
    public init(reservingRows rows: Int, bytes byteCount: Int) {
        bytes = []; bytes.reserveCapacity(byteCount)
        offsets = [0]; offsets.reserveCapacity(rows + 1)
    }
    public init(bytes: [UInt8], offsets: [Int32]) { self.bytes = bytes; self.offsets = offsets }
    public init<S: Sequence>(_ strings: S) where S.Element == String {
        self.init()
        for s in strings { append(s) }
    }

    @inlinable public var count: Int { offsets.count - 1 }

    @inlinable public func range(_ i: Int) -> Range<Int> { Int(offsets[i])..<Int(offsets[i + 1]) }

    @inlinable public func length(_ i: Int) -> Int { Int(offsets[i + 1] - offsets[i]) }

    public subscript(i: Int) -> String { String(decoding: bytes[range(i)], as: UTF8.self) }

    /// Calls `body` with the bytes of string i, without copying.
    @inlinable public func withBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let r = range(i)
        return try bytes.withUnsafeBufferPointer { buf in
            try body(UnsafeBufferPointer(rebasing: buf[r]))
        }
    }

    public mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
        offsets.append(Int32(bytes.count))
    }

    @inlinable public mutating func append(bytes b: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: b)
        offsets.append(Int32(bytes.count))
    }

    public mutating func append<C: Collection>(contentsOf b: C) where C.Element == UInt8 {
        bytes.append(contentsOf: b)
        offsets.append(Int32(bytes.count))
    }

    public mutating func appendEmpty() { offsets.append(Int32(bytes.count)) }

    /// Rows of `self` picked by `indices`, in that order.
    public func gather(_ indices: [Int]) -> StringArray {
        // Sizes first, then one allocation per buffer and plain copies (short strings dominate:
        // a per-row append would cost more in bookkeeping than in bytes moved).
        offsets.withUnsafeBufferPointer { off in
            var total = 0
            for i in indices { total += Int(off[i + 1] &- off[i]) }
            let newOffsets = [Int32](unsafeUninitializedCapacity: indices.count + 1) { o, n in
                var at: Int32 = 0
                o[0] = 0
                for (k, i) in indices.enumerated() {
                    at &+= off[i + 1] &- off[i]
                    o[k + 1] = at
                }
                n = indices.count + 1
            }
            let newBytes = bytes.withUnsafeBufferPointer { src in
                [UInt8](unsafeUninitializedCapacity: total) { dst, n in
                    var at = 0
                    for i in indices {
                        let lo = Int(off[i]), len = Int(off[i + 1] &- off[i])
                        if len > 0 { (dst.baseAddress! + at).initialize(from: src.baseAddress! + lo, count: len) }
                        at += len
                    }
                    n = total
                }
            }
            return StringArray(bytes: newBytes, offsets: newOffsets)
        }
    }
}
