/// A validity bitmap: bit i set means row i holds a value; clear means null.
/// Columns with no nulls carry no bitmap at all (`nil`), so the common case costs nothing.
public struct Validity: Hashable, Sendable {
    public var words: [UInt64]
    public var count: Int

    public init(count: Int, allValid: Bool) {
        self.count = count
        let n = (count + 63) >> 6
        words = [UInt64](repeating: allValid ? ~0 : 0, count: n)
        if allValid, count & 63 != 0, n > 0 { words[n - 1] = (1 << UInt64(count & 63)) - 1 }
    }

    @inlinable public func isValid(_ i: Int) -> Bool { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }

    @inlinable public mutating func set(_ i: Int, _ valid: Bool) {
        if valid { words[i >> 6] |= (1 << UInt64(i & 63)) } else { words[i >> 6] &= ~(1 << UInt64(i & 63)) }
    }

    public mutating func append(_ valid: Bool) {
        if count & 63 == 0 { words.append(0) }
        if valid { words[count >> 6] |= (1 << UInt64(count & 63)) }
        count += 1
    }

    public var nullCount: Int { count - words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// Bitwise AND of two optional bitmaps (nil = all valid).
    public static func and(_ a: Validity?, _ b: Validity?) -> Validity? {
        guard let a else { return b }
        guard let b else { return a }
        var r = a
        for i in 0..<r.words.count { r.words[i] &= b.words[i] }
        return r
    }

    /// Builds a bitmap from a predicate, returning nil when every row is valid.
    public static func from(count: Int, _ isValid: (Int) -> Bool) -> Validity? {
        var v = Validity(count: count, allValid: true)
        var any = false
        for i in 0..<count where !isValid(i) { v.set(i, false); any = true }
        return any ? v : nil
    }
}
