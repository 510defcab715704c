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
    /// With `mapped` (the mapping `bytes` lies in), the file is checked in chunks on all cores and
    /// each chunk's pages are released once checked, so the check does not make the whole file
    /// resident.
    static func requireUTF8(_ bytes: UnsafeBufferPointer<UInt8>, file: String, mapped: MappedFile? = nil) throws {
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            throw ReadError(file: file, line: 1, column: 1,
                            message: "file is UTF-16 (byte-order mark \(String(format: "%02X %02X", bytes[0], bytes[1]))); re-save it as UTF-8")
        }
        guard let bad = mapped == nil ? firstInvalidUTF8(bytes) : firstInvalidUTF8InChunks(bytes, mapped: mapped!) else { return }
        throw invalidUTF8Error(bytes, at: bad, file: file)
    }

    /// The error for the malformed byte at `bad` of the file `bytes`, located by line and column.
    static func invalidUTF8Error(_ bytes: UnsafeBufferPointer<UInt8>, at bad: Int, file: String) -> ReadError {
        let origin = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        var locator = LineLocator(bytes, origin: origin)
        let (line, column) = locator.locate(bad)
        let byte = bad < bytes.count ? String(format: "%02X", bytes[bad]) : "??"
        return ReadError(file: file, line: line, column: column,
                         message: "invalid UTF-8 (byte 0x\(byte) at offset \(bad)); Quarry reads UTF-8 text only")
    }

    static let chunkBytes = 32 << 20

    /// `firstInvalidUTF8` over chunks cut before a byte that starts a character (so no sequence is
    /// split), checked concurrently and released from the mapping as they are done.
    static func firstInvalidUTF8InChunks(_ bytes: UnsafeBufferPointer<UInt8>, mapped: MappedFile, chunkBytes: Int = chunkBytes) -> Int? {
        let n = bytes.count
        var cuts = [0]
        while let last = cuts.last, last < n {
            var cut = min(n, last + chunkBytes)
            while cut < n, bytes[cut] & 0xC0 == 0x80 { cut += 1 }
            cuts.append(cut)
        }
        let chunks = cuts.count - 1
        let found = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(chunks, 1))
        found.initialize(repeating: Int.max)
        defer { found.deallocate() }
        DispatchQueue.concurrentPerform(iterations: chunks) { i in
            let lo = cuts[i], hi = cuts[i + 1]
            if let offset = firstInvalidUTF8(UnsafeBufferPointer(rebasing: bytes[lo..<hi])) { found[i] = lo + offset }
            mapped.release(lo..<hi)
        }
        let first = found.min() ?? Int.max
        return first == Int.max ? nil : first
    }
}
