extension Parser {
    func intLiteral(_ t: Token) -> Literal {
        let s = src[t.start..<t.end]
        if s.count > 2 && (s[t.start + 1] == 120 || s[t.start + 1] == 88) {
            var v: UInt64 = 0
            for c in s.dropFirst(2) {
                let d = UInt64(hexDigit(c) ?? 0)
                let (m, o1) = v.multipliedReportingOverflow(by: 16)
                if o1 { report(.invalidNumericLiteral, "hexadecimal literal out of range", t.span); return .long(0) }
                v = m + d
            }
            return .long(Int64(bitPattern: v))
        }
        var v: Int64 = 0
        for c in s {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(c - 48))
            if o1 || o2 {
                return .real(Double(String(decoding: s, as: UTF8.self)) ?? .infinity)
            }
            v = a
        }
        return .long(v)
    }

    func timespanTicks(_ t: Token) -> Int64 {
        var j = t.start
        while j < t.end && (Lexer.isDigit(src[j]) || src[j] == 46 || src[j] == 101 || src[j] == 69
                            || ((src[j] == 43 || src[j] == 45) && j > t.start && (src[j - 1] == 101 || src[j - 1] == 69))) {
            // stop at a unit that starts with `e`? none does, so `e` is always an exponent here
            j += 1
        }
        let unit = Lexer.timespanUnit(src[j..<t.end]) ?? 0
        let numText = String(decoding: src[t.start..<j], as: UTF8.self)
        if let iv = Int64(numText), unit >= 1 {
            let (m, o) = iv.multipliedReportingOverflow(by: Int64(unit))
            if !o { return m }
        }
        let v = (Double(numText) ?? 0) * unit
        if !(v.magnitude < 9.2e18) {
            report(.invalidNumericLiteral, "timespan literal out of range", t.span)
            return 0
        }
        return Int64(v.rounded())
    }

    /// The value of a string token of any form. Reports invalid escape sequences.
    func decodeString(_ t: Token) -> String {
        var i = t.start
        var end = t.end
        var verbatim = false
        if src[i] == 104 || src[i] == 72 { i += 1 }            // h'...' obfuscated
        if i < end && src[i] == 64 { verbatim = true; i += 1 }   // @'...'
        guard i < end else { return "" }
        let q = src[i]
        if (q == 96 || q == 126) && end - i >= 3 && src[i + 1] == q && src[i + 2] == q {
            // multi-line: no escapes
            let s = i + 3
            let e = end - i >= 6 && src[end - 1] == q && src[end - 2] == q && src[end - 3] == q ? end - 3 : end
            return String(decoding: src[s..<Swift.max(s, e)], as: UTF8.self)
        }
        i += 1
        if end > i && src[end - 1] == q { end -= 1 }   // closing quote (absent when unterminated)
        // fast path: nothing to decode
        var simple = true
        for k in i..<end where src[k] == 92 || (verbatim && src[k] == q) { simple = false; break }
        if simple { return String(decoding: src[i..<end], as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(end - i)
        while i < end {
            let c = src[i]
            if verbatim {
                if c == q && i + 1 < end && src[i + 1] == q { out.append(q); i += 2; continue }
                out.append(c); i += 1; continue
            }
            if c != 92 || i + 1 >= end { out.append(c); i += 1; continue }
            let e = src[i + 1]
            switch e {
            case 92, 39, 34: out.append(e); i += 2
            case 110: out.append(10); i += 2
            case 116: out.append(9); i += 2
            case 114: out.append(13); i += 2
            case 97: out.append(7); i += 2
            case 98: out.append(8); i += 2
            case 102: out.append(12); i += 2
            case 118: out.append(11); i += 2
            case 48: out.append(0); i += 2
            case 120, 117, 85:   // \xHH \uHHHH \UHHHHHHHH
                let n = e == 120 ? 2 : (e == 117 ? 4 : 8)
                var v: UInt32 = 0
                var ok = i + 2 + n <= end
                if ok {
                    for k in 0..<n {
                        let h = src[i + 2 + k]
                        guard let d = hexDigit(h) else { ok = false; break }
                        v = v * 16 + UInt32(d)
                    }
                }
                if ok, let scalar = Unicode.Scalar(v) {
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    i += 2 + n
                } else {
                    report(.invalidEscapeSequence, "invalid escape sequence", Span(i, Swift.min(end, i + 2)))
                    out.append(c); i += 1
                }
            default:
                report(.invalidEscapeSequence, "invalid escape sequence '\\\(String(decoding: [e], as: UTF8.self))'", Span(i, i + 2))
                out.append(e); i += 2
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func canonicalType(_ w: String) -> String {
        switch w {
        case "time": return "timespan"
        case "double": return "real"
        case "boolean": return "bool"
        case "date": return "datetime"
        case "int64": return "long"
        default: return w
        }
    }

    /// `datetime(...)`, `time(...)`, `timespan(...)`, `guid(...)`: the lexer made the inside one raw token.
    func parseRawLiteral(_ word: String) throws -> Expr {
        let start = advance().start
        try expect(.lparen, "'('")
        var raw = ""
        var rawSpan = tok.span
        if tok.kind == .rawText { rawSpan = advance().span; raw = trimmed(rawSpan) }
        try expect(.rparen, "')'")
        let type = Parser.canonicalType(word)
        if raw == "null" { return Expr(.literal(.typedNull(type: type)), Span(start, lastEnd)) }
        return Expr(.literal(.typed(type: type, text: raw)), Span(start, lastEnd))
    }

    func trimmed(_ s: Span) -> String {
        var a = s.start, b = s.end
        while a < b && (src[a] == 32 || src[a] == 9 || src[a] == 10 || src[a] == 13) { a += 1 }
        while b > a && (src[b - 1] == 32 || src[b - 1] == 9 || src[b - 1] == 10 || src[b - 1] == 13) { b -= 1 }
        return String(decoding: src[a..<b], as: UTF8.self)
    }

    /// `int(5)`, `real(nan)`, `bool(true)`, `long(-1)`, `decimal(1.5)`, `int(null)`.
    func parseScalarTypedLiteral(_ type: String) throws -> Expr {
        let start = advance().start
        try expect(.lparen, "'('")
        let inner = tok.start
        var count = 0
        while true {
            switch tok.kind {
            case .int, .real, .identifier, .plus, .minus, .string, .timespan:
                advance(); count += 1
                continue
            default: break
            }
            break
        }
        let innerEnd = lastEnd
        if count == 0 { throw expected("a value") }
        try expect(.rparen, "')'")
        let raw = trimmed(Span(inner, Swift.max(inner, innerEnd)))
        if raw == "null" { return Expr(.literal(.typedNull(type: type)), Span(start, lastEnd)) }
        return Expr(.literal(.typed(type: type, text: raw)), Span(start, lastEnd))
    }

    /// `dynamic(...)`: the structure is checked, the raw text kept.
    func parseDynamicLiteral() throws -> Expr {
        let start = advance().start
        let open = try expect(.lparen, "'('")
        if isWord("null") && peek(1).kind == .rparen {
            advance(); advance()
            return Expr(.literal(.typedNull(type: "dynamic")), Span(start, lastEnd))
        }
        try enter()
        defer { leave() }
        try parseDynamicValue()
        let close = try expect(.rparen, "')'")
        return Expr(.literal(.typed(type: "dynamic", text: trimmed(Span(open.end, close.start)))), Span(start, lastEnd))
    }

    func parseDynamicValue() throws {
        switch tok.kind {
        case .lbracket:
            advance()
            try enter()
            defer { leave() }
            if tok.kind != .rbracket {
                repeat { try parseDynamicValue() } while accept(.comma)
            }
            try expect(.rbracket, "']'")
        case .lbrace:
            advance()
            try enter()
            defer { leave() }
            if tok.kind != .rbrace {
                repeat {
                    guard tok.kind == .string else { throw expected("a property name string") }
                    advance()
                    try expect(.colon, "':'")
                    try parseDynamicValue()
                } while accept(.comma)
            }
            try expect(.rbrace, "'}'")
        case .rparen, .rbracket, .rbrace, .comma, .eof:
            throw expected("a value")
        default:
            _ = try parseUnary()
        }
    }
}

/// The value of an ASCII hex digit, or nil.
@inline(__always) func hexDigit(_ c: UInt8) -> UInt8? {
    switch c {
    case 48...57: return c - 48
    case 97...102: return c - 87
    case 65...70: return c - 55
    default: return nil
    }
}
