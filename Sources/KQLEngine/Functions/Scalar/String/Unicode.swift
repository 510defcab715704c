import KQLColumns

let isasciiFunction = rowFunction(
    "isascii", fn([p("value", .type(.string))], .fixed(.bool)),
    summary: "Whether the string consists of ASCII characters only.", kernel: { args in
        guard case .string(let s) = args[0] else { return .null(.bool) }
        return .bool(s.utf8.allSatisfy { $0 < 0x80 })
    })

let unicodeCodepointsFromStringFunction = rowFunction(
    "unicode_codepoints_from_string", aliases: ["to_utf8"], fn([p("value", .type(.string))], .fixed(.dynamic)),
    summary: "The Unicode code points of the string's characters, as a dynamic array of longs.", kernel: { args in
        guard case .string(let s) = args[0] else { return .dynamic(.null) }
        return .dynamic(.array(s.unicodeScalars.map { .long(Int64($0.value)) }))
    })

let unicodeCodepointsToStringFunction = rowFunction(
    "unicode_codepoints_to_string", aliases: ["make_string"],
    [Overload([], repeating: Repeat(params: [p("values", .oneOf([.int, .long, .dynamic]))], min: 1, max: 64), .fixed(.string))],
    summary: "The string of the given Unicode code points (ints, longs or dynamic arrays of them, up to 64 arguments); null (\"\") if one is not a valid code point.",
    kernel: { args in
        var out = String.UnicodeScalarView()
        func add(_ v: DynamicValue) -> Bool {
            guard case .long(let x) = v, x >= 0, x <= 0x10FFFF, let u = Unicode.Scalar(UInt32(x)) else { return false }
            out.append(u)
            return true
        }
        for a in args {
            switch a {
            case .int(let x): guard add(.long(Int64(x))) else { return .string("") }
            case .long(let x): guard add(.long(x)) else { return .string("") }
            case .dynamic(.array(let elements)):
                for e in elements { guard add(e) else { return .string("") } }
            case .dynamic(let d): guard add(d) else { return .string("") }
            default: return .string("")
            }
        }
        return .string(String(out))
    })

/// isutf8 (isutf8-function.md): whether the value is valid UTF-8. Quarry's readers admit well-formed
/// UTF-8 only and every string Quarry builds is valid, so any value (taken as its tostring() text) is
/// true; the function exists so that queries using it run.
let isutf8Function = rowFunction(
    "isutf8", fn([p("value", .scalar)], .fixed(.bool)),
    summary: "Whether the value is a valid UTF-8 string (always true: Quarry holds strings as well-formed UTF-8).",
    kernel: { _ in .bool(true) })
