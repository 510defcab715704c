import KQLColumns

private let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

func base64Encode(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    var i = 0
    while i < bytes.count {
        let n = min(3, bytes.count - i)
        let b0 = bytes[i], b1 = n > 1 ? bytes[i + 1] : 0, b2 = n > 2 ? bytes[i + 2] : 0
        out.append(alphabet[Int(b0 >> 2)])
        out.append(alphabet[Int((b0 & 3) << 4 | b1 >> 4)])
        out.append(n > 1 ? alphabet[Int((b1 & 15) << 2 | b2 >> 6)] : UInt8(ascii: "="))
        out.append(n > 2 ? alphabet[Int(b2 & 63)] : UInt8(ascii: "="))
        i += 3
    }
    return String(decoding: out, as: UTF8.self)
}

/// Standard base64 with optional padding; nil on any other character. `padded` also requires what
/// .NET's `Convert.FromBase64String` requires: a length that is a multiple of 4 with `=` only at the end.
func base64Decode(_ s: String, padded: Bool = false) -> [UInt8]? {
    if padded {
        let text = s.utf8
        guard text.count % 4 == 0 else { return nil }
        let padding = text.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        guard padding <= 2, !text.dropLast(padding).contains(UInt8(ascii: "=")) else { return nil }
    }
    var vals: [UInt8] = []
    for c in s.utf8 {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): vals.append(c - 65)
        case UInt8(ascii: "a")...UInt8(ascii: "z"): vals.append(c - 71)
        case UInt8(ascii: "0")...UInt8(ascii: "9"): vals.append(c + 4)
        case UInt8(ascii: "+"): vals.append(62)
        case UInt8(ascii: "/"): vals.append(63)
        case UInt8(ascii: "="): continue
        default: return nil
        }
    }
    guard vals.count % 4 != 1 else { return nil }
    var out: [UInt8] = []
    var i = 0
    while i < vals.count {
        let n = min(4, vals.count - i)
        let v = (0..<4).map { $0 < n ? UInt32(vals[i + $0]) : 0 }
        let w = v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3]
        out.append(UInt8(w >> 16 & 255))
        if n > 2 { out.append(UInt8(w >> 8 & 255)) }
        if n > 3 { out.append(UInt8(w & 255)) }
        i += 4
    }
    return out
}

let base64EncodeToStringFunction = rowFunction(
    "base64_encode_tostring", aliases: ["base64_encodestring"], fn([p("string", .type(.string))], .fixed(.string)),
    summary: "Encodes a string's UTF-8 bytes as base64.", kernel: { .string(base64Encode(Array(kqlString($0[0]).utf8))) })

let base64DecodeToStringFunction = rowFunction(
    "base64_decode_tostring", aliases: ["base64_decodestring"], fn([p("base64_string", .type(.string))], .fixed(.string)),
    summary: "Decodes base64 to a UTF-8 string; empty when the input is not base64 or the bytes are not valid UTF-8.", kernel: { args in
        guard let bytes = base64Decode(kqlString(args[0])), let s = String(validating: bytes, as: UTF8.self) else { return .string("") }
        return .string(s)
    })

/// base64-decode-toarray-function.md: the decoded bytes as an array of longs. Text that is not base64 gives
/// null (the docs are silent), and so does text without its `=` padding: base64-encode-fromarray-function.md
/// decodes "U3RyaW5n0KHR0tGA0L7Rh9C60LA" (27 characters) to an array that encodes to "", which only
/// strict padding explains. base64_decode_tostring keeps accepting unpadded text: no page shows
/// otherwise, and hunts decode base64 cut out of command lines.
let base64DecodeToArrayFunction = rowFunction(
    "base64_decode_toarray", fn([p("base64_string", .type(.string))], .fixed(.dynamic)),
    summary: "Decodes base64 to a dynamic array of the bytes as longs; null when the input is not padded base64.", kernel: { args in
        guard let bytes = base64Decode(kqlString(args[0]), padded: true) else { return .dynamic(.null) }
        return .dynamic(.array(bytes.map { .long(Int64($0)) }))
    })
