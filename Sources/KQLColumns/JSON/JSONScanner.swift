/// A JSON syntax error at a byte offset of the input.
///
/// Line and column are computed only when asked for (`location(in:)`), so errors stay cheap.
public struct JSONError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Byte offset of the offending character (0-based).
    public var offset: Int
    public var message: String
    /// The input nests deeper than the scanner's `maxDepth` (well-formed or not beyond that point).
    public var tooDeep: Bool

    public init(offset: Int, message: String, tooDeep: Bool = false) { self.offset = offset; self.message = message; self.tooDeep = tooDeep }

    public var description: String { "JSON error at byte \(offset): \(message)" }

    /// 1-based line and character column of `offset` in `bytes` (columns count UTF-8 scalars, not bytes).
    public func location<C: Collection>(in bytes: C) -> (line: Int, column: Int) where C.Element == UInt8 {
        JSONError.lineColumn(offset: offset, in: bytes)
    }

    /// 1-based (line, column) of a byte offset; lines end at `\n`, columns count UTF-8 scalars.
    public static func lineColumn<C: Collection>(offset: Int, in bytes: C) -> (line: Int, column: Int) where C.Element == UInt8 {
        var line = 1, column = 1, i = 0
        for b in bytes {
            if i >= offset { break }
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return (line, column)
    }
}

/// A byte cursor over JSON text. `JSON.parse` is built on it; readers use it directly to walk
/// objects key by key and parse each value straight into a column without building a tree.
///
/// The buffer must outlive the scanner (it is only valid inside a `withUnsafeBufferPointer` scope).
public struct JSONScanner {
    public let bytes: UnsafeBufferPointer<UInt8>
    /// Current byte offset.
    public var pos: Int
    /// Nesting limit for `parseValue`/`skipValue`. Both walk with an explicit stack (no recursion),
    /// so any depth is safe to scan; the cap bounds what later recursive walks of the built value see.
    public var maxDepth = JSONScanner.defaultMaxDepth
    public static let defaultMaxDepth = 10_000

    public init(_ bytes: UnsafeBufferPointer<UInt8>, at pos: Int = 0) {
        self.bytes = bytes
        self.pos = pos
    }

    @inlinable public var atEnd: Bool { pos >= bytes.count }

    /// The byte at `pos`, or 0 at the end.
    @inlinable public var peek: UInt8 { pos < bytes.count ? bytes[pos] : 0 }

    @inlinable public mutating func skipWhitespace() {
        while pos < bytes.count {
            let c = bytes[pos]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { pos += 1 } else { break }
        }
    }

    public func error(_ message: String, at offset: Int? = nil) -> JSONError {
        JSONError(offset: offset ?? pos, message: message)
    }

    /// Consumes `c` (after whitespace) or throws.
    public mutating func expect(_ c: UInt8, _ what: String) throws {
        skipWhitespace()
        guard pos < bytes.count, bytes[pos] == c else {
            throw error(pos < bytes.count ? "expected \(what)" : "unexpected end of input, expected \(what)")
        }
        pos += 1
    }

    // MARK: - Objects

    /// Starts walking an object: consumes `{` and returns false if it is empty (`{}`).
    public mutating func beginObject() throws -> Bool {
        try expect(UInt8(ascii: "{"), "'{'")
        skipWhitespace()
        if peek == UInt8(ascii: "}") { pos += 1; return false }
        return true
    }

    /// After a member's value: consumes `,` (returns true, more members follow) or `}` (returns false).
    public mutating func nextMember() throws -> Bool {
        skipWhitespace()
        guard pos < bytes.count else { throw error("unexpected end of input in object, expected ',' or '}'") }
        switch bytes[pos] {
        case UInt8(ascii: ","): pos += 1; return true
        case UInt8(ascii: "}"): pos += 1; return false
        default: throw error("expected ',' or '}' in object")
        }
    }

    /// Reads a member key and the `:` after it. Returns the raw key byte range (inside the quotes)
    /// and whether it contains escapes (then decode it with `decodeString`).
    public mutating func readKey() throws -> (range: Range<Int>, escaped: Bool) {
        skipWhitespace()
        guard peek == UInt8(ascii: "\"") else { throw error(atEnd ? "unexpected end of input, expected a key" : "expected a string key") }
        let r = try scanString()
        try expect(UInt8(ascii: ":"), "':' after key")
        skipWhitespace()
        return r
    }

    // MARK: - Arrays

    /// Starts walking an array: consumes `[` and returns false if it is empty.
    public mutating func beginArray() throws -> Bool {
        try expect(UInt8(ascii: "["), "'['")
        skipWhitespace()
        if peek == UInt8(ascii: "]") { pos += 1; return false }
        return true
    }

    /// After an element: consumes `,` (true) or `]` (false).
    public mutating func nextElement() throws -> Bool {
        skipWhitespace()
        guard pos < bytes.count else { throw error("unexpected end of input in array, expected ',' or ']'") }
        switch bytes[pos] {
        case UInt8(ascii: ","): pos += 1; skipWhitespace(); return true
        case UInt8(ascii: "]"): pos += 1; return false
        default: throw error("expected ',' or ']' in array")
        }
    }

    // MARK: - Strings

