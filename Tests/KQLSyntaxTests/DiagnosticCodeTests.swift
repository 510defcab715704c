import Foundation
import Testing
@testable import KQLSyntax

/// Every diagnostic code is a `DiagnosticCode` case with a stable printed raw value and a summary.
/// That no source file builds a `Diagnostic` from a string code any more is enforced by the
/// compiler: `Diagnostic.init(code:_:span:severity:)` takes a `DiagnosticCode`, not a `String`,
/// so this suite does not grep the sources for string literals.
@Suite struct DiagnosticCodeTests {
    @Test func everyCodeHasASummary() {
        for c in DiagnosticCode.allCases {
            let blank = c.summary.allSatisfy(\.isWhitespace)
            #expect(!blank, "\(c) has no summary")
            #expect(!c.summary.contains("\n"), "\(c): the summary is one line")
        }
    }

    @Test func rawValuesAreUniqueAndWellFormed() {
        let raws = DiagnosticCode.allCases.map(\.rawValue)
        #expect(Set(raws).count == raws.count)
        for r in raws {
            let b = Array(r.utf8)
            let wellFormed = b.count == 6 && b[0] == UInt8(ascii: "K") && b[1] == UInt8(ascii: "Q")
                && "SBUR".utf8.contains(b[2]) && b[3...].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            #expect(wellFormed, "\(r) is not KQ[SBUR][0-9]{3}")
        }
    }

    @Test func retiredCodesAreNotReused() {
        // KQS000 and KQU004 were used by earlier versions and mean nothing now.
        #expect(DiagnosticCode(rawValue: "KQS000") == nil)
        #expect(DiagnosticCode(rawValue: "KQU004") == nil)
    }

    @Test func renderingPrintsTheRawValue() {
        let src = SourceText("T | whre x")
        let d = Diagnostic(code: .unknownOperator, "unknown operator 'whre'", span: Span(4, 8))
        #expect(d.rendered(in: src).hasPrefix("1:5: error: unknown operator 'whre' [KQS005]\n"))
        #expect(DiagnosticCode.unknownTable.rawValue == "KQB001")
        #expect(DiagnosticCode.argumentType.rawValue == "KQB004")
    }

    /// The table in `Sources/KQLSyntax/README.md` lists every code with its case and summary.
    @Test func readmeTableListsEveryCode() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/KQLSyntax/README.md")
        guard let text = try? String(contentsOf: readme, encoding: .utf8) else { return }
        for c in DiagnosticCode.allCases {
            let row = "| \(c.rawValue) | `.\(c)` | \(c.summary.replacingOccurrences(of: "|", with: "\\|")) |"
            #expect(text.contains(row), "README has no row \(row)")
        }
    }

    /// Each case's `///` line is its `summary`, word for word.
    @Test func docCommentsMatchSummaries() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/KQLSyntax/Diagnostics/DiagnosticCode.swift")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return }
        for c in DiagnosticCode.allCases {
            #expect(text.contains("/// \(c.summary)\n    case \(c) = \"\(c.rawValue)\""), "\(c): the /// line differs from the summary")
        }
    }
}
