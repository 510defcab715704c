// RE2-dialect regular expression parser: pattern bytes -> syntax tree.

public struct RegexSyntaxError: Error, Equatable, CustomStringConvertible {
    public let message: String
    /// Byte offset of the offending construct in the pattern's UTF-8 encoding.
    public let offset: Int
    public init(message: String, offset: Int) { self.message = message; self.offset = offset }
    public var description: String { "regex syntax error at offset \(offset): \(message)" }
}

enum AssertKind: UInt32 {
    case beginText = 0, endText, beginLine, endLine, wordBoundary, notWordBoundary
}

indirect enum Node {
    case empty
    case literal(UInt32)
    case charClass(CharSet)
    case anyChar
    case anyNotNewline
    case assertion(AssertKind)
    case capture(Node, index: Int)
    case concat([Node])
    case alternate([Node])
    /// max == -1 means unbounded.
    case repeatNode(Node, min: Int, max: Int, greedy: Bool)
}

struct Flags {
    var caseInsensitive = false
    var multiLine = false
    var dotAll = false
    var ungreedy = false
}

struct ParsedRegex {
    var root: Node
    var captureCount: Int
    var names: [String?]   // index 0 = whole match
}

struct Parser {
    static let maxRepeat = 1000
    static let maxDepth = 1000

    let p: [UInt8]
    var i = 0
    var flags = Flags()
    var captureCount = 0
    var names: [String?] = [nil]
    var depth = 0

    init(_ pattern: String) { p = Array(pattern.utf8) }

    static func parse(_ pattern: String) throws -> ParsedRegex {
        var ps = Parser(pattern)
        let root = try ps.parseAlternation()
        if ps.i < ps.p.count {
            // Only a stray ')' can stop the top-level alternation early.
            throw RegexSyntaxError(message: "unexpected ): unmatched closing parenthesis", offset: ps.i)
        }
        return ParsedRegex(root: root, captureCount: ps.captureCount, names: ps.names)
    }

    // MARK: helpers

    func err(_ msg: String, _ at: Int) -> RegexSyntaxError { RegexSyntaxError(message: msg, offset: at) }

    var atEnd: Bool { i >= p.count }
    func peek(_ k: Int = 0) -> UInt8? { i + k < p.count ? p[i + k] : nil }

    /// Decodes one UTF-8 code point at `i` and advances.
    mutating func nextRune() throws -> UInt32 {
        let start = i
        let b0 = p[i]
        if b0 < 0x80 { i += 1; return UInt32(b0) }
        var n = 0
        var c: UInt32 = 0
        if b0 & 0xE0 == 0xC0 { n = 2; c = UInt32(b0 & 0x1F) }
        else if b0 & 0xF0 == 0xE0 { n = 3; c = UInt32(b0 & 0x0F) }
        else if b0 & 0xF8 == 0xF0 { n = 4; c = UInt32(b0 & 0x07) }
        else { throw err("invalid UTF-8 in pattern", start) }
        guard i + n <= p.count else { throw err("invalid UTF-8 in pattern", start) }
        for k in 1..<n {
            let b = p[i + k]
            guard b & 0xC0 == 0x80 else { throw err("invalid UTF-8 in pattern", start) }
            c = (c << 6) | UInt32(b & 0x3F)
        }
        i += n
        return c
    }

    func text(_ from: Int, _ to: Int) -> String {
        String(decoding: p[from..<min(to, p.count)], as: UTF8.self)
    }

    // MARK: grammar

    mutating func parseAlternation() throws -> Node {
        depth += 1
        if depth > Parser.maxDepth { throw err("expression nests too deeply", i) }
        defer { depth -= 1 }
        var branches: [Node] = [try parseConcat()]
        while let c = peek(), c == UInt8(ascii: "|") {
            i += 1
            branches.append(try parseConcat())
        }
        return branches.count == 1 ? branches[0] : .alternate(branches)
    }

    mutating func parseConcat() throws -> Node {
        var items: [Node] = []
        while let c = peek() {
            if c == UInt8(ascii: "|") || c == UInt8(ascii: ")") { break }
            let atomStart = i
            guard var atom = try parseAtom() else { continue }   // e.g. flag group (?i)
            // \Q...\E yields several literals; a following quantifier applies to the last one only.
            if c == UInt8(ascii: "\\"), p[atomStart + 1] == UInt8(ascii: "Q"), case .concat(let xs) = atom {
                items.append(contentsOf: xs.dropLast())
                atom = xs[xs.count - 1]
            }
            let node = try parseQuantifiers(atom, atomStart: atomStart)
            items.append(node)
        }
        switch items.count {
        case 0: return .empty
        case 1: return items[0]
        default: return .concat(items)
        }
    }

