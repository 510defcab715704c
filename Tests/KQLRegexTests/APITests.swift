import Testing
@testable @_spi(Engines) import KQLRegex

struct AllCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let input: String
    let expected: [[String?]]
    let offsets: [Int]?
    var testDescription: String { "all /\(pattern)/ on \(input.debugDescription)" }
}

let allMatchCases: [AllCase] = [
    AllCase(pattern: "a*", input: "baaac", expected: [[""], ["aaa"], [""]], offsets: [0, 1, 5]),
    AllCase(pattern: "", input: "abc", expected: [[""], [""], [""], [""]], offsets: [0, 1, 2, 3]),
    AllCase(pattern: "", input: "é", expected: [[""], [""]], offsets: [0, 2]),
    AllCase(pattern: "x*", input: "xax", expected: [["x"], ["x"]], offsets: [0, 2]),
    AllCase(pattern: "\\d+", input: "a1b22c333", expected: [["1"], ["22"], ["333"]], offsets: [1, 3, 6]),
    AllCase(pattern: "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}", input: "10.0.0.1 and 192.168.1.12",
            expected: [["10.0.0.1"], ["192.168.1.12"]], offsets: [0, 13]),
    AllCase(pattern: "(\\w+)=(\\w+)", input: "a=1;b=2", expected: [["a=1", "a", "1"], ["b=2", "b", "2"]], offsets: nil),
    AllCase(pattern: "(a)|(b)", input: "ab", expected: [["a", "a", nil], ["b", nil, "b"]], offsets: nil),
    AllCase(pattern: "\\bw\\w*", input: "wow, what a word", expected: [["wow"], ["what"], ["word"]], offsets: nil),
    AllCase(pattern: "(?m)^\\w", input: "ab\ncd\nef", expected: [["a"], ["c"], ["e"]], offsets: [0, 3, 6]),
    AllCase(pattern: "^\\w", input: "ab\ncd", expected: [["a"]], offsets: [0]),
    AllCase(pattern: "é|", input: "aé", expected: [[""], ["é"]], offsets: [0, 1]),
    AllCase(pattern: "z", input: "abc", expected: [], offsets: []),
    AllCase(pattern: "(?m)(?:^|a)*", input: "a\naaa\n", expected: [[""], [""], [""], ["aa"], [""]], offsets: [0, 1, 2, 3, 6]),
    AllCase(pattern: "(?m)(?:^|a)+", input: "a\naaa\n", expected: [[""], [""], ["aa"], [""]], offsets: [0, 2, 3, 6]),
]

struct ReplaceCase: Sendable, CustomTestStringConvertible {
    let pattern: String, input: String, rewrite: String, expected: String
    var testDescription: String { "replace /\(pattern)/ in \(input.debugDescription) with \(rewrite.debugDescription)" }
}

let replaceCases: [ReplaceCase] = [
    ReplaceCase(pattern: "a*", input: "baaac", rewrite: "X", expected: "XbXcX"),
    ReplaceCase(pattern: "(\\w+)@(\\w+)", input: "joe@site", rewrite: "\\2 at \\1", expected: "site at joe"),
    ReplaceCase(pattern: "\\d", input: "a1b2", rewrite: "<\\0>", expected: "a<1>b<2>"),
    ReplaceCase(pattern: "x", input: "abc", rewrite: "y", expected: "abc"),
    ReplaceCase(pattern: "(a)|b", input: "ab", rewrite: "[\\1]", expected: "[a][]"),
    ReplaceCase(pattern: "é", input: "éxé", rewrite: "e", expected: "exe"),
    ReplaceCase(pattern: "", input: "ab", rewrite: "-", expected: "-a-b-"),
    ReplaceCase(pattern: "\\s+", input: "a  b \t c", rewrite: " ", expected: "a b c"),
    ReplaceCase(pattern: "(\\d+)", input: "v12", rewrite: "\\\\\\1", expected: "v\\12"),
    ReplaceCase(pattern: "(a)", input: "a", rewrite: "\\5$1", expected: "$1"),
    ReplaceCase(pattern: "([0-9]+)\\.([0-9]+)", input: "ver 3.14", rewrite: "\\2.\\1", expected: "ver 14.3"),
    ReplaceCase(pattern: "(?i)SECRET", input: "a secret, a Secret", rewrite: "***", expected: "a ***, a ***"),
]

@Suite struct APITests {
    @Test(arguments: allMatchCases) func allMatches(_ c: AllCase) throws {
        let re = try CompiledRegex(c.pattern)
        #expect(re.allMatches(in: c.input) == c.expected)
        if let offs = c.offsets {
            var s = c.input
            let got = s.withUTF8 { re.allMatches($0) }.map { $0[0]!.lowerBound }
            #expect(got == offs)
        }
    }

