/// Kinds of tokens. Keywords are not distinguished by the lexer: the parser decides from context
/// whether an identifier is an operator keyword or a name (KQL lets most keywords be names).
public enum TokenKind: UInt8, Sendable {
    case identifier      // letters, digits, `_`, optionally starting with `$` ($left, $right)
    case int             // 42, 0x1F
    case real            // 1.5, 1e3, .5
    case timespan        // 10d, 1.5h, 100ms, 2ticks
    case string          // any string form; decoded by the parser
    case rawText         // the text between the parentheses of datetime(...), time(...), guid(...)
    case lparen, rparen, lbracket, rbracket, lbrace, rbrace
    case comma, semicolon, colon, pipe, dot, dotdot
    case equal           // =
    case equalEqual      // ==
    case bangEqual       // !=
    case lessGreater     // <>
    case less, lessEqual, greater, greaterEqual
    case equalTilde      // =~
    case bangTilde       // !~
    case bang            // !
    case tilde           // ~
    case plus, minus, star, slash, percent
    case arrow           // =>
    case question        // ?
    case at              // @ not followed by a quote
    case bad             // a byte that starts no token
    case eof
}

public struct Token: Sendable {
    public var kind: TokenKind
    public var start: Int
    public var end: Int
    /// True when whitespace or a comment separates this token from the previous one.
    public var spaceBefore: Bool
    public var span: Span { Span(start, end) }
}

/// Byte-level lexer. Produces the whole token array up front, plus lexical diagnostics.
struct Lexer {
    let b: [UInt8]
    var i = 0
    var tokens: [Token] = []
    var diagnostics: [Diagnostic] = []
    /// Client directives (`#connect cluster('x')`, a `## note` line) before the query's first
    /// token: Kusto's parser takes a line starting with `#` there as a directive, for the client
    /// (Kusto.Explorer) to act on; anywhere else `#` is an unexpected character.
    var directives: [Span] = []

    init(_ bytes: [UInt8]) { b = bytes; tokens.reserveCapacity(bytes.count / 4 + 8) }

