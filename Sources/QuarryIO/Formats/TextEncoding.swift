import Foundation

/// Input text must be UTF-8. Like Kusto ingestion, Quarry refuses malformed UTF-8 rather than
/// silently replacing it: a replaced byte would make `==`/`has` silently miss, so the read fails
/// with the file, line and column of the first bad byte.
enum TextEncoding {
    /// Offset of the first byte that is not part of well-formed UTF-8 (RFC 3629: no overlongs,
    /// no surrogates, nothing above U+10FFFF), or nil when the whole buffer is valid.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return nil }
        var i = 0
        while i < n {
            // Fast path: 8 ASCII bytes at a time.
            if i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            let b0 = base[i]
            if b0 < 0x80 { i += 1; continue }
            let need: Int
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return i
            }
            guard i + need < n else { return i }
            let b1 = base[i + 1]
            guard b1 >= lo && b1 <= hi else { return i }
            var k = 2
            while k <= need {
                guard base[i + k] & 0xC0 == 0x80 else { return i }
                k += 1
            }
            i += need + 1
        }
        return nil
    }

    /// Whether every byte is ASCII (checked 8 bytes at a time).
    @inline(__always) static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            if UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < n { if base[i] >= 0x80 { return false }; i += 1 }
        return true
    }

    /// Throws a `ReadError` naming file, line and column of the first malformed UTF-8 byte.
    /// UTF-16 byte-order marks get a specific hint.
    static func requireUTF8(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws {
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            throw ReadError(file: file, line: 1, column: 1,
                            message: "file is UTF-16 (byte-order mark \(String(format: "%02X %02X", bytes[0], bytes[1]))); re-save it as UTF-8")
        }
        guard let bad = firstInvalidUTF8(bytes) else { return }
        let origin = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        var locator = LineLocator(bytes, origin: origin)
        let (line, column) = locator.locate(bad)
        throw ReadError(file: file, line: line, column: column,
                        message: "invalid UTF-8 (byte 0x\(String(format: "%02X", bytes[bad])) at offset \(bad)); Quarry reads UTF-8 text only")
    }
}
