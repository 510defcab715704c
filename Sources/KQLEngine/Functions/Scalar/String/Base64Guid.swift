import KQLColumns

// base64_encode_fromguid, base64_decode_toguid (their pages) and base64_encode_fromarray
// (base64-encode-fromarray-function.md).
//
// A GUID's 16 bytes are in .NET's order (Guid.ToByteArray: the first three groups little-endian,
// the last two as written): that order gives the encode page's example, ae3133f2-6e22-49ae-b06a-…
// → "8jMxriJurkmwahbmqbIS6w==". The decode page's example prints 10e99626-bc2b-754c-… for bytes that
// in that order read 10e99626-bc2b-4c75-…; Quarry keeps one order both ways, so decoding what it
// encodes gives the GUID back. Decisions where the pages are silent: text that is not base64 or does
// not decode to exactly 16 bytes gives a null GUID; an array element that is not an integer 0…255,
// or an argument that is not an array, makes base64_encode_fromarray "" (Kusto's strings are never
// null; the page's invalid-input example prints an empty cell).

/// A GUID's bytes in .NET's order.
func guidBytes(_ g: GUID) -> [UInt8] {
    var text: [UInt8] = []   // the 16 bytes as written in the canonical text
    for i in stride(from: 56, through: 0, by: -8) { text.append(UInt8(truncatingIfNeeded: g.high >> UInt64(i))) }
    for i in stride(from: 56, through: 0, by: -8) { text.append(UInt8(truncatingIfNeeded: g.low >> UInt64(i))) }
    return [text[3], text[2], text[1], text[0], text[5], text[4], text[7], text[6]] + text[8..<16]
}

/// The GUID of 16 bytes in .NET's order.
func guidFromBytes(_ b: [UInt8]) -> GUID? {
    guard b.count == 16 else { return nil }
    let text = [b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6]] + b[8..<16]
    var h: UInt64 = 0, l: UInt64 = 0
    for i in 0..<8 { h = h << 8 | UInt64(text[i]) }
    for i in 8..<16 { l = l << 8 | UInt64(text[i]) }
    return GUID(high: h, low: l)
}

let base64EncodeFromGuidFunction = rowFunction(
    "base64_encode_fromguid", fn([p("guid", .type(.guid))], .fixed(.string)),
    summary: "Encodes a GUID's 16 bytes (in .NET's byte order) as base64.", kernel: { args in
        guard case .guid(let g) = args[0] else { return .string("") }
        return .string(base64Encode(guidBytes(g)))
    })

let base64DecodeToGuidFunction = rowFunction(
    "base64_decode_toguid", fn([p("base64_string", .type(.string))], .fixed(.guid)),
    summary: "Decodes base64 of 16 bytes (in .NET's byte order) to a GUID; null when the text is not base64 of 16 bytes.", kernel: { args in
        guard let bytes = base64Decode(kqlString(args[0])), let g = guidFromBytes(bytes) else { return .null(.guid) }
        return .guid(g)
    })

let base64EncodeFromArrayFunction = rowFunction(
    "base64_encode_fromarray", fn([p("base64_string_decoded_as_a_byte_array", .type(.dynamic))], .fixed(.string)),
    summary: "Encodes an array of bytes (integers 0 to 255) as base64; empty when an element is not a byte.", kernel: { args in
        guard let a = dynamicArray(args[0]) else { return .string("") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(a.count)
        for e in a {
            guard case .long(let x) = e, (0...255).contains(x) else { return .string("") }
            bytes.append(UInt8(x))
        }
        return .string(base64Encode(bytes))
    })