    static func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95
    }
    static func isIdentPart(_ c: UInt8) -> Bool {
        isIdentStart(c) || (c >= 48 && c <= 57)
    }
    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    @inline(__always) func peek(_ k: Int = 0) -> UInt8 { i + k < b.count ? b[i + k] : 0 }

    mutating func error(_ code: DiagnosticCode, _ msg: String, _ s: Int, _ e: Int) {
        diagnostics.append(Diagnostic(code: code, msg, span: Span(s, e)))
    }

    mutating func run() -> (tokens: [Token], diagnostics: [Diagnostic]) {
        reportInvalidUTF8()
        var space = true
        while true {
            // whitespace and comments
            while i < b.count {
                let c = b[i]
                if c == 32 || c == 9 || c == 10 || c == 13 || c == 12 || c == 11 { i += 1; space = true; continue }
                if c == 47 && peek(1) == 47 {
                    while i < b.count && b[i] != 10 { i += 1 }
                    space = true; continue
                }
                if c >= 0xC2, let n = unicodeSpaceLength() { i += n; space = true; continue }
                if c == 35 && tokens.isEmpty {
                    let s = i
                    while i < b.count && b[i] != 10 && b[i] != 13 { i += 1 }
                    directives.append(Span(s, i))
                    space = true; continue
                }
                break
            }
            if i >= b.count {
                tokens.append(Token(kind: .eof, start: b.count, end: b.count, spaceBefore: true))
                break
            }
            let start = i
            let kind = lexOne()
            tokens.append(Token(kind: kind, start: start, end: i, spaceBefore: space))
            space = false
            if kind == .identifier { lexRawArgumentIfNeeded(start) }
        }
        return (tokens, diagnostics)
    }

    /// After `datetime`, `time`, `timespan` or `guid` followed by `(`, the text up to `)` is one raw token.
    mutating func lexRawArgumentIfNeeded(_ start: Int) {
        let len = i - start
        guard len == 4 || len == 8 else { return }
        let w = b[start..<i]
        guard w.elementsEqual("datetime".utf8) || w.elementsEqual("time".utf8)
                || w.elementsEqual("timespan".utf8) || w.elementsEqual("guid".utf8) else { return }
        var j = i
        while j < b.count && (b[j] == 32 || b[j] == 9 || b[j] == 13 || b[j] == 10) { j += 1 }
        guard j < b.count && b[j] == 40 else { return }
        let sp = j > i
        tokens.append(Token(kind: .lparen, start: j, end: j + 1, spaceBefore: sp))
        j += 1
        let rawStart = j
        while j < b.count && b[j] != 41 && b[j] != 10 && b[j] != 59 && b[j] != 124 { j += 1 }
        tokens.append(Token(kind: .rawText, start: rawStart, end: j, spaceBefore: false))
        i = j
        // the `)` (if any) is lexed normally
    }

    /// Length of a Unicode space or invisible format character at `i` (no-break space, en/em
    /// spaces, zero-width space, line/paragraph separators, ideographic space, BOM), else nil.
    func unicodeSpaceLength() -> Int? {
        let c = b[i], c1 = peek(1), c2 = peek(2)
        if c == 0xC2 && c1 == 0xA0 { return 2 }                                   // U+00A0
        if c == 0xE1 && c1 == 0x9A && c2 == 0x80 { return 3 }                     // U+1680
        if c == 0xE2 && c1 == 0x80 && ((c2 >= 0x80 && c2 <= 0x8B) || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF) { return 3 } // U+2000-200B, 2028, 2029, 202F
        if c == 0xE2 && c1 == 0x81 && c2 == 0x9F { return 3 }                     // U+205F
        if c == 0xE3 && c1 == 0x80 && c2 == 0x80 { return 3 }                     // U+3000
        if c == 0xEF && c1 == 0xBB && c2 == 0xBF { return 3 }                     // U+FEFF
        return nil
    }

    mutating func lexOne() -> TokenKind {
        let c = b[i]
        // strings: h'..', H"..", h@'..', @'..'
        if (c == 104 || c == 72) {
            let n = peek(1)
            if n == 39 || n == 34 { i += 1; return lexQuoted(verbatim: false) }
            if n == 64 && (peek(2) == 39 || peek(2) == 34) { i += 2; return lexQuoted(verbatim: true) }
        }
        if Lexer.isIdentStart(c) || (c == 36 && Lexer.isIdentStart(peek(1))) {
            i += 1
            while i < b.count && Lexer.isIdentPart(b[i]) { i += 1 }
            return .identifier
        }
        if Lexer.isDigit(c) { return lexNumber() }
        switch c {
        case 39, 34: return lexQuoted(verbatim: false)
        case 64:
            if peek(1) == 39 || peek(1) == 34 { i += 1; return lexQuoted(verbatim: true) }
            i += 1; return .at
        case 96:
            if peek(1) == 96 && peek(2) == 96 { return lexMultiline(96) }
            i += 1; error(.unexpectedCharacter, "unexpected character '`'", i - 1, i); return .bad
        case 126:
            if peek(1) == 126 && peek(2) == 126 { return lexMultiline(126) }
            i += 1; return .tilde
        case 40: i += 1; return .lparen
        case 41: i += 1; return .rparen
        case 91: i += 1; return .lbracket
        case 93: i += 1; return .rbracket
        case 123: i += 1; return .lbrace
        case 125: i += 1; return .rbrace
        case 44: i += 1; return .comma
        case 59: i += 1; return .semicolon
        case 58: i += 1; return .colon
        case 124: i += 1; return .pipe
        case 46:
            if peek(1) == 46 { i += 2; return .dotdot }
            i += 1; return .dot
        case 61:
            if peek(1) == 61 { i += 2; return .equalEqual }
            if peek(1) == 126 { i += 2; return .equalTilde }
            if peek(1) == 62 { i += 2; return .arrow }
            i += 1; return .equal
        case 33:
            if peek(1) == 61 { i += 2; return .bangEqual }
            if peek(1) == 126 { i += 2; return .bangTilde }
            i += 1; return .bang
        case 60:
            if peek(1) == 61 { i += 2; return .lessEqual }
            if peek(1) == 62 { i += 2; return .lessGreater }
            i += 1; return .less
        case 62:
            if peek(1) == 61 { i += 2; return .greaterEqual }
            i += 1; return .greater
        case 43: i += 1; return .plus
        case 45: i += 1; return .minus
        case 42: i += 1; return .star
        case 47: i += 1; return .slash
        case 37: i += 1; return .percent
        case 63: i += 1; return .question
        default:
            // one whole UTF-8 sequence is one bad token
            var n = 1
            if c >= 0xF0 { n = 4 } else if c >= 0xE0 { n = 3 } else if c >= 0xC0 { n = 2 }
            let s = i
            guard let valid = Lexer.utf8Length(b, at: i) else {
                i += 1   // reported by reportInvalidUTF8
                return .bad
            }
            n = valid
            i = Swift.min(b.count, i + n)
            error(.unexpectedCharacter, "unexpected character '\(Lexer.shown(b[s..<i]))'", s, i)
            return .bad
        }
    }

    mutating func lexQuoted(verbatim: Bool) -> TokenKind {
        let start = i
        let q = b[i]
        i += 1
        while i < b.count {
            let c = b[i]
            if c == q {
                if verbatim && peek(1) == q { i += 2; continue }
                i += 1
                return .string
            }
            if c == 10 || c == 13 { break }
            if c == 92 && !verbatim {
                if i + 1 < b.count && b[i + 1] != 10 && b[i + 1] != 13 { i += 2; continue }
            }
            i += 1
        }
        error(.unterminatedString, "unterminated string literal", start, i)
        return .string
    }

    mutating func lexMultiline(_ fence: UInt8) -> TokenKind {
        let start = i
        i += 3
        while i < b.count {
            if b[i] == fence && peek(1) == fence && peek(2) == fence { i += 3; return .string }
            i += 1
        }
        error(.unterminatedString, "unterminated multi-line string literal", start, i)
        return .string
    }

    mutating func lexNumber() -> TokenKind {
        let start = i
        if b[i] == 48 && (peek(1) == 120 || peek(1) == 88) {
            i += 2
            while i < b.count && (Lexer.isDigit(b[i]) || (b[i] | 0x20 >= 97 && b[i] | 0x20 <= 102)) { i += 1 }
            if i - start == 2 { error(.invalidNumericLiteral, "invalid hexadecimal literal", start, i) }
            if i < b.count && Lexer.isIdentPart(b[i]) {
                while i < b.count && Lexer.isIdentPart(b[i]) { i += 1 }
                error(.invalidNumericLiteral, "invalid numeric literal '\(String(decoding: b[start..<i], as: UTF8.self))'", start, i)
            }
            return .int
        }
        var isReal = false
        while i < b.count && Lexer.isDigit(b[i]) { i += 1 }
        if i < b.count && b[i] == 46 && peek(1) != 46 {
            // a fraction: `1.5`, `1.` ; but not `1..5`
            isReal = true
            i += 1
            while i < b.count && Lexer.isDigit(b[i]) { i += 1 }
        }
        if i < b.count && (b[i] == 101 || b[i] == 69) {
            let n = peek(1)
            if Lexer.isDigit(n) || ((n == 43 || n == 45) && Lexer.isDigit(peek(2))) {
                isReal = true
                i += 2
                while i < b.count && Lexer.isDigit(b[i]) { i += 1 }
            }
        }
        if i < b.count && Lexer.isIdentStart(b[i]) {
            let sfx = i
            while i < b.count && Lexer.isIdentPart(b[i]) { i += 1 }
            if Lexer.timespanUnit(b[sfx..<i]) != nil { return .timespan }
            // Kusto lexes digits followed by other letters (`5Minutebin`) as an identifier
            if !isReal { return .identifier }
            error(.invalidNumericLiteral, "invalid numeric literal '\(String(decoding: b[start..<i], as: UTF8.self))'", start, i)
            return isReal ? .real : .int
        }
        return isReal ? .real : .int
    }

    /// Ticks (100 ns) per unit for a timespan suffix, or nil.
    static func timespanUnit(_ s: ArraySlice<UInt8>) -> Double? {
        switch String(decoding: s, as: UTF8.self) {
        case "d", "day", "days": return 864_000_000_000
        case "h", "hr", "hrs", "hour", "hours": return 36_000_000_000
        case "m", "min", "minute", "minutes": return 600_000_000
        case "s", "sec", "second", "seconds": return 10_000_000
        case "ms", "milli", "millis", "millisec", "millisecond", "milliseconds": return 10_000
        case "micro", "micros", "microsec", "microsecond", "microseconds", "us": return 10
        case "nano", "nanos", "nanosec", "nanosecond", "nanoseconds", "ns": return 0.01
        case "tick", "ticks": return 1
        default: return nil
        }
    }
}
