import Foundation
import Testing
import KQLColumns
@testable import QuarryIO

/// `ExternalDataParser` edge cases: line ends, quoting across lines, structure errors with their
/// line and column, and the formats' record rules (RFC 4180; ingestion data formats page).
@Suite struct ExternalDataParserTests {
    static func rows(_ text: String, _ format: ExternalDataFormat, _ schema: Schema, ignoreFirst: Bool = false) throws -> [[Value]] {
        try ExternalDataParser.parse(Array(text.utf8), format: format, schema: schema, ignoreFirstRecord: ignoreFirst, source: "t").table.rows()
    }

    static func failure(_ bytes: [UInt8], _ format: ExternalDataFormat, _ schema: Schema) -> ReadError? {
        do { _ = try ExternalDataParser.parse(bytes, format: format, schema: schema, ignoreFirstRecord: false, source: "t"); return nil }
        catch { return error as? ReadError }
    }

    static let two = Schema([Field("a", .string), Field("b", .long)])

    @Test func csvLineEndsQuotesAndBOM() throws {
        // CRLF line ends, a quoted field across lines with a doubled quote, a BOM, no final line end.
        let t = try Self.rows("\u{FEFF}x,1\r\n\"multi\nline \"\"q\"\"\",2\r\n\r\nlast,3", .csv, Self.two)
        #expect(t == [[.string("x"), .long(1)], [.string("multi\nline \"q\""), .long(2)], [.string("last"), .long(3)]])
        // A value that is not a long is null, and counted.
        let r = try ExternalDataParser.parse(Array("h,b\nx,1\n".utf8), format: .csv, schema: Self.two, ignoreFirstRecord: false, source: "t")
        #expect(r.unconvertedValues == 1 && r.table.rowCount == 2)
        // A trailing delimiter is one more (empty) field.
        #expect(try Self.rows("x,\n", .csv, Self.two) == [[.string("x"), .null(.long)]])
    }

    @Test func structureErrorsNameLineAndColumn() throws {
        let afterQuote = Self.failure(Array("a,1\n\"b\"c,2\n".utf8), .csv, Self.two)
        #expect(afterQuote?.line == 2 && afterQuote?.column == 4)
        let open = Self.failure(Array("a,1\nb,2\nc,\"3\n".utf8), .csv, Self.two)
        #expect(open?.line == 3 && open?.column == 3)
        let utf8 = Self.failure([0x61, 0x0A, 0x62, 0xFF, 0x0A], .txt, Self.two)
        #expect(utf8?.line == 2)
        let json = Self.failure(Array("{\"a\":\"x\"}\n[1]\n".utf8), .json, Self.two)
        #expect(json?.line == 2 && json?.message.contains("JSON object") == true)
        let unclosed = Self.failure(Array("{\"a\":\"x\"}\n\n{\"a\":\n".utf8), .multijson, Self.two)
        #expect(unclosed?.line == 3)
        let stray = Self.failure(Array("{\"a\":\"x\"} 5".utf8), .multijson, Self.two)
        #expect(stray != nil)
    }

    @Test func txtRawAndEmptyContent() throws {
        let one = Schema([Field("s", .string)])
        #expect(try Self.rows("", .txt, one).isEmpty)
        #expect(try Self.rows("", .raw, one).isEmpty)
        #expect(try Self.rows("", .csv, one).isEmpty)
        #expect(try Self.rows("a\r\n\r\nb", .txt, one) == [[.string("a")], [.string("b")]])
        #expect(try Self.rows("a\nb", .raw, one, ignoreFirst: true).isEmpty)
        // A brace inside a string does not end a multijson object.
        #expect(try Self.rows("{\"a\":\"}{\"}\n{\"a\":\"\\\"}\"}", .multijson, Self.two).map { $0[0] } == [.string("}{"), .string("\"}")])
    }

    @Test func zipArchives() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("LogicTests/data/external/top.zip").path
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(ZipArchive.isZip(bytes))
        let all = try ZipArchive.files(bytes, pattern: nil, limit: 1 << 20)
        #expect(all.map(\.name) == ["top-1m.csv", "README.txt", "lists/extra.csv"])
        #expect(all[0].bytes == Array("1,google.com\n2,facebook.com\n".utf8))
        #expect(try ZipArchive.files(bytes, pattern: "*.csv", limit: 1 << 20).map(\.name) == ["top-1m.csv", "lists/extra.csv"])
        // The files' total is bounded: 28 + 10 bytes pass 30.
        #expect(throws: ZipArchive.Failure.self) { _ = try ZipArchive.files(bytes, pattern: nil, limit: 30) }
        // Truncated or corrupted archives are errors, never traps.
        for cut in [10, 40, bytes.count / 2, bytes.count - 5] {
            #expect(throws: ZipArchive.Failure.self) { _ = try ZipArchive.files(Array(bytes.prefix(cut)), pattern: nil, limit: 1 << 20) }
        }
        var flipped = bytes
        flipped[45] ^= 0xFF   // inside the first (deflated) entry's data
        #expect(throws: ZipArchive.Failure.self) { _ = try ZipArchive.files(flipped, pattern: nil, limit: 1 << 20) }
        #expect(ZipArchive.matches("a/b.csv", "*.csv") && ZipArchive.matches("x.csv", "?.csv") && !ZipArchive.matches("x.csv", "*.tsv"))
    }

    @Test func formatFromTheURL() {
        #expect(ExternalDataFormat.detect(fromURL: "https://x/y/feed.TSV?sig=1") == .tsv)
        #expect(ExternalDataFormat.detect(fromURL: "https://x/y/feed.json.gz") == .json)
        #expect(ExternalDataFormat.detect(fromURL: "https://x/export/txt/recent/") == .csv)
        #expect(ExternalDataFormat.detect(fromURL: "https://x/a.b/c") == .csv)
        #expect(ExternalDataFormat.displayURL("https://x/y?sv=1&sig=secret") == "https://x/y?…")
    }
}
