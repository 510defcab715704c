import Foundation
import KQLColumns

/// A buffered binary file writer with byte-level formatting helpers (no String per field).
struct OutputBuffer {
    private(set) var bytes: [UInt8] = []
    private let handle: UnsafeMutablePointer<FILE>
    private let path: String
    private let flushAt = 1 << 20

    init(path: String) throws {
        guard let h = fopen(path, "wb") else {
            throw ReadError(file: path, line: 0, column: 0, message: "cannot open for writing")
        }
        handle = h
        self.path = path
        bytes.reserveCapacity(flushAt + 64 * 1024)
    }

    mutating func maybeFlush() throws { if bytes.count >= flushAt { try flush() } }

    mutating func flush() throws {
        guard !bytes.isEmpty else { return }
        let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, handle) }
        guard written == bytes.count else { throw ReadError(file: path, line: 0, column: 0, message: "write failed") }
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func close() throws {
        try flush()
        guard fclose(handle) == 0 else { throw ReadError(file: path, line: 0, column: 0, message: "close failed") }
    }

    @inline(__always) mutating func byte(_ b: UInt8) { bytes.append(b) }
    @inline(__always) mutating func ascii(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }
    @inline(__always) mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }
    @inline(__always) mutating func raw(_ b: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: b) }
    mutating func text(_ s: String) { bytes.append(contentsOf: s.utf8) }

    mutating func int(_ v: Int64) {
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        var m = v.magnitude
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes of digit space
        withUnsafeMutableBytes(of: &tmp) { d in
            var n = 0
            repeat { d[23 - n] = UInt8(m % 10) + 48; m /= 10; n += 1 } while m > 0
            bytes.append(contentsOf: d[(24 - n)...])
        }
    }

    /// `v` in exactly `width` digits (zero-padded).
    mutating func padded(_ v: Int, _ width: Int) {
        var div = 1
        for _ in 1..<width { div *= 10 }
        var x = v
        for _ in 0..<width { bytes.append(UInt8(x / div % 10) + 48); x %= div; div /= 10 }
    }

    /// `2025-05-02T08:01:13.4431207Z` (always 7 fractional digits, as Defender writes).
    mutating func datetime(_ ticks: Int64) {
        let day = ticks / DateTime.ticksPerDay
        let rem = ticks - day * DateTime.ticksPerDay
        let (y, mo, d) = DateTime.civil(days: day)
        padded(y, 4); byte(UInt8(ascii: "-")); padded(mo, 2); byte(UInt8(ascii: "-")); padded(d, 2)
        byte(UInt8(ascii: "T"))
        padded(Int(rem / DateTime.ticksPerHour), 2); byte(UInt8(ascii: ":"))
        padded(Int(rem % DateTime.ticksPerHour / DateTime.ticksPerMinute), 2); byte(UInt8(ascii: ":"))
        padded(Int(rem % DateTime.ticksPerMinute / DateTime.ticksPerSecond), 2); byte(UInt8(ascii: "."))
        padded(Int(rem % DateTime.ticksPerSecond), 7); byte(UInt8(ascii: "Z"))
    }

    /// A CSV field: quoted (quotes doubled) only when it holds `,` `"` or a line break.
    mutating func csvField(_ p: UnsafeBufferPointer<UInt8>) {
        var needs = false
        for c in p where c == UInt8(ascii: ",") || c == UInt8(ascii: "\"") || c == 0x0A || c == 0x0D { needs = true; break }
        guard needs else { bytes.append(contentsOf: p); return }
        bytes.append(UInt8(ascii: "\""))
        for c in p {
            if c == UInt8(ascii: "\"") { bytes.append(c) }
            bytes.append(c)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A quoted, escaped JSON string.
    mutating func jsonString(_ p: UnsafeBufferPointer<UInt8>) {
        JSON.writeString(bytes: p, into: &bytes)
    }
}