    /// Parses `{n}`, `{n,}`, `{n,m}` at `i`; returns nil (without consuming) if not a valid repeat.
    func scanBraces(at pos: Int) -> (min: Int, max: Int, end: Int)? {
        var j = pos
        guard j < p.count, p[j] == UInt8(ascii: "{") else { return nil }
        j += 1
        func num(_ j: inout Int) -> Int? {
            let s = j
            var v = 0
            while j < p.count, p[j] >= 0x30, p[j] <= 0x39 {
                v = min(v * 10 + Int(p[j] - 0x30), 100_000)
                j += 1
            }
            return j > s ? v : nil
        }
        guard let lo = num(&j) else { return nil }
        var hi = lo
        if j < p.count, p[j] == UInt8(ascii: ",") {
            j += 1
            if j < p.count, p[j] == UInt8(ascii: "}") { hi = -1 } else {
                guard let h = num(&j) else { return nil }
                hi = h
            }
        }
        guard j < p.count, p[j] == UInt8(ascii: "}") else { return nil }
        return (lo, hi, j + 1)
    }

    static func repeatProduct(_ n: Node) -> Int {
        switch n {
        case .repeatNode(let sub, let mn, let mx, _):
            let k = mx == -1 ? mn : mx
            return max(k, 1) * repeatProduct(sub)
        case .capture(let sub, _): return repeatProduct(sub)
        case .concat(let xs), .alternate(let xs):
            var m = 1
            for x in xs { m = max(m, repeatProduct(x)) }
            return m
        default: return 1
        }
    }

    mutating func parseQuantifiers(_ atom: Node, atomStart: Int) throws -> Node {
        var node = atom
        var repeated = false
        while let c = peek() {
            let opStart = i
            var mn = 0, mx = -1
            if c == UInt8(ascii: "*") { mn = 0; mx = -1; i += 1 }
            else if c == UInt8(ascii: "+") { mn = 1; mx = -1; i += 1 }
            else if c == UInt8(ascii: "?") { mn = 0; mx = 1; i += 1 }
            else if c == UInt8(ascii: "{"), let b = scanBraces(at: i) {
                mn = b.min; mx = b.max
                if mn > Parser.maxRepeat || mx > Parser.maxRepeat || (mx != -1 && mx < mn) {
                    throw err("bad repetition operator: \(text(opStart, b.end))", opStart)
                }
                i = b.end
            } else { break }
            if repeated {
                if c == UInt8(ascii: "+") {
                    throw err("possessive quantifier not supported: \(text(atomStart, i))", opStart)
                }
                throw err("bad repetition operator: \(text(atomStart, i))", opStart)
            }
            var lazy = false
            if peek() == UInt8(ascii: "?") { lazy = true; i += 1 }
            let greedy = lazy == flags.ungreedy
            node = .repeatNode(node, min: mn, max: mx, greedy: greedy)
            if c == UInt8(ascii: "{"), Parser.repeatProduct(node) > Parser.maxRepeat {
                throw err("bad repetition operator: nested repetition count exceeds \(Parser.maxRepeat)", opStart)
            }
            repeated = true
        }
        return node
    }

    mutating func literalNode(_ c: UInt32) -> Node {
        if flags.caseInsensitive {
            let vs = CaseFolding.variants(of: c)
            if vs.count > 1 {
                var s = CharSet()
                for v in vs { s.add(v, v) }
                return .charClass(s)
            }
        }
        return .literal(c)
    }

    /// Returns nil for constructs that produce no node (flag settings).
    mutating func parseAtom() throws -> Node? {
        let start = i
        let c = p[i]
        switch c {
        case UInt8(ascii: "("):
            return try parseGroup()
        case UInt8(ascii: "["):
            return try parseClass()
        case UInt8(ascii: "."):
            i += 1
            return flags.dotAll ? .anyChar : .anyNotNewline
        case UInt8(ascii: "^"):
            i += 1
            return .assertion(flags.multiLine ? .beginLine : .beginText)
        case UInt8(ascii: "$"):
            i += 1
            return .assertion(flags.multiLine ? .endLine : .endText)
        case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
            throw err("missing argument to repetition operator: \(text(start, start + 1))", start)
        case UInt8(ascii: "{"):
            if let b = scanBraces(at: i) {
                throw err("missing argument to repetition operator: \(text(start, b.end))", start)
            }
            i += 1
            return .literal(UInt32(c))
        case UInt8(ascii: "\\"):
            return try parseEscapeAtom()
        default:
            let r = try nextRune()
            return literalNode(r)
        }
    }

