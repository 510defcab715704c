import Testing
@testable @_spi(Engines) import KQLRegex

/// One first-match expectation. `expected` lists group 0...n as strings (nil = group did not
/// participate); a nil `expected` means no match. `at` optionally pins the byte offset of group 0.
struct MatchCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let input: String
    let expected: [String?]?
    let at: Int?
    var testDescription: String { "/\(pattern)/ on \(input.debugDescription)" }
}

func m(_ pattern: String, _ input: String, _ expected: String?..., at: Int? = nil) -> MatchCase {
    MatchCase(pattern: pattern, input: input, expected: expected, at: at)
}
func none(_ pattern: String, _ input: String) -> MatchCase {
    MatchCase(pattern: pattern, input: input, expected: nil, at: nil)
}

let literalCases: [MatchCase] = [
    m("abc", "xxabcxx", "abc", at: 2),
    m("a\\.b", "a.b", "a.b"),
    none("a\\.b", "axb"),
    m("\\x41", "zA", "A", at: 1),
    m("\\x{263A}", "hi ☺", "☺", at: 3),
    m("\\x{10FFFF}", "a\u{10FFFF}", "\u{10FFFF}", at: 1),
    m("\\t\\n", "a\t\nb", "\t\n"),
    m("\\Qa.b*c\\E+", "a.b*cc", "a.b*cc"),
    none("\\Qa.b*c\\E+", "a.b*"),
    m("\\Qa.b", "xa.b", "a.b"),
    none("\\Qa.b", "axb"),
    m("\\052", "a*", "*"),
    m("\\0", "a\u{0}", "\u{0}"),
    m("[\\-\\]]+", "a-]-b", "-]-"),
    m("\\_\\-\\/\\\"\\'", "x_-/\"'", "_-/\"'"),
    m("\\a\\f\\v\\r", "\u{7}\u{C}\u{B}\r", "\u{7}\u{C}\u{B}\r"),
    m("a{,2}", "a{,2}", "a{,2}"),
    m("a{x}", "a{x}", "a{x}"),
    m("{", "a{b", "{"),
    m("日本", "にほん日本語", "日本", at: 9),
]

let dotAndClassCases: [MatchCase] = [
    m("a.c", "abc", "abc"),
    none("a.c", "a\nc"),
    m("(?s)a.c", "a\nc", "a\nc"),
    m("(?s:.)b", "\nb", "\nb"),
    m("^.$", "é", "é"),
    none("^..$", "é"),
    m("^.$", "😀", "😀"),
    m("a.c", "a☺c", "a☺c"),
    m("[a-c]+", "xxabcabd", "abcab", at: 2),
    m("[^a-c]+", "abcxyz", "xyz", at: 3),
    m("[]a]+", "]a]b", "]a]"),
    m("[^]a]", "]ab", "b", at: 2),
    m("[a-]+", "a-a", "a-a"),
    m("[\\d.]+", "v1.25x", "1.25"),
    m("\\d+", "abc123def", "123", at: 3),
    m("\\D+", "123abc", "abc"),
    m("\\w+", "  foo_bar9! ", "foo_bar9"),
    m("\\W+", "ab!?cd", "!?"),
    m("\\s+", "a \t\nb", " \t\n"),
    m("\\S+", "  xy ", "xy"),
    none("\\s", "\u{B}"),
    m("[[:space:]]", "a\u{B}", "\u{B}"),
    none("\\d", "٣"),
    none("\\w", "é"),
    m("[[:alpha:]]+", "12abC3", "abC"),
    m("[[:^alpha:]]+", "ab12c", "12"),
    m("[[:digit:][:upper:]]+", "abC9Dx", "C9D"),
    m("[[:xdigit:]]+", "zz0fAgz", "0fA"),
    m("[[:punct:]]+", "ab!@#c", "!@#"),
    m("[[:word:]]+", "$a_1$", "a_1"),
    m("[^\\x00-\\x7F]+", "abc日本語def", "日本語", at: 3),
    m("[\\x{100}-\\x{10FFFF}]", "aÿĀ", "Ā"),
    m("[^a]", "aé", "é"),
    m("[^\\n]+", "\nab\n", "ab"),
    m("[\\w-]+", "x foo-bar", "x"),
    m("[a-c-e]+", "-ab-e", "-ab-e"),
]

