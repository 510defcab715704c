import Testing
import KQLColumns
@testable import QuarryIO

/// The JSON Lines prefilter skips only lines that cannot hold a passing record: a read with
/// pushed-down predicates, filtered afterwards, equals a plain read filtered the same way —
/// including values spelled with `\u` escapes, numbers and booleans read into string columns,
/// and texts found in other columns or at the very end of the file.
@Suite struct JSONLinePrefilterTests {
    static let predicates = [
        ScanPredicate(column: "DeviceName", op: .equal, value: .string("test.domain.tld")),
        ScanPredicate(column: "ActionType", op: .equal, value: .string("InboundConnectionAccepted")),
    ]

    /// A file big enough to be read in pieces (the prefilter's path), with tricky lines spread
    /// through it; `last` is written without a final line break.
    static func file(tricky: [String], last: String) -> String {
        var text = ""
        for i in 0..<6_000 {
            let device = i % 7 == 0 ? "test.domain.tld" : "ws-\(i % 50).contoso.local"
            let action = i % 3 == 0 ? "InboundConnectionAccepted" : "ConnectionSuccess"
            text += #"{"Timestamp":"2025-05-01T00:00:00Z","DeviceName":"\#(device)","ActionType":"\#(action)","RemotePort":\#(i),"InitiatingProcessFolderPath":"c:\\users\\u\\x.exe"}"# + "\n"
            if i % 1_000 == 500 { text += tricky[(i / 1_000) % tricky.count] + "\n" }
        }
        return text + last
    }

    static let tricky = [
        // The device name written with \u escapes: no verbatim text in the line.
        #"{"DeviceName":"test\u002edomain\u002etld","ActionType":"InboundConnectionAccepted","RemotePort":1}"#,
        // Both texts present, but in the wrong columns: must not pass the engine's filter.
        #"{"DeviceName":"InboundConnectionAccepted","ActionType":"test.domain.tld","RemotePort":2}"#,
        // The action type escaped entirely.
        #"{"DeviceName":"test.domain.tld","ActionType":"\u0049nboundConnectionAccepted","RemotePort":3}"#,
        // An escaped backslash before a u is not a \u escape (and the texts are absent).
        #"{"DeviceName":"c:\\users","ActionType":"x","RemotePort":4}"#,
    ]

    @Test func skippedLinesCannotPass() throws {
        let last = #"{"DeviceName":"test.domain.tld","ActionType":"InboundConnectionAccepted","RemotePort":99999}"#
        let path = TestPaths.write(Self.file(tricky: Self.tricky, last: last), name: "prefilter.jsonl")
        let cols = ["DeviceName", "ActionType", "RemotePort"]
        let (full, _) = try FastRead.plain(path, table: "DeviceNetworkEvents")
        var o = ReadOptions(); o.workers = 2; o.pieceBytes = 64 << 10
        let (t, _) = try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: o, columns: cols, predicates: Self.predicates)
        let expected = FastRead.filtered(full, cols, Self.predicates)
        #expect(FastRead.filtered(t, cols, Self.predicates) == expected)
        #expect(t.rowCount < full.rowCount / 2)
        // The escaped spellings and the unterminated last line are among the passing rows.
        let ports = Set(expected.compactMap { row -> Int32? in if case .int(let p) = row[2] { return p } else { return nil } })
        #expect(ports.contains(1) && ports.contains(3) && ports.contains(99_999) && !ports.contains(2))
    }

    @Test func numbersAndBooleansInStringColumns() throws {
        // DeviceName holds JSON numbers and booleans in some lines: their text is the value.
        var text = ""
        for i in 0..<5_000 {
            let v = i % 4 == 0 ? "12345" : (i % 4 == 1 ? "true" : "\"h\(i % 9)\"")
            text += #"{"DeviceName":\#(v),"ActionType":"A","RemotePort":\#(i),"InitiatingProcessCommandLine":"cmd /c echo \#(i)"}"# + "\n"
        }
        let path = TestPaths.write(text, name: "numbers.jsonl")
        let (full, _) = try FastRead.plain(path, table: "DeviceNetworkEvents")
        var o = ReadOptions(); o.workers = 2; o.pieceBytes = 64 << 10
        for value in ["12345", "true", "h3"] {
            let preds = [ScanPredicate(column: "DeviceName", op: .equal, value: .string(value))]
            let (t, _) = try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: o, columns: ["DeviceName", "RemotePort"], predicates: preds)
            let expected = FastRead.filtered(full, ["DeviceName", "RemotePort"], preds)
            #expect(!expected.isEmpty)
            #expect(FastRead.filtered(t, ["DeviceName", "RemotePort"], preds) == expected)
        }
    }

    /// Invalid UTF-8 in a line the reader parses is the error a plain read reports; in a line
    /// the prefilter skips (it cannot pass) it is not seen, and the answer is unchanged.
    @Test(arguments: [(4_998, true), (4_900, false)])
    func invalidUTF8(line port: Int, parsed: Bool) throws {
        var bytes = Array(Self.file(tricky: Self.tricky, last: "").utf8)
        let marker = Array(#""RemotePort":\#(port),"#.utf8)
        let at = bytes.indices.first { i in i + marker.count <= bytes.count && Array(bytes[i..<i + marker.count]) == marker }!
        bytes[at + marker.count + 31] = 0xFF   // inside the InitiatingProcessFolderPath value
        let path = BadInputTests.write(bytes, name: "badutf8-\(port).jsonl")
        var o = ReadOptions(); o.workers = 2; o.pieceBytes = 64 << 10
        let plainError = FastRead.error { try FastRead.plain(path, table: "DeviceNetworkEvents") }
        #expect(plainError != nil)
        let read = { try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: o, columns: ["DeviceName", "ActionType"], predicates: Self.predicates) }
        if parsed {
            let e = FastRead.error { try read() }
            #expect(e?.line == plainError?.line)
            #expect(e?.column == plainError?.column)
            #expect(e?.message == plainError?.message)
        } else {
            let (t, _) = try read()
            let clean = TestPaths.write(Self.file(tricky: Self.tricky, last: ""), name: "clean.jsonl")
            let (full, _) = try FastRead.plain(clean, table: "DeviceNetworkEvents")
            let cols = ["DeviceName", "ActionType"]
            #expect(FastRead.filtered(t, cols, Self.predicates) == FastRead.filtered(full, cols, Self.predicates))
        }
    }

    /// A bad value in a line that cannot pass: not seen by a filtered read; counted when bad rows
    /// are counted (the prefilter is then off), exactly as a plain read counts it.
    @Test func badValueInASkippedLine() throws {
        let bad = #"{"DeviceName":"ws-9","ActionType":"x","RemotePort":"notanumber"}"#
        let path = TestPaths.write(Self.file(tricky: [bad], last: ""), name: "badvalue.jsonl")
        let cols = ["DeviceName", "ActionType", "RemotePort"]
        var o = ReadOptions(); o.workers = 2; o.pieceBytes = 64 << 10
        let (t, _) = try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: o, columns: cols, predicates: Self.predicates)
        #expect(!FastRead.filtered(t, cols, Self.predicates).isEmpty)
        o.skipBadRows = true
        let (_, counted) = try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: o, columns: cols, predicates: Self.predicates)
        let (_, plain) = try FastRead.plain(path, table: "DeviceNetworkEvents", skip: true)
        #expect(plain.skippedRows[path] == 6)
        #expect(counted.skippedRows[path] == plain.skippedRows[path])
    }
}
