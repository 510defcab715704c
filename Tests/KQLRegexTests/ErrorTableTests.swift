import Testing
@testable import KQLRegex

struct ErrorCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let offset: Int
    let mentions: String
    var testDescription: String { "/\(pattern)/ → error at \(offset)" }
}

func bad(_ pattern: String, _ offset: Int, _ mentions: String) -> ErrorCase {
    ErrorCase(pattern: pattern, offset: offset, mentions: mentions)
}

let errorCases: [ErrorCase] = [
    bad("a(?=b)", 1, "lookahead"),
    bad("a(?!b)", 1, "negative lookahead"),
    bad("(?<=a)b", 0, "lookbehind"),
    bad("(?<!a)b", 0, "negative lookbehind"),
    bad("(a)\\1", 3, "backreference"),
    bad("\\8", 0, "backreference"),
    bad("(?P<n>a)(?P=n)", 8, "backreference"),
    bad("x\\Z", 1, "\\Z"),
    bad("a*+", 2, "possessive"),
    bad("a++", 2, "possessive"),
    bad("a?+", 2, "possessive"),
    bad("(?>a)", 0, "atomic"),
    bad("(?(1)a|b)", 0, "conditional"),
    bad("a(?#c)", 1, "comment"),
    bad("a**", 2, "bad repetition"),
    bad("x{2}{3}", 4, "bad repetition"),
    bad("a{1001}", 1, "bad repetition"),
    bad("a{2,1}", 1, "bad repetition"),
    bad("a{1,1001}", 1, "bad repetition"),
    bad("((a{100}){100})", 9, "bad repetition"),
    bad("*a", 0, "missing argument"),
    bad("a|+", 2, "missing argument"),
    bad("(?i)?", 4, "missing argument"),
    bad("{2}", 0, "missing argument"),
    bad("(abc", 0, "missing closing )"),
    bad("abc)", 3, "unexpected )"),
    bad("[abc", 0, "missing closing ]"),
    bad("[z-a]", 1, "invalid character class range"),
    bad("\\p{Klingon}", 0, "invalid character class"),
    bad("[[:foo:]]", 1, "invalid character class"),
    bad("x\\q", 1, "invalid escape"),
    bad("\\x{110000}", 0, "invalid escape"),
    bad("\\xZ1", 0, "invalid escape"),
    bad("(?P<n>a)(?P<n>b)", 8, "duplicate"),
    bad("(?P<a-b>x)", 0, "invalid named capture"),
    bad("\\", 0, "trailing backslash"),
    bad("(?z)", 0, "invalid or unsupported Perl syntax"),
    bad("(?i-)", 0, "invalid or unsupported Perl syntax"),
    bad("é(?=x)", 2, "lookahead"),
    bad("日本\\1", 6, "backreference"),
    bad("[\\b]", 1, "escape"),
]

@Suite struct ErrorTableTests {
    @Test(arguments: errorCases) func rejected(_ c: ErrorCase) {
        do {
            _ = try CompiledRegex(c.pattern)
            Issue.record("expected an error for \(c.pattern)")
        } catch let e as RegexSyntaxError {
            #expect(e.offset == c.offset, "offset: \(e)")
            #expect(e.message.contains(c.mentions), "message: \(e.message)")
        } catch {
            Issue.record("unexpected error type \(error)")
        }
    }

    @Test func cacheRejectsToo() {
        #expect(throws: RegexSyntaxError.self) { try RegexCache.compiled("a(?=b)") }
    }
}
