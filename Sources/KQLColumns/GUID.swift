/// A 128-bit GUID, stored as two words in the byte order of its canonical text form.
public struct GUID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) { self.high = high; self.low = low }

    /// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (hyphens optional, braces allowed).
    public init?(parsing text: Substring) {
        var digits: [UInt8] = []
        digits.reserveCapacity(32)
        var s = text.utf8[...]
        if s.first == UInt8(ascii: "{"), s.last == UInt8(ascii: "}") { s = s.dropFirst().dropLast() }
        for c in s {
            if c == UInt8(ascii: "-") { continue }
            guard let d = hexValue(c) else { return nil }
            digits.append(d)
        }
        guard digits.count == 32 else { return nil }
        var h: UInt64 = 0, l: UInt64 = 0
        for i in 0..<16 { h = h << 4 | UInt64(digits[i]) }
        for i in 16..<32 { l = l << 4 | UInt64(digits[i]) }
        high = h; low = l
    }

    public var description: String {
        func hex(_ v: UInt64, _ n: Int) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: n - s.count) + s
        }
        let a = hex(high >> 32, 8), b = hex((high >> 16) & 0xFFFF, 4), c = hex(high & 0xFFFF, 4)
        let d = hex(low >> 48, 4), e = hex(low & 0xFFFF_FFFF_FFFF, 12)
        return "\(a)-\(b)-\(c)-\(d)-\(e)"
    }

    public static func < (l: GUID, r: GUID) -> Bool { (l.high, l.low) < (r.high, r.low) }
}

@inline(__always) func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case 48...57: return c - 48
    case 97...102: return c - 87
    case 65...70: return c - 55
    default: return nil
    }
}
