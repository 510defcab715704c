import Foundation
import Testing
import KQLColumns
@testable import QuarryIO

/// Malformed input fails with the file, line and column, or (skipBadRows) is counted per file;
/// it never crashes.
@Suite struct BadInputTests {
    static func write(_ bytes: [UInt8], name: String, tag: String = #function) -> String {
        let p = TestPaths.tempDir(tag) + "/" + name
        FileManager.default.createFile(atPath: p, contents: Data(bytes))
        return p
    }

    static func readError(_ path: String, table: String? = "T", skip: Bool = false) -> ReadError? {
        var o = ReadOptions()
        o.skipBadRows = skip
        do {
            _ = try TableReader.read(path: path, tableName: table, options: o)
            return nil
        } catch {
            return error as? ReadError
        }
    }

    @Test func invalidUTF8InCSV() throws {
        var b = Array("a,b\n1,ok\n2,caf".utf8)
        b += [0xC3, 0x28]            // invalid continuation byte
        b += Array(",x\n".utf8)
        let path = Self.write(b, name: "bad.csv")
        let e = try #require(Self.readError(path))
        #expect(e.file == path)
        #expect(e.line == 3)
        #expect(e.column == 6)
        #expect(e.message.contains("invalid UTF-8"))
        // Encoding errors are about the file, not one row: skipBadRows does not hide them.
        #expect(Self.readError(path, skip: true) != nil)
    }

    @Test func invalidUTF8InJSON() throws {
        var b = Array("{\"a\":\"x\"}\n{\"a\":\"".utf8)
        b += [0xED, 0xA0, 0x80]      // encoded surrogate: not UTF-8
        b += Array("\"}\n".utf8)
        let e = try #require(Self.readError(Self.write(b, name: "bad.jsonl")))
        #expect(e.line == 2)
        #expect(e.column == 7)
    }

    @Test func overlongAndTruncatedSequences() {
        for bad: [UInt8] in [[0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xFF]] {
            let b = Array("abcdefghij".utf8) + bad
            #expect(b.withUnsafeBufferPointer { TextEncoding.firstInvalidUTF8($0) } == 10)
        }
        let good = Array("héllo wörld 日本 😀 plain ascii text longer than eight".utf8)
        #expect(good.withUnsafeBufferPointer { TextEncoding.firstInvalidUTF8($0) } == nil)
    }

    @Test func utf16FileIsNamed() throws {
        let b: [UInt8] = [0xFF, 0xFE] + Array("a,b\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let e = try #require(Self.readError(Self.write(b, name: "u16.csv")))
        #expect(e.message.contains("UTF-16"))
    }

    @Test func jsonSyntaxError() throws {
        let path = Self.write(Array("{\"a\":1}\n{\"a\":2,,}\n{\"a\":3}\n".utf8), name: "rows.jsonl")
        let e = try #require(Self.readError(path))
        #expect(e.file == path)
        #expect(e.line == 2)
        #expect(e.column > 0)
        var o = ReadOptions()
        o.skipBadRows = true
        let (t, r) = try TableReader.read(path: path, tableName: "T", options: o)
        #expect(t.rowCount == 2)
        #expect(r.skippedRows[path] == 1)
    }

    @Test func csvWrongFieldCount() throws {
        let path = Self.write(Array("a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n".utf8), name: "rows.csv")
        let e = try #require(Self.readError(path))
        #expect(e.file == path)
        #expect(e.line == 3)
        var o = ReadOptions()
        o.skipBadRows = true
        let (t, r) = try TableReader.read(path: path, tableName: "T", options: o)
        #expect(t.rowCount == 2)
        #expect(r.skippedRows[path] == 2)
    }

    @Test func gzipOfBadCSVNamesTheGzipFile() throws {
        // gzip of "a,b\n1,2\n3\n" (made with Python's gzip module, mtime 0).
        let gz: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xff, 0x4b, 0xd4, 0x49, 0xe2,
                           0x32, 0xd4, 0x31, 0xe2, 0x32, 0xe6, 0x02, 0x00, 0xd8, 0xa1, 0xc8, 0x07, 0x0a, 0x00, 0x00, 0x00]
        #expect(try Gzip.decompress(Data(gz)) == Data("a,b\n1,2\n3\n".utf8))
        let path = Self.write(gz, name: "rows.csv.gz")
        let e = try #require(Self.readError(path))
        #expect(e.file == path)
        #expect(e.line == 3)
    }

    @Test func notGzipAfterMagic() throws {
        let path = Self.write([0x1f, 0x8b, 0x07, 0, 0, 0, 0, 0, 0, 0xff, 1, 2, 3], name: "x.gz")
        let e = try #require(Self.readError(path))
        #expect(e.file == path)
        #expect(e.message.contains("gzip"))
    }

    @Test func truncatedGzipInDirectoryNamesFile() throws {
        let dir = TestPaths.tempDir()
        try FileManager.default.createDirectory(atPath: dir + "/DeviceNetworkEvents", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestPaths.fixture("gzip/truncated.gz"), toPath: dir + "/DeviceNetworkEvents/part2.csv.gz")
        do {
            _ = try TableReader.readDirectory(dir, options: ReadOptions())
            Issue.record("no error")
        } catch let e as ReadError {
            #expect(e.file.hasSuffix("DeviceNetworkEvents/part2.csv.gz"))
            #expect(e.message.contains("truncated"))
        }
    }
}
