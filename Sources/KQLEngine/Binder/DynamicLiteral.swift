import KQLColumns

/// Parses the text of a `dynamic(...)` literal: JSON, plus what KQL also allows there —
/// single-quoted strings, verbatim strings (`@"C:\Windows"`: backslash is literal, a doubled quote
/// is one quote), multi-line strings (```` ``` ````), obfuscated strings (`h"…"`, `h@"…"`: the same value), adjacent strings
/// concatenated, typed literals such as `datetime(1970-05-11)` or `timespan(1d)`, and bare
/// timespan literals (`1h`).
func parseDynamicLiteral(_ text: String) -> DynamicValue? {
    var p = DynamicLiteralParser(bytes: Array(text.utf8))
    guard let v = p.value() else { return nil }
    p.skipSpace()
    return p.i == p.bytes.count ? v : nil
}

private struct DynamicLiteralParser {
    let bytes: [UInt8]
    var i = 0

    /// Skips white space and `//` comments, which KQL allows inside dynamic literals.
    mutating func skipSpace() {
        while i < bytes.count {
            if bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 { i += 1; continue }
            if bytes[i] == UInt8(ascii: "/"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "/") {
                while i < bytes.count, bytes[i] != 10 { i += 1 }
                continue
            }
            break
        }
    }

    mutating func value() -> DynamicValue? {
        skipSpace()
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "["):
            i += 1
            var items: [DynamicValue] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                guard let v = value() else { return nil }
                items.append(v)
                skipSpace()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                return nil
            }
        case UInt8(ascii: "{"):
            i += 1
            var bag = PropertyBag()
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(bag) }
            while true {
                skipSpace()
                guard let k = string() else { return nil }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                guard let v = value() else { return nil }
                bag[k] = v
                skipSpace()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(bag) }
                return nil
            }
        case _ where atString:
            // Adjacent string literals concatenate, as elsewhere in KQL.
            guard var s = string() else { return nil }
            while true {
                let save = i
                skipSpace()
                guard atString, let next = string() else { i = save; break }
                s += next
            }
            return .string(s)
        default:
            return scalarWord()
        }
    }

    private func isQuote(_ at: Int) -> Bool {
        at < bytes.count && (bytes[at] == UInt8(ascii: "\"") || bytes[at] == UInt8(ascii: "'"))
    }

    /// Whether a string literal starts here: a quote, `@` + quote, or `h`/`H` + either.
    var atString: Bool {
        guard i < bytes.count else { return false }
        var j = i
        if bytes[j] == UInt8(ascii: "h") || bytes[j] == UInt8(ascii: "H") { j += 1 }
        if j < bytes.count, bytes[j] == UInt8(ascii: "@") { j += 1 }
        return isQuote(j) || isTripleBacktick(i)
    }

    /// A multi-line string literal (```` ```text``` ````) starts here.
    private func isTripleBacktick(_ at: Int) -> Bool {
        at + 2 < bytes.count && bytes[at] == UInt8(ascii: "`") && bytes[at + 1] == UInt8(ascii: "`") && bytes[at + 2] == UInt8(ascii: "`")
    }

    /// A string: JSON or single-quoted with JSON escapes, or verbatim (`@"…"`), optionally
    /// obfuscated (`h` prefix, which changes nothing in the value).
    mutating func string() -> String? {
        guard i < bytes.count else { return nil }
        if isTripleBacktick(i) {
            // string-literals (scalar-data-types/string.md): the text up to the next ``` , verbatim
            var k = i + 3
            while k < bytes.count, !isTripleBacktick(k) { k += 1 }
            guard k < bytes.count else { return nil }
            let text = String(decoding: bytes[(i + 3)..<k], as: UTF8.self)
            i = k + 3
            return text
        }
        if bytes[i] == UInt8(ascii: "h") || bytes[i] == UInt8(ascii: "H"), isQuote(i + 1) || (i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "@") && isQuote(i + 2)) { i += 1 }
        if bytes[i] == UInt8(ascii: "@"), isQuote(i + 1) {
            let quote = bytes[i + 1]
            i += 2
            var out: [UInt8] = []
            while i < bytes.count {
                if bytes[i] == quote {
                    if i + 1 < bytes.count, bytes[i + 1] == quote { out.append(quote); i += 2; continue }
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                out.append(bytes[i]); i += 1
            }
            return nil
        }
        let quote = bytes[i]
        guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
        var raw: [UInt8] = [UInt8(ascii: "\"")]
        i += 1
        while i < bytes.count, bytes[i] != quote {
            if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count {
                if bytes[i + 1] == UInt8(ascii: "'") { raw.append(UInt8(ascii: "'")); i += 2; continue }
                raw.append(bytes[i]); raw.append(bytes[i + 1]); i += 2; continue
            }
            if bytes[i] == UInt8(ascii: "\"") { raw.append(UInt8(ascii: "\\")) }
            raw.append(bytes[i]); i += 1
        }
        guard i < bytes.count else { return nil }
        i += 1
        raw.append(UInt8(ascii: "\""))
        if case .string(let s)? = try? JSON.parse(raw) { return s }
        return nil
    }

    /// A number, true/false/null, or a typed literal `name(text)`.
    mutating func scalarWord() -> DynamicValue? {
        let start = i
        while i < bytes.count, !(bytes[i] == UInt8(ascii: ",") || bytes[i] == UInt8(ascii: "]") || bytes[i] == UInt8(ascii: "}")
                                  || bytes[i] == UInt8(ascii: "(") || bytes[i] == 32 || bytes[i] == 10 || bytes[i] == 13 || bytes[i] == 9) { i += 1 }
        let word = String(decoding: bytes[start..<i], as: UTF8.self)
        if i < bytes.count, bytes[i] == UInt8(ascii: "(") {
            let open = i
            var depth = 0
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "(") { depth += 1 }
                if bytes[i] == UInt8(ascii: ")") { depth -= 1; if depth == 0 { break } }
                i += 1
            }
            guard i < bytes.count, let type = KQLType(name: word) else { return nil }
            let inner = String(decoding: bytes[(open + 1)..<i], as: UTF8.self)
            i += 1
            guard let v = parseTypedLiteral(type, inner) else { return nil }
            return toDynamic(v)
        }
        switch word {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default:
            if let x = Int64(word) { return .long(x) }
            if let x = Double(word) { return .real(x) }
            // A timespan literal (`dynamic([1h, 4h, 1d])`, funnel-sequence-completion-plugin.md).
            if let first = word.utf8.first, first >= 48, first <= 57, case .timespan(let t)? = parseTypedLiteral(.timespan, word) {
                return .timespan(t)
            }
            return nil
        }
    }
}
