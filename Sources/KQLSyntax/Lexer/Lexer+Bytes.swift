extension Lexer {
    /// Length of the well-formed UTF-8 sequence at `i` (1 for ASCII), or nil when the bytes there are
    /// not UTF-8 (a stray continuation byte, a truncated or overlong sequence, a surrogate).
    static func utf8Length(_ b: [UInt8], at i: Int) -> Int? {
        let c = b[i]
        if c < 0x80 { return 1 }
        let n: Int, low: UInt8, high: UInt8   // the second byte's range excludes overlongs and surrogates
        switch c {
        case 0xC2...0xDF: n = 2; low = 0x80; high = 0xBF
        case 0xE0: n = 3; low = 0xA0; high = 0xBF
        case 0xE1...0xEC, 0xEE...0xEF: n = 3; low = 0x80; high = 0xBF
        case 0xED: n = 3; low = 0x80; high = 0x9F
        case 0xF0: n = 4; low = 0x90; high = 0xBF
        case 0xF1...0xF3: n = 4; low = 0x80; high = 0xBF
        case 0xF4: n = 4; low = 0x80; high = 0x8F
        default: return nil
        }
        guard i + n <= b.count, b[i + 1] >= low, b[i + 1] <= high else { return nil }
        for k in 2..<n where b[i + k] & 0xC0 != 0x80 { return nil }
        return n
    }

    /// Reports every byte that is not part of well-formed UTF-8, wherever it is (a string literal, a
    /// comment, between tokens): the text would otherwise be read with U+FFFD in its place. Only
    /// query text read as bytes can have them (`SourceText(bytes:)`); a Swift `String` cannot.
    mutating func reportInvalidUTF8() {
        var j = 0, reported = 0
        while j < b.count {
            if b[j] < 0x80 { j += 1; continue }
            if let n = Lexer.utf8Length(b, at: j) { j += n; continue }
            if reported < 20 {
                error(.invalidUTF8, "invalid UTF-8: byte 0x\(Lexer.hex(b[j])) is not part of a UTF-8 character", j, j + 1)
            }
            reported += 1
            j += 1
        }
    }

    /// A character for a message: control bytes escaped (`\0`, `\x1b`, `\x7f`), others as they are.
    static func shown(_ bytes: ArraySlice<UInt8>) -> String {
        if bytes.count == 1, let c = bytes.first, c < 0x20 || c == 0x7F {
            return c == 0 ? "\\0" : "\\x\(hex(c))"
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func hex(_ c: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(c >> 4)], digits[Int(c & 15)]])
    }
}
