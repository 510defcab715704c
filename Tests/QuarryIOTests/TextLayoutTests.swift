@testable import QuarryIO
import Testing

/// Terminal widths (wcwidth over East_Asian_Width and the zero-width categories), cell escaping,
/// fitting a table to a width, and the vertical and Markdown layouts.
@Suite struct DisplayWidthTests {
    @Test func asciiIsOneColumnAWideCharacterTwoAMarkNone() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("日本語") == 6)            // CJK ideographs: W
        #expect(DisplayWidth.of("ｱ") == 1)                 // halfwidth katakana: H
        #expect(DisplayWidth.of("Ａ") == 2)                 // fullwidth Latin: F
        #expect(DisplayWidth.of("한글") == 4)               // Hangul syllables: W
        #expect(DisplayWidth.of("e\u{301}") == 1)           // e + combining acute
        #expect(DisplayWidth.of("\u{1100}\u{1161}\u{11A8}") == 2)   // conjoining jamo: leading W, medial and final 0
        #expect(DisplayWidth.of("a\u{200B}b") == 2)         // zero width space (Cf)
        #expect(DisplayWidth.of("😀") == 2)                 // emoji presentation
        #expect(DisplayWidth.of("\u{20000}") == 2)          // CJK extension B (plane 2)
        #expect(DisplayWidth.of("\u{3000}") == 2)           // ideographic space: F
        #expect(DisplayWidth.of("é") == 1)
    }

    @Test func truncationEndsInAnEllipsisAndNeverSplitsAWideCharacter() {
        #expect(DisplayWidth.truncate("abcdef", to: 6) == "abcdef")
        #expect(DisplayWidth.truncate("abcdefg", to: 6) == "abcde…")
        #expect(DisplayWidth.truncate("日本語テキスト", to: 6) == "日本…")
        #expect(DisplayWidth.truncate("日本語テキスト", to: 5) == "日本…")
        #expect(DisplayWidth.of(DisplayWidth.truncate("日本語テキスト", to: 4)) <= 4)
        #expect(DisplayWidth.truncate("abc", to: 1) == "…")
        #expect(DisplayWidth.truncate("abc", to: 0) == "")
    }

    @Test func padUsesDisplayColumns() {
        #expect(DisplayWidth.pad("日本", to: 6) == "日本  ")
        #expect(DisplayWidth.pad("42", to: 5, right: true) == "   42")
    }
}

@Suite struct CellTextTests {
    @Test func controlCharactersAreEscaped() {
        #expect(CellText.escape("a\nb\tc\rd") == "a\\nb\\tc\\rd")
        #expect(CellText.escape("\u{1B}[31mred") == "\\u{1b}[31mred")
        #expect(CellText.escape("x\u{7F}\u{85}") == "x\\u{7f}\\u{85}")
        #expect(CellText.escape("\u{202E}exe.txt") == "\\u{202e}exe.txt")   // right-to-left override
        #expect(CellText.escape("C:\\Windows\\System32") == "C:\\Windows\\System32")
        #expect(CellText.escape("日本") == "日本")
    }
}

@Suite struct TextTableTests {
    let table = TextTable(headers: ["Name", "Count"], rows: [["alpha", "1"], ["b", "12345"]], rightAligned: [false, true])

    @Test func naturalWidthsWithNumbersRightAligned() {
        let (lines, hidden) = table.render(maxWidth: nil)
        #expect(hidden == 0)
        #expect(lines == ["Name  | Count", "------+------", "alpha |     1", "b     | 12345"])
    }

    @Test func fitsTheWidthWithEllipses() {
        let t = TextTable(headers: ["CommandLine", "Id"], rows: [[String(repeating: "x", count: 50), "7"]], rightAligned: [false, true])
        let (lines, hidden) = t.render(maxWidth: 20)
        #expect(hidden == 0)
        for l in lines { #expect(DisplayWidth.of(l) <= 20, "\(l)") }
        #expect(lines[2] == String(repeating: "x", count: 14) + "… |  7")
    }

    @Test func shrinksFairly() {
        // Natural widths 30, 30, 4 in 50 columns: 6 go to separators; the narrow column keeps 4 and the
        // wide ones share the rest equally (20 each).
        let rows = [[String(repeating: "a", count: 30), String(repeating: "b", count: 30), "cccc"]]
        let fit = TextTable.fit([30, 30, 4], maxWidth: 50)
        #expect(fit.widths == [20, 20, 4] && fit.hidden == 0)
        let (lines, _) = TextTable(headers: ["A", "B", "C"], rows: rows, rightAligned: [false, false, false]).render(maxWidth: 50)
        #expect(lines[2] == String(repeating: "a", count: 19) + "… | " + String(repeating: "b", count: 19) + "… | cccc")
    }

    @Test func columnsThatCannotFitAreHiddenOnTheRight() {
        let headers = (1...30).map { "Column\($0)" }
        let row = (1...30).map { "value\($0)" }
        let (lines, hidden) = TextTable(headers: headers, rows: [row], rightAligned: Array(repeating: false, count: 30)).render(maxWidth: 40)
        #expect(hidden > 0)
        for l in lines { #expect(DisplayWidth.of(l) <= 40, "\(l)") }
        #expect(lines[0].hasSuffix("| …"))
    }

    @Test func wideCharactersAndEscapesAreMeasuredAfterEscaping() {
        let t = TextTable(headers: ["名前", "n"], rows: [["日本語\n改行", "1"]], rightAligned: [false, true])
        let (lines, _) = t.render(maxWidth: nil)
        #expect(lines[0] == "名前" + String(repeating: " ", count: 8) + " | n")
        #expect(lines[2] == "日本語\\n改行 | 1")
        #expect(DisplayWidth.of(lines[0]) == DisplayWidth.of(lines[2]))
    }
}

@Suite struct VerticalAndMarkdownTests {
    @Test func verticalIsOneLinePerFieldUnderARecordRule() {
        let lines = VerticalText.render(headers: ["Device", "N"], rows: [["ws-1", "3"], ["a\tb", ""]], maxWidth: nil)
        #expect(lines == ["-[ RECORD 1 ]-", "Device: ws-1", "N:      3", "-[ RECORD 2 ]-", "Device: a\\tb", "N:"])
    }

    @Test func verticalCutsLongValuesToTheWidth() {
        let lines = VerticalText.render(headers: ["CommandLine"], rows: [[String(repeating: "z", count: 100)]], maxWidth: 30)
        #expect(lines[1] == "CommandLine: " + String(repeating: "z", count: 16) + "…")
        #expect(lines[0].count <= 30)
    }

    @Test func markdownEscapesPipesAndAlignsNumbersRight() {
        let lines = MarkdownTable.render(headers: ["Path", "Count"], rows: [["C:\\a|b", "5"], ["*x*", "10"]], rightAligned: [false, true])
        #expect(lines == [
            "| Path     | Count |",
            "| -------- | ----: |",
            "| C:\\\\a\\|b |     5 |",
            "| \\*x\\*    |    10 |",
        ])
    }
}