    mutating func parseGroup() throws -> Node? {
        let start = i
        i += 1   // (
        var captureIndex: Int? = nil
        if peek() == UInt8(ascii: "?") {
            let q1 = peek(1), q2 = peek(2)
            func unsupported(_ what: String) -> RegexSyntaxError { err("\(what) not supported", start) }
            switch q1 {
            case UInt8(ascii: "="): throw unsupported("lookahead (?=")
            case UInt8(ascii: "!"): throw unsupported("negative lookahead (?!")
            case UInt8(ascii: ">"): throw unsupported("atomic group (?>")
            case UInt8(ascii: "("): throw unsupported("conditional (?(")
            case UInt8(ascii: "#"): throw unsupported("comment group (?#")
            case UInt8(ascii: "|"): throw unsupported("branch reset group (?|")
            case UInt8(ascii: "R"), UInt8(ascii: "&"): throw unsupported("recursion")
            case UInt8(ascii: "<") where q2 == UInt8(ascii: "="): throw unsupported("lookbehind (?<=")
            case UInt8(ascii: "<") where q2 == UInt8(ascii: "!"): throw unsupported("negative lookbehind (?<!")
            case UInt8(ascii: "P") where q2 == UInt8(ascii: "="): throw unsupported("named backreference (?P=")
            case UInt8(ascii: "P") where q2 == UInt8(ascii: ">"): throw unsupported("recursion (?P>")
            case UInt8(ascii: "P") where q2 == UInt8(ascii: "<"), UInt8(ascii: "<"):
                i += (q1 == UInt8(ascii: "P")) ? 3 : 2
                let nameStart = i
                while let b = peek(), b != UInt8(ascii: ">") {
                    let ok = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
                    if !ok { throw err("invalid named capture group: \(text(start, i + 1))", start) }
                    i += 1
                }
                guard peek() == UInt8(ascii: ">") else { throw err("invalid named capture group: \(text(start, i))", start) }
                let name = text(nameStart, i)
                if name.isEmpty { throw err("invalid named capture group: empty name", start) }
                if names.contains(where: { $0 == name }) {
                    throw err("duplicate capture group name: \(name)", start)
                }
                i += 1
                captureCount += 1
                names.append(name)
                captureIndex = captureCount
            default:
                // Flags: (?flags) or (?flags:re)
                i += 1
                var newFlags = flags
                var negate = false, sawFlag = false, sawNeg = false
                while true {
                    guard let f = peek() else { throw err("missing closing ): \(text(start, i))", start) }
                    i += 1
                    switch f {
                    case UInt8(ascii: "i"): newFlags.caseInsensitive = !negate; sawFlag = true
                    case UInt8(ascii: "m"): newFlags.multiLine = !negate; sawFlag = true
                    case UInt8(ascii: "s"): newFlags.dotAll = !negate; sawFlag = true
                    case UInt8(ascii: "U"): newFlags.ungreedy = !negate; sawFlag = true
                    case UInt8(ascii: "-"):
                        if sawNeg { throw err("invalid or unsupported Perl syntax: \(text(start, i))", start) }
                        negate = true; sawNeg = true; sawFlag = false
                    case UInt8(ascii: ")"), UInt8(ascii: ":"):
                        if !sawFlag && (sawNeg || f == UInt8(ascii: ")")) {
                            throw err("invalid or unsupported Perl syntax: \(text(start, i))", start)
                        }
                        if f == UInt8(ascii: ")") { flags = newFlags; return nil }
                        let saved = flags
                        flags = newFlags
                        let inner = try parseAlternation()
                        flags = saved
                        guard peek() == UInt8(ascii: ")") else { throw err("missing closing ): \(text(start, i))", start) }
                        i += 1
                        return inner
                    default:
                        throw err("invalid or unsupported Perl syntax: \(text(start, i))", start)
                    }
                }
            }
        } else {
            captureCount += 1
            names.append(nil)
            captureIndex = captureCount
        }
        let saved = flags
        let inner = try parseAlternation()
        flags = saved
        guard peek() == UInt8(ascii: ")") else { throw err("missing closing ): \(text(start, i))", start) }
        i += 1
        if let k = captureIndex { return .capture(inner, index: k) }
        return inner
    }

