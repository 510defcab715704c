/// JSON text ⇄ `DynamicValue`, as the engine needs for `dynamic` values and `parse_json`.
///
/// Parsing: integers that fit Int64 → `.long`, other numbers → `.real`, strings stay `.string`
/// (no datetime sniffing). Duplicate keys: the last value wins, at the first key's position.
/// Serializing: compact Kusto style (`{"a":1,"b":[true,null]}`), datetimes as
/// `"2024-01-01T00:00:00.0000000Z"`, reals in shortest round-trip form, longs without `.0`.
public enum JSON {
    /// Parses exactly one JSON value (surrounding whitespace allowed).
    public static func parse(_ text: String) throws -> DynamicValue {
        var text = text
        return try text.withUTF8 { try parse(bytes: $0) }
    }

    public static func parse(_ bytes: [UInt8]) throws -> DynamicValue {
        try bytes.withUnsafeBufferPointer { try parse(bytes: $0) }
    }

    public static func parse(bytes: UnsafeBufferPointer<UInt8>) throws -> DynamicValue {
        var s = JSONScanner(bytes)
        // A UTF-8 byte-order mark is tolerated at the very start.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { s.pos = 3 }
        let v = try s.parseValue()
        s.skipWhitespace()
        guard s.atEnd else { throw s.error("unexpected text after the JSON value") }
        return v
    }

    /// Whether `text` is exactly one well-formed JSON value, at any nesting depth (nothing is built).
    public static func isWellFormed(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var s = JSONScanner(bytes)
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { s.pos = 3 }
            s.maxDepth = .max
            guard (try? s.skipValue()) != nil else { return false }
            s.skipWhitespace()
            return s.atEnd
        }
    }

    /// Compact JSON text of a value.
    public static func serialize(_ value: DynamicValue) -> String {
        var out: [UInt8] = []
        write(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the compact JSON text of a value to `out`.
    public static func write(_ value: DynamicValue, into out: inout [UInt8]) {
        switch value {
        case .null: appendASCII("null", &out)
        case .bool(let b): appendASCII(b ? "true" : "false", &out)
        case .long(let v): appendInteger(v, &out)
        case .real(let d): appendReal(d, &out)
        case .string(let s): writeString(s, into: &out)
        case .datetime(let t): writeString(DateTime.format(t), into: &out)
        case .timespan(let t): writeString(TimeSpan.format(t), into: &out)
        case .guid(let g): writeString(g.description, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, v) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(v, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let bag):
            out.append(UInt8(ascii: "{"))
            for i in 0..<bag.count {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(bag.keys[i], into: &out)
                out.append(UInt8(ascii: ":"))
                write(bag.values[i], into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Appends a quoted, escaped JSON string.
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { writeString(bytes: $0, into: &out) }
    }

    /// Appends a quoted, escaped JSON string from UTF-8 bytes. Only `"`, `\` and control
    /// characters are escaped; non-ASCII text is written as is.
    public static func writeString(bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var runStart = 0
        for i in 0..<bytes.count {
            let c = bytes[i]
            guard c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") else { continue }
            if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
            runStart = i + 1
            out.append(UInt8(ascii: "\\"))
            switch c {
            case UInt8(ascii: "\""): out.append(c)
            case UInt8(ascii: "\\"): out.append(c)
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "t"))
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            default:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "u"), 48, 48, hex[Int(c >> 4)], hex[Int(c & 15)]])
            }
        }
        if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        out.append(UInt8(ascii: "\""))
    }

    static func appendASCII(_ s: StaticString, _ out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    static func appendInteger(_ v: Int64, _ out: inout [UInt8]) {
        if v >= 0, v < 10 { out.append(UInt8(v) + 48); return }
        var m = v.magnitude
        var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                  UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &tmp) { buf in
            repeat { buf[19 - n] = UInt8(m % 10) + 48; m /= 10; n += 1 } while m > 0
            if v < 0 { out.append(UInt8(ascii: "-")) }
            out.append(contentsOf: buf[(20 - n)...])
        }
    }

    /// Shortest round-trip text; whole numbers keep a `.0` (`1.0`), non-finite values are quoted
    /// (`"NaN"`, `"Infinity"`, `"-Infinity"`) since JSON has no literal for them.
    static func appendReal(_ d: Double, _ out: inout [UInt8]) {
        if d.isNaN { appendASCII("\"NaN\"", &out); return }
        if d.isInfinite { if d < 0 { appendASCII("\"-Infinity\"", &out) } else { appendASCII("\"Infinity\"", &out) }; return }
        out.append(contentsOf: d.description.utf8)
    }
}