    @Test(arguments: replaceCases) func replace(_ c: ReplaceCase) throws {
        #expect(try CompiledRegex(c.pattern).replaceAll(in: c.input, with: c.rewrite) == c.expected)
    }

    @Test func groupMetadata() throws {
        let re = try CompiledRegex("(?P<year>\\d{4})-(\\d\\d)(?:x)(?<day>\\d\\d)?")
        #expect(re.captureCount == 3)
        #expect(re.groupNames == [nil, "year", nil, "day"])
        #expect(re.groupIndex(named: "day") == 3)
        #expect(try CompiledRegex("abc").captureCount == 0)
        #expect(try CompiledRegex("abc").groupNames == [nil])
    }

    @Test func firstMatchFromOffset() throws {
        let re = try CompiledRegex("\\bb")
        var s = "ab b"
        let r = s.withUTF8 { re.firstMatch($0, from: 1) }
        #expect(r?[0] == 3..<4)
        let ip = try CompiledRegex("\\d+")
        var t = "12 34"
        #expect(t.withUTF8 { ip.firstMatch($0, from: 1) }?[0] == 1..<2)
        #expect(t.withUTF8 { ip.firstMatch($0, from: 5) } == nil)
        let anchored = try CompiledRegex("^a")
        var u = "aa"
        #expect(u.withUTF8 { anchored.firstMatch($0, from: 1) } == nil)
    }

    @Test func emptyAndInvalidUTF8Input() throws {
        let re = try CompiledRegex("a.c")
        let bytes: [UInt8] = [0x61, 0xFF, 0x63, 0x61, 0xE2, 0x98, 0xBA, 0x63]
        let r = bytes.withUnsafeBufferPointer { re.firstMatch($0) }
        #expect(r?[0] == 3..<8)   // an invalid byte is not a code point: `.` does not match it
        let neg = try CompiledRegex("[^x]+")
        #expect(bytes.withUnsafeBufferPointer { neg.firstMatch($0) }?[0] == 0..<1)
        #expect(bytes.withUnsafeBufferPointer { neg.allMatches($0) }.map { $0[0]! } == [0..<1, 2..<8])
        let dotAll = try CompiledRegex("(?s)^.*$")
        #expect(bytes.withUnsafeBufferPointer { dotAll.matches($0) } == false)
        let empty: [UInt8] = []
        #expect(empty.withUnsafeBufferPointer { re.matches($0) } == false)
        #expect(empty.withUnsafeBufferPointer { try! CompiledRegex("^$").matches($0) })
    }

    @Test func cacheReturnsSameInstance() throws {
        let a = try RegexCache.compiled("x+y")
        let b = try RegexCache.compiled("x+y")
        #expect(a === b)
    }

    @Test func concurrentUse() async throws {
        let re = try CompiledRegex("(\\w+)=(\\d+)")
        let inputs = (0..<200).map { "key\($0)=\($0 * 7) other" }
        await withTaskGroup(of: Bool.self) { group in
            for t in 0..<4 {
                group.addTask {
                    var ok = true
                    for round in 0..<20 {
                        for (i, s) in inputs.enumerated() where (i + t + round) % 2 == 0 {
                            let m = re.firstMatch(in: s)
                            ok = ok && m?[1] == "key\(i)" && m?[2] == "\(i * 7)" && re.matches(s)
                        }
                    }
                    return ok
                }
            }
            for await ok in group { #expect(ok) }
        }
    }

    /// The DFA (matches), the backtracker and the Pike VM must agree on generated inputs.
    @Test func dfaAgreesWithPikeVM() throws {
        let patterns = ["a+b", "(a|b)*c", "\\bab", "ab$", "(?m)^b", "[^a]b", "a.?b", "(?i)AB", "\\Bb", "é+", "x*",
                        "(a*)(b|abc)", "(a|ab)(c|bcd)?", "((a)|b)+", "(?m)(^a|b$)+", "(a+?)(a*)", "\\b(\\w+)\\b"]
        let alphabet: [String] = ["a", "b", "c", " ", "\n", "é", "A"]
        var seed: UInt64 = 42
        func next() -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int(seed >> 33) }
        for p in patterns {
            let re = try CompiledRegex(p)
            let pike = try CompiledRegex(p)
            pike.forcePikeVM = true
            for _ in 0..<300 {
                let len = next() % 8
                let s = (0..<len).map { _ in alphabet[next() % alphabet.count] }.joined()
                #expect(re.matches(s) == (re.firstMatch(in: s) != nil), "/\(p)/ on \(s.debugDescription)")
                #expect(re.allMatches(in: s) == pike.allMatches(in: s), "/\(p)/ on \(s.debugDescription)")
            }
        }
    }
}