    // MARK: escapes

    enum Escape {
        case rune(UInt32)
        case set(CharSet)           // already includes any negation
        case assertion(AssertKind)
        case quoted                 // \Q ... handled by caller
        case anyChar
    }

    /// Parses an escape at `i` (which points at the backslash).
    mutating func parseEscape(inClass: Bool) throws -> Escape {
        let start = i
        i += 1
        guard let c = peek() else { throw err("trailing backslash at end of expression", start) }
        if c >= 0x80 {
            throw err("invalid escape sequence: \(text(start, i + 1))", start)
        }
        i += 1
        switch c {
        case UInt8(ascii: "1")...UInt8(ascii: "7"):
            if let d = peek(), d >= 0x30, d <= 0x37 {
                i -= 1
                return .rune(octal())
            }
            throw err("backreference \(text(start, i)) not supported", start)
        case UInt8(ascii: "8"), UInt8(ascii: "9"):
            throw err("backreference \(text(start, i)) not supported", start)
        case UInt8(ascii: "0"):
            i -= 1
            return .rune(octal())
        case UInt8(ascii: "x"):
            guard let d = peek() else { throw err("invalid escape sequence: \(text(start, i))", start) }
            if d == UInt8(ascii: "{") {
                i += 1
                var v: UInt32 = 0
                var digits = 0
                while let h = peek(), let hv = hexValue(h) {
                    v = v * 16 + hv; digits += 1; i += 1
                    if v > CharSet.maxRune { throw err("invalid escape sequence: \(text(start, i))", start) }
                }
                guard digits > 0, peek() == UInt8(ascii: "}") else {
                    throw err("invalid escape sequence: \(text(start, i + 1))", start)
                }
                i += 1
                return .rune(v)
            }
            guard let h1 = peek().flatMap(hexValue), let h2 = peek(1).flatMap(hexValue) else {
                throw err("invalid escape sequence: \(text(start, i + 2))", start)
            }
            i += 2
            return .rune(h1 * 16 + h2)
        case UInt8(ascii: "a"): return .rune(7)
        case UInt8(ascii: "f"): return .rune(12)
        case UInt8(ascii: "t"): return .rune(9)
        case UInt8(ascii: "n"): return .rune(10)
        case UInt8(ascii: "r"): return .rune(13)
        case UInt8(ascii: "v"): return .rune(11)
        case UInt8(ascii: "d"): return .set(NamedClasses.digit)
        case UInt8(ascii: "D"): return .set(negatedMaybeFolded(NamedClasses.digit))
        case UInt8(ascii: "s"): return .set(NamedClasses.perlSpace)
        case UInt8(ascii: "S"): return .set(negatedMaybeFolded(NamedClasses.perlSpace))
        case UInt8(ascii: "w"): return .set(NamedClasses.word)
        case UInt8(ascii: "W"): return .set(negatedMaybeFolded(NamedClasses.word))
        case UInt8(ascii: "p"), UInt8(ascii: "P"):
            var negate = c == UInt8(ascii: "P")
            guard let d = peek() else { throw err("invalid character class range: \(text(start, i))", start) }
            var name: String
            if d == UInt8(ascii: "{") {
                let nameStart = i + 1
                var j = nameStart
                while j < p.count, p[j] != UInt8(ascii: "}") { j += 1 }
                guard j < p.count else { throw err("invalid character class range: \(text(start, j))", start) }
                name = text(nameStart, j)
                i = j + 1
                if name.hasPrefix("^") { negate.toggle(); name.removeFirst() }
            } else {
                _ = try nextRune()
                name = text(i - 1, i)
            }
            guard let set = NamedClasses.unicode(name) else {
                throw err("invalid character class range: \(text(start, i))", start)
            }
            return .set(negate ? negatedMaybeFolded(set) : set)
        case UInt8(ascii: "A") where !inClass: return .assertion(.beginText)
        case UInt8(ascii: "z") where !inClass: return .assertion(.endText)
        case UInt8(ascii: "b") where !inClass: return .assertion(.wordBoundary)
        case UInt8(ascii: "B") where !inClass: return .assertion(.notWordBoundary)
        case UInt8(ascii: "Q") where !inClass: return .quoted
        case UInt8(ascii: "C") where !inClass: return .anyChar
        case UInt8(ascii: "Z"):
            throw err("\\Z not supported (use \\z for end of text)", start)
        case UInt8(ascii: "G"), UInt8(ascii: "K"), UInt8(ascii: "R"), UInt8(ascii: "X"),
             UInt8(ascii: "g"), UInt8(ascii: "k"), UInt8(ascii: "e"), UInt8(ascii: "c"),
             UInt8(ascii: "h"), UInt8(ascii: "H"), UInt8(ascii: "N"), UInt8(ascii: "o"), UInt8(ascii: "u"),
             UInt8(ascii: "U"), UInt8(ascii: "l"), UInt8(ascii: "L"), UInt8(ascii: "E"):
            throw err("escape sequence \(text(start, i)) not supported", start)
        default:
            let isAlnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
            if !isAlnum { return .rune(UInt32(c)) }
            throw err("invalid escape sequence: \(text(start, i))", start)
        }
    }

