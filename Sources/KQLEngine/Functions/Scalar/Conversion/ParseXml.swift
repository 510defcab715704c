import KQLColumns

/// parse_xml's conversion (parse-xml-function.md): `<e/>` → {"e": null}, `<e>text</e>` → {"e": "text"},
/// attributes as "@name", text next to attributes or elements as "#text", repeated child elements as
/// an array at the position of the first one. Only elements, attributes and text are translated
/// (comments, processing instructions, the declaration, DOCTYPE and CDATA sections are skipped);
/// text is trimmed of surrounding whitespace and whitespace-only text is dropped, as the doc's table
/// shows. Invalid XML, input over 1 MB (1,048,576 bytes), an entity other than the five predefined
/// ones and character references, and elements nested deeper than `maxDepth` give null.
/// The parser is iterative (an explicit stack), so hostile nesting cannot overflow the call stack.
enum XMLToDynamic {
    static let maxInputBytes = 1_048_576
    /// Element nesting cap (each level is up to two dynamic levels: a bag and an array).
    static let maxDepth = 5_000

    private struct Frame {
        var name: String
        var attributes: [(String, DynamicValue)]
        var children: [(String, DynamicValue)] = []
    }

    static func convert(_ text: String) -> DynamicValue {
        let bytes = Array(text.utf8)
        guard bytes.count <= maxInputBytes else { return .null }
        var parser = Parser(bytes: bytes)
        return parser.document() ?? .null
    }

    /// An element's value: null when empty, its text when that is all it has, else a bag.
    private static func value(of f: Frame) -> DynamicValue {
        if f.attributes.isEmpty {
            if f.children.isEmpty { return .null }
            if f.children.count == 1, f.children[0].0 == "#text" { return f.children[0].1 }
        }
        var keys: [String] = []
        var groups: [String: [DynamicValue]] = [:]
        for (k, v) in f.attributes { keys.append(k); groups[k] = [v] }
        for (k, v) in f.children {
            if groups[k] == nil { keys.append(k); groups[k] = [v] } else { groups[k]?.append(v) }
        }
        let values: [DynamicValue] = keys.map { k in
            let g = groups[k] ?? []
            return g.count == 1 ? g[0] : .array(g)
        }
        return .object(PropertyBag(uniqueKeys: keys, values: values))
    }

    private struct Parser {
        let bytes: [UInt8]
        var pos = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func document() -> DynamicValue? {
            // Prolog: whitespace, declaration, processing instructions, comments, DOCTYPE.
            guard skipMisc(allowDoctype: true) else { return nil }
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "<") else { return nil }
            guard let root = element() else { return nil }
            guard skipMisc(allowDoctype: false), pos == bytes.count else { return nil }
            return root
        }

        /// Skips whitespace, comments and processing instructions (and one DOCTYPE when allowed).
        mutating func skipMisc(allowDoctype: Bool) -> Bool {
            while true {
                skipSpace()
                if startsWith("<?") { guard skip(past: "?>") else { return false }; continue }
                if startsWith("<!--") { guard skip(past: "-->") else { return false }; continue }
                if allowDoctype, startsWith("<!DOCTYPE") { guard skipDoctype() else { return false }; continue }
                return true
            }
        }

        enum OpenResult { case invalid, selfClosed(String, DynamicValue), opened }