    /// Scans a string starting at `"`; returns the byte range of its contents and whether it has escapes.
    /// Validates escapes and rejects raw control characters.
    public mutating func scanString() throws -> (range: Range<Int>, escaped: Bool) {
        let open = pos
        pos += 1
        let start = pos
        var escaped = false
        let n = bytes.count
        let base = UnsafeRawPointer(bytes.baseAddress!)
        while pos < n {
            // Skip 8 plain bytes at a time (no quote, backslash or control character).
            while pos &+ 8 <= n, !hasSpecialStringByte(base.loadUnaligned(fromByteOffset: pos, as: UInt64.self)) {
                pos &+= 8
            }
            guard pos < n else { break }
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") {
                let r = start..<pos
                pos += 1
                return (r, escaped)
            } else if c == UInt8(ascii: "\\") {
                escaped = true
                pos += 1
                guard pos < n else { break }
                switch bytes[pos] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                     UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    pos += 1
                case UInt8(ascii: "u"):
                    guard pos + 4 < n else { pos = n; break }
                    for k in 1...4 where hexValue(bytes[pos + k]) == nil {
                        throw error("invalid \\u escape", at: pos - 1)
                    }
                    pos += 5
                default:
                    throw error("invalid escape sequence", at: pos - 1)
                }
            } else if c < 0x20 {
                throw error("control character in string")
            } else {
                pos += 1
            }
        }
        throw error("unterminated string", at: open)
    }

    /// Appends the decoded UTF-8 of a scanned string range to `out`.
    /// The range must come from `scanString` (escapes already validated).
    public func decodeString(_ range: Range<Int>, escaped: Bool, into out: inout [UInt8]) {
        if !escaped {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
            return
        }
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let c = bytes[i]
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var u = hex4(i)
                i += 4
                if u >= 0xD800, u < 0xDC00, i + 6 <= end, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                    let lo = hex4(i + 2)
                    if lo >= 0xDC00, lo < 0xE000 {
                        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)
                        i += 6
                    }
                }
                if u >= 0xD800, u < 0xE000 { u = 0xFFFD }  // lone surrogate
                appendUTF8(UInt32(u), to: &out)
            default: out.append(e)  // " \ /
            }
        }
    }

    /// The decoded string of a scanned range.
    public func string(_ range: Range<Int>, escaped: Bool) -> String {
        if !escaped { return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        decodeString(range, escaped: true, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private func hex4(_ i: Int) -> Int {
        var v = 0
        for k in 0..<4 { v = v << 4 | Int(hexValue(bytes[i + k]) ?? 0) }
        return v
    }

    // MARK: - Numbers

    /// Scans a number per the JSON grammar; returns its byte range and whether it is an integer
    /// (no fraction, no exponent).
    public mutating func scanNumber() throws -> (range: Range<Int>, isInteger: Bool) {
        let start = pos
        let n = bytes.count
        var isInteger = true
        if pos < n, bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < n, isDigit(bytes[pos]) else { throw error("invalid number", at: start) }
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < n, isDigit(bytes[pos]) { throw error("leading zero in number", at: start) }
        } else {
            while pos < n, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < n, bytes[pos] == UInt8(ascii: ".") {
            isInteger = false
            pos += 1
            guard pos < n, isDigit(bytes[pos]) else { throw error("expected digits after '.'") }
            while pos < n, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < n, bytes[pos] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            pos += 1
            if pos < n, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < n, isDigit(bytes[pos]) else { throw error("expected digits in exponent") }
            while pos < n, isDigit(bytes[pos]) { pos += 1 }
        }
        return (start..<pos, isInteger)
    }

    // MARK: - Literals

    /// Consumes `true`, `false` or `null` at `pos`; returns the literal's first byte or throws.
    public mutating func scanLiteral() throws -> UInt8 {
        let c = peek
        let word: StaticString
        switch c {
        case UInt8(ascii: "t"): word = "true"
        case UInt8(ascii: "f"): word = "false"
        case UInt8(ascii: "n"): word = "null"
        default: throw error(atEnd ? "unexpected end of input, expected a value" : "unexpected character, expected a value")
        }
        let len = word.utf8CodeUnitCount
        guard pos + len <= bytes.count else { throw error("invalid literal") }
        let w = word.utf8Start
        for k in 0..<len where bytes[pos + k] != w[k] { throw error("invalid literal") }
        pos += len
        return c
    }
}

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }

/// Whether any byte of the word is `"`, `\` or below 0x20 (SWAR: exact, no false positives).
@inline(__always) func hasSpecialStringByte(_ w: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
    let q = w ^ (ones &* 0x22), b = w ^ (ones &* 0x5C)
    let zq = (q &- ones) & ~q, zb = (b &- ones) & ~b, lt = (w &- ones &* 0x20) & ~w
    return (zq | zb | lt) & highs != 0
}

@inline(__always) func appendUTF8(_ u: UInt32, to out: inout [UInt8]) {
    switch u {
    case 0..<0x80: out.append(UInt8(u))
    case 0x80..<0x800:
        out.append(UInt8(0xC0 | (u >> 6))); out.append(UInt8(0x80 | (u & 0x3F)))
    case 0x800..<0x10000:
        out.append(UInt8(0xE0 | (u >> 12))); out.append(UInt8(0x80 | ((u >> 6) & 0x3F))); out.append(UInt8(0x80 | (u & 0x3F)))
    default:
        out.append(UInt8(0xF0 | (u >> 18))); out.append(UInt8(0x80 | ((u >> 12) & 0x3F)))
        out.append(UInt8(0x80 | ((u >> 6) & 0x3F))); out.append(UInt8(0x80 | (u & 0x3F)))
    }
}
