import Testing
@testable @_spi(Engines) import KQLRegex

/// An independent, deliberately naive matcher that walks the syntax tree with backtracking
/// (exponential in general, fine for tiny inputs). Used to cross-check the compiled engines'
/// leftmost-first choice of the whole match on random patterns.
struct ReferenceMatcher {
    let runes: [UInt32]
    let offsets: [Int]   // byte offset of each rune, plus the total length

    init(_ s: String) {
        var r: [UInt32] = [], o: [Int] = []
        var off = 0
        for u in s.unicodeScalars { r.append(u.value); o.append(off); off += String(u).utf8.count }
        o.append(off)
        runes = r; offsets = o
    }

    func isWord(_ i: Int) -> Bool { i >= 0 && i < runes.count && isWordByte(runes[i]) }

    func assertHolds(_ a: AssertKind, _ p: Int) -> Bool {
        let n = runes.count
        switch a {
        case .beginText: return p == 0
        case .endText: return p == n
        case .beginLine: return p == 0 || runes[p - 1] == 0x0A
        case .endLine: return p == n || runes[p] == 0x0A
        case .wordBoundary: return isWord(p - 1) != isWord(p)
        case .notWordBoundary: return isWord(p - 1) == isWord(p)
        }
    }

    func m(_ node: Node, _ p: Int, _ k: (Int) -> Bool) -> Bool {
        let n = runes.count
        switch node {
        case .empty: return k(p)
        case .literal(let c): return p < n && runes[p] == c && k(p + 1)
        case .charClass(let s): return p < n && s.contains(runes[p]) && k(p + 1)
        case .anyChar: return p < n && k(p + 1)
        case .anyNotNewline: return p < n && runes[p] != 0x0A && k(p + 1)
        case .assertion(let a): return assertHolds(a, p) && k(p)
        case .capture(let sub, _): return m(sub, p, k)
        case .concat(let xs): return seq(xs[...], p, k)
        case .alternate(let xs):
            for x in xs where m(x, p, k) { return true }
            return false
        case .repeatNode(let sub, let mn, let mx, let greedy):
            return rep(sub, mn, mx, greedy, 0, p, k)
        }
    }

    func seq(_ xs: ArraySlice<Node>, _ p: Int, _ k: (Int) -> Bool) -> Bool {
        guard let first = xs.first else { return k(p) }
        return m(first, p) { q in seq(xs.dropFirst(), q, k) }
    }

    func rep(_ sub: Node, _ mn: Int, _ mx: Int, _ greedy: Bool, _ count: Int, _ p: Int, _ k: (Int) -> Bool) -> Bool {
        if count < mn { return m(sub, p) { q in rep(sub, mn, mx, greedy, count + 1, q, k) } }
        if mx != -1 && count >= mx { return k(p) }
        // Optional further iteration; an iteration that consumes nothing is not repeated.
        if greedy {
            if m(sub, p, { q in q != p && rep(sub, mn, mx, greedy, count + 1, q, k) }) { return true }
            return k(p)
        }
        if k(p) { return true }
        return m(sub, p) { q in q != p && rep(sub, mn, mx, greedy, count + 1, q, k) }
    }

    /// Leftmost-first whole match as a byte range.
    func firstMatch(_ root: Node) -> Range<Int>? {
        for s in 0...runes.count {
            var end = -1
            if m(root, s, { e in end = e; return true }) { return offsets[s]..<offsets[end] }
        }
        return nil
    }
}

struct PatternGenerator {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int(truncatingIfNeeded: state >> 33) % n
    }
    mutating func atom(_ depth: Int) -> String {
        switch next(depth > 2 ? 6 : 9) {
        case 0: return "a"
        case 1: return "b"
        case 2: return "[ab]"
        case 3: return "."
        case 4: return ["^", "$", "\\b", "\\B", "(?m:^)", "(?m:$)"][next(6)]
        case 5: return "[^a]"
        case 6: return "(" + alt(depth + 1) + ")"
        case 7: return "(?:" + alt(depth + 1) + ")"
        default: return "(?i:A)"
        }
    }
    mutating func piece(_ depth: Int) -> String {
        let a = atom(depth)
        let q = ["", "", "", "*", "+", "?", "{1,2}", "{2}", "*?", "+?", "??", "{0,2}?"][next(12)]
        return a + q
    }
    mutating func concat(_ depth: Int) -> String {
        (0..<(1 + next(3))).map { _ in piece(depth) }.joined()
    }
    mutating func alt(_ depth: Int) -> String {
        next(3) == 0 ? concat(depth) + "|" + concat(depth) : concat(depth)
    }
}

@Suite struct ReferenceTests {
    static func repeatsNullable(_ n: Node) -> Bool {
        switch n {
        case .repeatNode(let sub, _, _, _): return Compiler.nullable(sub) || repeatsNullable(sub)
        case .capture(let sub, _): return repeatsNullable(sub)
        case .concat(let xs), .alternate(let xs): return xs.contains(where: repeatsNullable)
        default: return false
        }
    }

    @Test(arguments: 0..<4) func randomPatternsAgreeWithReference(_ chunk: Int) throws {
        var gen = PatternGenerator(state: UInt64(1000 + chunk))
        let alphabet: [String] = ["a", "b", " ", "\n", "A"]
        var checked = 0
        for _ in 0..<250 {
            let pattern = gen.alt(0)
            let parsed = try Parser.parse(pattern)
            // Repeating a sub-pattern that can match empty is where backtracking engines and
            // RE2 legitimately differ; keep the comparison to the well-defined cases.
            let re = try CompiledRegex(pattern)
            let pike = try CompiledRegex(pattern)
            pike.forcePikeVM = true
            // The backtracker and the Pike VM implement the same priorities: full agreement,
            // captures included, for every pattern.
            for _ in 0..<4 {
                let s = (0..<gen.next(7)).map { _ in alphabet[gen.next(alphabet.count)] }.joined()
                #expect(re.allMatches(in: s) == pike.allMatches(in: s), "/\(pattern)/ on \(s.debugDescription): engines")
            }
            if Self.repeatsNullable(parsed.root) { continue }
            for _ in 0..<12 {
                let s = (0..<gen.next(7)).map { _ in alphabet[gen.next(alphabet.count)] }.joined()
                let want = ReferenceMatcher(s).firstMatch(parsed.root)
                var str = s
                let (got, gotPike, any) = str.withUTF8 { buf in
                    (re.firstMatch(buf)?[0] ?? nil, pike.firstMatch(buf)?[0] ?? nil, re.matches(buf))
                }
                #expect(got == want, "/\(pattern)/ on \(s.debugDescription): backtracker")
                #expect(gotPike == want, "/\(pattern)/ on \(s.debugDescription): Pike VM")
                #expect(any == (want != nil), "/\(pattern)/ on \(s.debugDescription): DFA")
                checked += 1
            }
        }
        #expect(checked > 600)
    }
}