@Suite struct HostileTests {
    static let cases: [(String, String)] = [
        ("(a+)+$", String(repeating: "a", count: 100_000) + "b"),
        ("(a|aa)*c", String(repeating: "a", count: 100_000)),
        ("(x+x+)+y", String(repeating: "x", count: 100_000)),
        ("(.*a){20}", String(repeating: "a", count: 100_000)),
        ("(.*a){20}", String(repeating: "b", count: 100_000)),
    ]

    @Test(arguments: 0..<5) func linearTime(_ k: Int) throws {
        let (pattern, input) = Self.cases[k]
        let re = try CompiledRegex(pattern)
        let clock = ContinuousClock()
        let t = clock.measure {
            _ = re.matches(input)
            _ = re.firstMatch(in: input)
        }
        #expect(t < .seconds(2), "\(pattern) took \(t)")
    }

    /// Many matches in a long input: each search must only pay for the text it examines.
    @Test func allMatchesOnLongInput() throws {
        let input = String(repeating: "12 ab ", count: 10_000)
        let re = try CompiledRegex("(\\d+)")
        let clock = ContinuousClock()
        var count = 0
        let t = clock.measure { count = re.allMatches(in: input).count }
        #expect(count == 10_000)
        #expect(t < .seconds(2), "allMatches took \(t)")
        let replaced = try CompiledRegex("\\s+").replaceAll(in: input, with: "")
        #expect(replaced.utf8.count == 10_000 * 4)
    }

    /// A pattern whose DFA needs thousands of states: the cache flushes (and may hand over to
    /// the NFA) but answers stay correct and time stays linear.
    @Test func dfaCacheThrash() throws {
        let re = try CompiledRegex("[01]*1[01]{12}$")
        var seed: UInt64 = 7
        let bits = (0..<5_000).map { _ -> String in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return (seed >> 40) & 1 == 0 ? "0" : "1"
        }.joined()
        let clock = ContinuousClock()
        let t = clock.measure {
            // Ends in ...1 followed by twelve digits: a match exactly when position n-13 holds a 1.
            let expected = Array(bits.utf8)[bits.utf8.count - 13] == UInt8(ascii: "1")
            #expect(re.matches(bits) == expected)
            #expect((re.firstMatch(in: bits) != nil) == expected)
            #expect(re.matches(bits + "1" + String(repeating: "0", count: 12)))
        }
        // A guard against a blow-up (backtracking would take ages), not a benchmark: generous, so a
        // loaded machine does not fail it (a debug build takes ~1 s here when the machine is idle).
        #expect(t < .seconds(30), "took \(t)")
    }

    @Test func hostileResults() throws {
        #expect(try CompiledRegex("(a+)+$").firstMatch(in: "aaab") == nil)
        #expect(try CompiledRegex("(a|aa)*c").firstMatch(in: "aaaa") == nil)
        #expect(try CompiledRegex("(x+x+)+y").firstMatch(in: "xxxxy")?[0] == "xxxxy")
        let a20 = String(repeating: "a", count: 25)
        #expect(try CompiledRegex("(.*a){20}").firstMatch(in: a20)?[0] == a20)
        #expect(try CompiledRegex("(.*a){20}").firstMatch(in: String(repeating: "a", count: 19)) == nil)
    }
}

@Suite struct MatcherTests {
    /// The borrowed-scratch matcher answers exactly like the one-call API, row after row.
    @Test func matcherAgreesWithFirstMatch() throws {
        let re = try CompiledRegex("([0-9]{1,3})\\.([0-9]{1,3})\\.[0-9]{1,3}\\.[0-9]{1,3}")
        let inputs = ["::ffff:10.1.2.3", "fe80::1", "192.168.1.12", "", "x 1.2.3.4 y 5.6.7.8", "999.1.1"]
        re.withMatcher { m in
            for s in inputs {
                let bytes = Array(s.utf8)
                bytes.withUnsafeBufferPointer { buf in
                    let full = re.firstMatch(buf)
                    for g in 0...2 {
                        #expect(m.firstMatch(group: g, in: buf) == full?[g] ?? nil, "\(s) group \(g)")
                    }
                    #expect(m.matches(buf) == (full != nil))
                }
            }
        }
    }
}