    func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case 0x30...0x39: return UInt32(b - 0x30)
        case 0x41...0x46: return UInt32(b - 0x41 + 10)
        case 0x61...0x66: return UInt32(b - 0x61 + 10)
        default: return nil
        }
    }

    /// Up to three octal digits starting at `i`.
    mutating func octal() -> UInt32 {
        var v: UInt32 = 0
        var n = 0
        while n < 3, let d = peek(), d >= 0x30, d <= 0x37 { v = v * 8 + UInt32(d - 0x30); i += 1; n += 1 }
        return v
    }

    /// Negation of a named class; under (?i) the class is folded before negating (as RE2 does).
    func negatedMaybeFolded(_ s: CharSet) -> CharSet {
        (flags.caseInsensitive ? s.caseFolded() : s).negated()
    }

    mutating func parseEscapeAtom() throws -> Node {
        let start = i
        switch try parseEscape(inClass: false) {
        case .rune(let r): return literalNode(r)
        case .set(let s): return .charClass(flags.caseInsensitive ? s.caseFolded() : s)
        case .assertion(let a): return .assertion(a)
        case .anyChar: return .anyChar
        case .quoted:
            var items: [Node] = []
            while !atEnd {
                if p[i] == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "E") { i += 2; break }
                if p[i] == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "\\") { i += 1 }
                items.append(literalNode(try nextRune()))
            }
            _ = start
            if items.isEmpty { return .empty }
            return items.count == 1 ? items[0] : .concat(items)
        }
    }

    // MARK: classes

    mutating func parseClass() throws -> Node {
        let start = i
        i += 1   // [
        var negate = false
        if peek() == UInt8(ascii: "^") { negate = true; i += 1 }
        var set = CharSet()
        var first = true
        while true {
            guard let c = peek() else { throw err("missing closing ]: \(text(start, i))", start) }
            if c == UInt8(ascii: "]") && !first { i += 1; break }
            first = false
            let itemStart = i
            // POSIX class [:name:] / [:^name:]
            if c == UInt8(ascii: "["), peek(1) == UInt8(ascii: ":") {
                var j = i + 2
                while j + 1 < p.count, !(p[j] == UInt8(ascii: ":") && p[j + 1] == UInt8(ascii: "]")) { j += 1 }
                if j + 1 < p.count {
                    var name = text(i + 2, j)
                    var neg = false
                    if name.hasPrefix("^") { neg = true; name.removeFirst() }
                    guard let s = NamedClasses.posix(name) else {
                        throw err("invalid character class range: \(text(itemStart, j + 2))", itemStart)
                    }
                    set.add(neg ? negatedMaybeFolded(s) : s)
                    i = j + 2
                    continue
                }
            }
            let lo: UInt32
            if c == UInt8(ascii: "\\") {
                switch try parseEscape(inClass: true) {
                case .rune(let r): lo = r
                case .set(let s): set.add(s); continue
                default: throw err("invalid escape sequence in character class", itemStart)
                }
            } else {
                lo = try nextRune()
            }
            // Range?
            if peek() == UInt8(ascii: "-"), let n = peek(1), n != UInt8(ascii: "]") {
                i += 1
                let hi: UInt32
                if n == UInt8(ascii: "\\") {
                    switch try parseEscape(inClass: true) {
                    case .rune(let r): hi = r
                    default: throw err("invalid character class range: \(text(itemStart, i))", itemStart)
                    }
                } else {
                    hi = try nextRune()
                }
                if hi < lo { throw err("invalid character class range: \(text(itemStart, i))", itemStart) }
                set.add(lo, hi)
            } else {
                set.add(lo, lo)
            }
        }
        if flags.caseInsensitive { set = set.caseFolded() }
        if negate { set = set.negated() }
        return .charClass(set)
    }
}
