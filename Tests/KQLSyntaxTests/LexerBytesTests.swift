import Testing
@testable import KQLSyntax

/// Control bytes are named escaped in messages, and bytes that are not UTF-8 (only query text read
/// as bytes can hold them) are positioned errors, never silently read as U+FFFD.
@Suite struct LexerBytesTests {
    func diagnostics(_ bytes: [UInt8]) -> [(DiagnosticCode, Int, String)] {
        KQLParser.parse(SourceText(bytes: bytes)).diagnostics.map { ($0.code, $0.span.start, $0.message) }
    }

    @Test func controlBytesAreShownEscaped() {
        #expect(diagnostics(Array("print x = 1".utf8) + [0]).first?.2 == "unexpected character '\\0'")
        #expect(diagnostics(Array("print x = 1 ".utf8) + [0x1B]).first?.2 == "unexpected character '\\x1b'")
        #expect(diagnostics(Array("print x = 1 ".utf8) + [0x7F]).first?.2 == "unexpected character '\\x7f'")
        #expect(diagnostics(Array("print x = 1 ".utf8) + [0x1B]).first?.1 == 12)
    }

    @Test func invalidUTF8IsAnErrorAtItsByte() {
        let inString = diagnostics(Array("print x = \"ab".utf8) + [0xFF] + Array("cd\"".utf8))
        #expect(inString.count == 1)
        #expect(inString.first?.0 == .invalidUTF8)
        #expect(inString.first?.1 == 13)
        #expect(inString.first?.2 == "invalid UTF-8: byte 0xff is not part of a UTF-8 character")
        // a truncated sequence, an overlong one, a surrogate, a stray continuation byte
        for bad: [UInt8] in [[0xE2, 0x82], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0x80]] {
            let d = diagnostics(Array("print x = '".utf8) + bad + Array("'".utf8))
            #expect(d.first?.0 == .invalidUTF8)
            #expect(d.first?.1 == 11)
        }
        #expect(diagnostics(Array("// ".utf8) + [0xC3, 0x28] + Array("\nprint x = 1".utf8)).first?.1 == 3)
        // well-formed UTF-8 is fine, in strings and as a stray character
        #expect(diagnostics(Array("print x = 'é€😀'".utf8)).isEmpty)
        #expect(diagnostics(Array("print x = 1 é".utf8)).first?.2 == "unexpected character 'é'")
    }

    @Test func locationsOfBytesTextCountsCharacters() {
        let src = SourceText(bytes: Array("print x = \"ab".utf8) + [0xFF] + Array("cd\"".utf8))
        #expect(src.location(of: 13) == (1, 14))
    }
}