let unicodeCases: [MatchCase] = [
    m("\\pN", "x٣", "٣"),
    m("\\p{Nd}+", "x٣٤", "٣٤"),
    m("\\pL+", "123Ωμέγα!", "Ωμέγα"),
    m("\\p{L}+", "123Ωμέγα!", "Ωμέγα"),
    m("\\p{Greek}+", "abcΩμέγαxyz", "Ωμέγα"),
    m("\\PL+", "ab12!c", "12!"),
    m("\\P{L}+", "ab12!c", "12!"),
    m("\\p{^L}+", "ab12!c", "12!"),
    m("\\P{^L}+", "12ab!", "ab"),
    m("\\p{Lu}+", "abCDé", "CD"),
    m("\\p{Ll}+", "ABcdéF", "cdé"),
    m("\\p{Cyrillic}+", "hello привет", "привет"),
    m("\\p{Han}+", "abc中文def", "中文"),
    m("\\p{Arabic}+", "x مرحبا y", "مرحبا"),
    m("\\p{Latin}+", "Ωabcé", "abcé"),
    m("\\p{P}+", "a,.!b", ",.!"),
    m("\\p{S}", "a+b", "+"),
    m("\\p{Z}", "a\u{A0}b", "\u{A0}"),
    m("\\p{Zs}", "a\u{3000}b", "\u{3000}"),
    m("[\\p{Greek}\\d]+", "aα1β2b", "α1β2"),
    m("[^\\pL]+", "ab12c", "12"),
    m("\\p{Any}+", "a\nb", "a\nb"),
    m("\\pL\\pL", "éé", "éé"),
    none("\\p{Greek}", "abc"),
]

let anchorCases: [MatchCase] = [
    m("^abc", "abcabc", "abc", at: 0),
    none("^abc", "xabc"),
    m("abc$", "abcabc", "abc", at: 3),
    none("a$", "a\n"),
    m("(?m)a$", "a\n", "a"),
    m("(?m)^b", "a\nb", "b", at: 2),
    none("^b", "a\nb"),
    m("(?m)^$", "a\n\nb", "", at: 2),
    m("(?m)^", "abc", "", at: 0),
    m("(?m)$", "ab\ncd", "", at: 2),
    m("\\Aabc", "abc", "abc"),
    none("(?m)\\Ab", "a\nb"),
    none("abc\\z", "abc\n"),
    m("abc\\z", "xabc", "abc"),
    m("\\bfoo\\b", "a foo b", "foo", at: 2),
    none("\\bfoo\\b", "afoob"),
    m("\\Boo\\B", "foob", "oo"),
    none("\\bé", "é"),
    m("\\b", "  ab", "", at: 2),
    m("\\B", "ab", "", at: 1),
    m("^", "", ""),
    m("$", "abc", "", at: 3),
    m("^$", "", ""),
    none("^$", "a"),
    m("x*", "", ""),
    m("a\\b", "a.", "a"),
    m("(?m)^\\w+$", "12 x\nabc\n", "abc", at: 5),
]

let alternationCases: [MatchCase] = [
    m("a|ab", "ab", "a"),
    m("ab|a", "ab", "ab"),
    m("(a|ab)(c|bcd)", "abcd", "abcd", "a", "bcd"),
    m("(a|ab)(c|bcd)(d*)", "abcd", "abcd", "a", "bcd", ""),
    m("(foo|foobar)bar", "foobar", "foobar", "foo"),
    m("|a", "a", "", at: 0),
    m("a|", "b", "", at: 0),
    m("cat|dog|bird", "hotdog", "dog", at: 3),
    m("(?:x|y)+", "zxyyx", "xyyx"),
    m("a(b|c)*d", "abcbd", "abcbd", "b"),
    m("(a|b)*", "abab", "abab", "b"),
    m("((a)|b)+", "ab", "ab", "b", "a"),
    m("(a*)+", "b", "", ""),
    m("(a*)*", "aa", "aa", "aa"),
    m("(|a)*", "aaa", "", ""),
    m("(|a)+", "aaa", "", ""),
    m("(?:a|)*", "aaa", "aaa"),
    m("(?:a|)+b", "aab", "aab"),
]

let repetitionCases: [MatchCase] = [
    m("a+", "aaa", "aaa"),
    m("a+?", "aaa", "a"),
    m("a*?", "aaa", ""),
    m("a??b", "ab", "ab"),
    m("<.+>", "<a><b>", "<a><b>"),
    m("<.+?>", "<a><b>", "<a>"),
    m("(?U)<.+>", "<a><b>", "<a>"),
    m("(?U)<.+?>", "<a><b>", "<a><b>"),
    m("(?U:a+)a+", "aaaa", "aaaa"),
    m("a{2,3}", "aaaa", "aaa"),
    m("a{2,3}?", "aaaa", "aa"),
    m("a{2}", "aaa", "aa"),
    m("a{2,}", "aaaaa", "aaaaa"),
    none("a{3}", "aa"),
    m("a{0}b", "ab", "b", at: 1),
    m("(a){0}b", "ab", "b", nil),
    m("(ab){2}", "abababx", "abab", "ab"),
    m("x{1000}", String(repeating: "x", count: 1001), String(repeating: "x", count: 1000)),
    m("(a{10}){100}", String(repeating: "a", count: 1000), String(repeating: "a", count: 1000), String(repeating: "a", count: 10)),
    m("\\d{1,3}?\\d", "1234", "12"),
    m("(a+)(a+)", "aaaa", "aaaa", "aaa", "a"),
    m("(a+?)(a+)", "aaaa", "aaaa", "a", "aaa"),
    m("(?:ab)*?c", "ababc", "ababc"),
]