        /// Reads a start tag (`pos` just past '<'): a self-closed element's value, or its frame pushed.
        mutating func openTag(_ stack: inout [Frame]) -> OpenResult {
            guard let name = name() else { return .invalid }
            var attrs: [(String, DynamicValue)] = []
            var seen = Set<String>()
            while true {
                let hadSpace = skipSpace()
                guard pos < bytes.count else { return .invalid }
                if bytes[pos] == UInt8(ascii: "/") {
                    guard startsWith("/>") else { return .invalid }
                    pos += 2
                    return .selfClosed(name, XMLToDynamic.value(of: Frame(name: name, attributes: attrs)))
                }
                if bytes[pos] == UInt8(ascii: ">") {
                    pos += 1
                    guard stack.count < XMLToDynamic.maxDepth else { return .invalid }
                    stack.append(Frame(name: name, attributes: attrs))
                    return .opened
                }
                guard hadSpace, let an = self.name() else { return .invalid }
                skipSpace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: "=") else { return .invalid }
                pos += 1
                skipSpace()
                guard let av = attributeValue(), seen.insert(an).inserted else { return .invalid }
                attrs.append(("@" + an, .string(av)))
            }
        }

        /// The root element and everything inside it, iteratively.
        mutating func element() -> DynamicValue? {
            var stack: [Frame] = []
            pos += 1   // past the root's '<'
            switch openTag(&stack) {
            case .invalid: return nil
            case .selfClosed(let name, let v): return .object(PropertyBag(uniqueKeys: [name], values: [v]))
            case .opened: break
            }
            while pos < bytes.count {
                if bytes[pos] != UInt8(ascii: "<") {
                    guard let t = text(), !stack.isEmpty else { return nil }
                    if !t.isEmpty { stack[stack.count - 1].children.append(("#text", .string(t))) }
                    continue
                }
                if startsWith("<!--") { guard skip(past: "-->") else { return nil }; continue }
                if startsWith("<![CDATA[") { guard skip(past: "]]>") else { return nil }; continue }
                if startsWith("<?") { guard skip(past: "?>") else { return nil }; continue }
                if startsWith("</") {
                    pos += 2
                    guard let name = self.name(), let top = stack.last, top.name == name else { return nil }
                    skipSpace()
                    guard pos < bytes.count, bytes[pos] == UInt8(ascii: ">") else { return nil }
                    pos += 1
                    stack.removeLast()
                    let v = XMLToDynamic.value(of: top)
                    if stack.isEmpty { return .object(PropertyBag(uniqueKeys: [name], values: [v])) }
                    stack[stack.count - 1].children.append((name, v))
                    continue
                }
                pos += 1
                switch openTag(&stack) {
                case .invalid: return nil
                case .selfClosed(let name, let v):
                    guard !stack.isEmpty else { return nil }
                    stack[stack.count - 1].children.append((name, v))
                case .opened: break
                }
            }
            return nil   // unclosed elements
        }

        static func isNameStart(_ c: UInt8) -> Bool {
            (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "_") || c == UInt8(ascii: ":") || c >= 0x80
        }
        static func isNameChar(_ c: UInt8) -> Bool {
            isNameStart(c) || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
        }

        /// An XML name at `pos`, or nil.
        mutating func name() -> String? {
            guard pos < bytes.count, Parser.isNameStart(bytes[pos]) else { return nil }
            let start = pos
            while pos < bytes.count, Parser.isNameChar(bytes[pos]) { pos += 1 }
            return String(decoding: bytes[start..<pos], as: UTF8.self)
        }

        /// A quoted attribute value, entities decoded, tabs and line breaks normalized to spaces.
        mutating func attributeValue() -> String? {
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") || bytes[pos] == UInt8(ascii: "'") else { return nil }
            let quote = bytes[pos]
            pos += 1
            let start = pos
            while pos < bytes.count, bytes[pos] != quote {
                if bytes[pos] == UInt8(ascii: "<") { return nil }
                pos += 1
            }
            guard pos < bytes.count else { return nil }
            let raw = bytes[start..<pos]
            pos += 1
            guard let decoded = Parser.decode(raw, attribute: true) else { return nil }
            return decoded
        }

        /// Character data up to the next '<', decoded and trimmed ("" when whitespace only).
        mutating func text() -> String? {
            let start = pos
            while pos < bytes.count, bytes[pos] != UInt8(ascii: "<") { pos += 1 }
            guard let s = Parser.decode(bytes[start..<pos], attribute: false) else { return nil }
            return trimXMLSpace(s)
        }

        func trimXMLSpace(_ s: String) -> String {
            let u = Array(s.utf8)
            var a = 0, b = u.count
            while a < b, Parser.isSpace(u[a]) { a += 1 }
            while b > a, Parser.isSpace(u[b - 1]) { b -= 1 }
            return a == 0 && b == u.count ? s : String(decoding: u[a..<b], as: UTF8.self)
        }

        /// Decodes the five predefined entities and character references; nil for any other '&'.
        static func decode(_ raw: ArraySlice<UInt8>, attribute: Bool) -> String? {
            var out: [UInt8] = []
            out.reserveCapacity(raw.count)
            var i = raw.startIndex
            while i < raw.endIndex {
                let c = raw[i]
                if c == UInt8(ascii: "&") {
                    guard let semi = raw[i...].firstIndex(of: UInt8(ascii: ";")), semi - i <= 12 else { return nil }
                    let ent = String(decoding: raw[(i + 1)..<semi], as: UTF8.self)
                    var scalar: Unicode.Scalar?
                    switch ent {
                    case "lt": scalar = "<"
                    case "gt": scalar = ">"
                    case "amp": scalar = "&"
                    case "quot": scalar = "\""
                    case "apos": scalar = "'"
                    default:
                        if ent.hasPrefix("#x"), let v = UInt32(ent.dropFirst(2), radix: 16) { scalar = Unicode.Scalar(v) }
                        else if ent.hasPrefix("#"), ent.count > 1, ent.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }),
                                let v = UInt32(ent.dropFirst()) { scalar = Unicode.Scalar(v) }
                    }
                    guard let s = scalar, s.value != 0 else { return nil }
                    out.append(contentsOf: Array(String(Character(s)).utf8))
                    i = semi + 1
                    continue
                }
                if c == UInt8(ascii: "\r") {
                    // Line ends are normalized to \n (\r\n and a lone \r).
                    if i + 1 < raw.endIndex, raw[i + 1] == UInt8(ascii: "\n") { i += 1 }
                    out.append(attribute ? UInt8(ascii: " ") : UInt8(ascii: "\n"))
                } else if attribute && (c == UInt8(ascii: "\n") || c == UInt8(ascii: "\t")) {
                    out.append(UInt8(ascii: " "))
                } else {
                    out.append(c)
                }
                i += 1
            }
            return String(decoding: out, as: UTF8.self)
        }

        static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

        @discardableResult mutating func skipSpace() -> Bool {
            let start = pos
            while pos < bytes.count, Parser.isSpace(bytes[pos]) { pos += 1 }
            return pos > start
        }

        func startsWith(_ s: StaticString) -> Bool {
            let n = s.utf8CodeUnitCount
            guard pos + n <= bytes.count else { return false }
            let p = s.utf8Start
            for k in 0..<n where bytes[pos + k] != p[k] { return false }
            return true
        }

        /// Moves past the next occurrence of `end`; false when there is none.
        mutating func skip(past end: StaticString) -> Bool {
            while pos < bytes.count {
                if startsWith(end) { pos += end.utf8CodeUnitCount; return true }
                pos += 1
            }
            return false
        }

        /// `<!DOCTYPE …>` with an optional `[ … ]` internal subset (skipped; its entities are not defined).
        mutating func skipDoctype() -> Bool {
            var inSubset = false
            var quote: UInt8? = nil
            while pos < bytes.count {
                let c = bytes[pos]
                pos += 1
                if let q = quote { if c == q { quote = nil }; continue }
                switch c {
                case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = c
                case UInt8(ascii: "["): inSubset = true
                case UInt8(ascii: "]"): inSubset = false
                case UInt8(ascii: ">") where !inSubset: return true
                default: break
                }
            }
            return false
        }
    }
}

let parseXmlFunction = rowFunction(
    "parse_xml", fn([p("xml", .type(.string))], .fixed(.dynamic)),
    summary: "Interprets an XML string as dynamic: attributes as \"@name\", text as \"#text\", repeated elements as arrays; null when invalid or over 1 MB.",
    kernel: { args in
        guard case .string(let s) = args[0] else { return .dynamic(.null) }
        return .dynamic(XMLToDynamic.convert(s))
    })
