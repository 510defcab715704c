import KQLColumns

private let hexDigits = Array("0123456789abcdef".utf8)

/// application/x-www-form-urlencoded: letters, digits and - _ . ! * ( ) stay; space is '+'; other bytes are %xx.
func urlEncode(_ s: String, space: [UInt8] = [UInt8(ascii: "+")]) -> String {
    var out: [UInt8] = []
    for b in s.utf8 {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "("), UInt8(ascii: ")"):
            out.append(b)
        case UInt8(ascii: " "): out += space
        default: out += [UInt8(ascii: "%"), hexDigits[Int(b >> 4)], hexDigits[Int(b & 15)]]
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// Decodes %xx escapes and '+' (space); malformed escapes stay as they are.
func urlDecode(_ s: String) -> String {
    let b = Array(s.utf8)
    var out: [UInt8] = []
    var i = 0
    func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 65...70: return c - 55
        case 97...102: return c - 87
        default: return nil
        }
    }
    while i < b.count {
        if b[i] == UInt8(ascii: "%"), i + 2 < b.count, let h = hex(b[i + 1]), let l = hex(b[i + 2]) {
            out.append(h << 4 | l); i += 3
        } else {
            out.append(b[i] == UInt8(ascii: "+") ? 32 : b[i]); i += 1
        }
    }
    return String(decoding: out, as: UTF8.self)
}

let urlEncodeFunction = rowFunction(
    "url_encode", fn([p("url", .type(.string))], .fixed(.string)), summary: "Percent-encodes a URL (spaces become '+').",
    kernel: { .string(urlEncode(kqlString($0[0]))) })

let urlDecodeFunction = rowFunction(
    "url_decode", fn([p("encoded_url", .type(.string))], .fixed(.string)), summary: "Decodes a percent-encoded URL ('+' becomes a space).",
    kernel: { .string(urlDecode(kqlString($0[0]))) })

/// url-encode-component-function.md: as url_encode, but a space becomes %20.
let urlEncodeComponentFunction = rowFunction(
    "url_encode_component", fn([p("url", .type(.string))], .fixed(.string)), summary: "Percent-encodes a URL component (spaces become '%20').",
    kernel: { .string(urlEncode(kqlString($0[0]), space: Array("%20".utf8))) })