let captureCases: [MatchCase] = [
    m("(a)(b)?", "a", "a", "a", nil),
    m("(a+)(b)?", "xaab", "aab", "aa", "b"),
    m("(?P<year>\\d{4})-(?P<mon>\\d\\d)", "on 2024-05-01", "2024-05", "2024", "05"),
    m("(?<x>a)(?:b)(c)", "abc", "abc", "a", "c"),
    m("(a)|(b)", "b", "b", nil, "b"),
    m("((a)(b))", "ab", "ab", "ab", "a", "b"),
    m("(\\w+)@(\\w+)\\.com", "mail joe@site.com now", "joe@site.com", "joe", "site"),
    m("(é+)(x)", "aééx", "ééx", "éé", "x"),
    m("()", "a", "", ""),
]

let caseFoldCases: [MatchCase] = [
    m("(?i)abc", "xABCx", "ABC"),
    m("(?i)straße", "STRAßE", "STRAßE"),
    m("(?i)σ", "Σ", "Σ"),
    m("(?i)σ", "ς", "ς"),
    m("(?i)ω+", "Ωω", "Ωω"),
    m("(?i)привет", "ПРИВЕТ", "ПРИВЕТ"),
    m("(?i)é", "É", "É"),
    m("(?i)k", "\u{212A}", "\u{212A}"),
    m("(?i)s", "ſ", "ſ"),
    m("(?i)[a-c]+", "xABcx", "ABc"),
    none("(?i)[^k]", "K"),
    m("(?i)[^k]", "Kx", "x"),
    m("a(?i)b", "aB", "aB"),
    none("a(?i)b", "AB"),
    m("(?i:a)b", "Ab", "Ab"),
    none("(?i:a)b", "AB"),
    none("(?i)a(?-i)b", "AB"),
    m("(?i)a(?-i)b", "Ab", "Ab"),
    m("(?i)ÿ", "Ÿ", "Ÿ"),
    m("(?i)\\p{Lu}", "a", "a"),
    m("(?i)ǅ", "ǆ", "ǆ"),
    m("(?i)\\x41", "a", "a"),
    m("(?i)[[:upper:]]+", "aB", "aB"),
    none("(?i)i", "ı"),
    m("(?i)(a)|b", "A", "A", "A"),
    m("(?i)select.*from", "SeLeCt * FROM t", "SeLeCt * FROM"),
    m("(?im)^x$", "a\nX\n", "X"),
]

let founderCases: [MatchCase] = [
    m("[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}", "::ffff:10.1.2.3", "10.1.2.3", at: 7),
    none("[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}", "fe80::1"),
    m("[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}", "192.168.1.12", "192.168.1.12", at: 0),
    m("[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}", "1234.5.6.7", "234.5.6.7", at: 1),
    m("(\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+)", "src=10.0.0.255:443", "10.0.0.255", "10", "0", "0", "255"),
    m("(?i)powershell.*-enc(odedcommand)?\\s+(\\S+)", "C:\\PowerShell.exe -nop -EncodedCommand SQBFAFgA",
      "PowerShell.exe -nop -EncodedCommand SQBFAFgA", "odedCommand", "SQBFAFgA"),
]

@Suite struct MatchTableTests {
    static func check(_ c: MatchCase) throws {
        let re = try CompiledRegex(c.pattern)
        let got = re.firstMatch(in: c.input)
        #expect(got == c.expected, "firstMatch")
        if let e = c.expected { #expect(e.count == re.captureCount + 1, "group count") }
        #expect(re.matches(c.input) == (c.expected != nil), "matches() agrees with firstMatch")
        let pike = try CompiledRegex(c.pattern)
        pike.forcePikeVM = true
        #expect(pike.firstMatch(in: c.input) == c.expected, "firstMatch via the Pike VM")
        if let at = c.at {
            var s = c.input
            let r = s.withUTF8 { re.firstMatch($0) }
            #expect(r?[0]?.lowerBound == at, "match offset")
        }
    }

    @Test(arguments: literalCases) func literals(_ c: MatchCase) throws { try Self.check(c) }
    @Test(arguments: dotAndClassCases) func dotAndClasses(_ c: MatchCase) throws { try Self.check(c) }
    @Test(arguments: unicodeCases) func unicode(_ c: MatchCase) throws { try Self.check(c) }
    @Test(arguments: anchorCases) func anchors(_ c: MatchCase) throws { try Self.check(c) }
    @Test(arguments: alternationCases) func alternation(_ c: MatchCase) throws { try Self.check(c) }
    @Test(arguments: repetitionCases) func repetition(_ c: MatchCase) throws { try Self.check(c) }
    @Test(arguments: captureCases) func captures(_ c: MatchCase) throws { try Self.check(c) }
    @Test(arguments: caseFoldCases) func caseFolding(_ c: MatchCase) throws { try Self.check(c) }
    @Test(arguments: founderCases) func foundingHunt(_ c: MatchCase) throws { try Self.check(c) }
}
