import Foundation
import Testing
import KQLColumns
@testable import QuarryIO

/// `TableReader.stream`: batches handed on round by round give exactly what the whole-file read
/// gives (rows, errors with file/line/column, skip counts), across tiny rounds, and a stream that
/// is not pulled to the end has not read the end of the file.
enum StreamRead {
    static func options(workers: Int = 2, pieceBytes: Int = 1 << 40, first: Int = 1 << 40, skip: Bool = false,
                        batch: Int = 65_536) -> ReadOptions {
        var o = FastRead.options(workers: workers, pieceBytes: pieceBytes, skip: skip, batch: batch)
        o.firstPieceBytes = first
        return o
    }

    static func open(_ path: String, table: String?, _ o: ReadOptions, schema: Schema? = nil, columns: [String]? = nil,
                     predicates: [ScanPredicate] = []) throws -> TableStream {
        var so = o
        so.skipBadRows = true
        let s = try schema ?? TableReader.schema(path: path, tableName: table, options: so)
        guard let stream = try TableReader.stream(paths: [path], tableName: table, options: o, schema: s,
                                                  columns: columns, predicates: predicates) else {
            throw ReadError(file: path, line: 0, column: 0, message: "not streamable")
        }
        return stream
    }

    /// Every batch of the stream, as a table; the number of non-empty rounds.
    static func drain(_ s: TableStream) throws -> (Table, Int) {
        var batches: [Batch] = []
        var rounds = 0
        while let g = try s.next() {
            if g.contains(where: { $0.count > 0 }) { rounds += 1 }
            batches += g
        }
        return (Table(schema: s.schema, batches: batches), rounds)
    }
}

@Suite struct StreamReadTests {
    @Test(arguments: [false, true])
    func roundsMatchWholeRead(crlf: Bool) throws {
        let path = TestPaths.write(FastRead.awkwardCSV(rows: 700, crlf: crlf, bom: crlf), tag: "stream\(crlf)")
        let (ref, _) = try FastRead.plain(path, table: "DeviceNetworkEvents")
        for (first, piece) in [(1, 1), (7, 64), (64, 333), (333, 4096), (1 << 40, 1 << 40)] {
            for workers in [1, 2, 3] {
                let o = StreamRead.options(workers: workers, pieceBytes: piece, first: first, batch: 50)
                let s = try StreamRead.open(path, table: "DeviceNetworkEvents", o, schema: ref.schema)
                let (t, rounds) = try StreamRead.drain(s)
                #expect(t.schema == ref.schema)
                #expect(t.rows() == ref.rows(), "first \(first) piece \(piece) workers \(workers)")
                #expect(s.report.rows == ref.rowCount)
                #expect(s.bytesParsed == (try Data(contentsOf: URL(fileURLWithPath: path)).count))
                if piece < 100 { #expect(rounds > 1) }
            }
        }
    }

    @Test func quotedLineBreakAndCRLFAcrossEveryCut() throws {
        // Every cut position: a quoted field holding LF and CRLF, and CRLF record ends.
        let csv = "ActionType,InitiatingProcessCommandLine,RemotePort\r\n"
            + "a,\"line1\nline2\r\nline3\",1\r\nb,\"x,\"\"y\"\"\",2\r\n\r\nc,plain,3\r\nd,\"\r\n\",4\r\n"
        let path = TestPaths.write(csv)
        let (ref, _) = try FastRead.plain(path, table: "DeviceNetworkEvents")
        #expect(ref.rowCount == 4)
        for piece in 1...40 {
            for workers in [1, 2] {
                let s = try StreamRead.open(path, table: "DeviceNetworkEvents",
                                            StreamRead.options(workers: workers, pieceBytes: piece, first: piece), schema: ref.schema)
                let (t, _) = try StreamRead.drain(s)
                #expect(t.rows() == ref.rows(), "piece \(piece) workers \(workers)")
            }
        }
    }

    @Test func badRowInALaterRoundIsLocatedAsByAWholeRead() throws {
        var csv = "Timestamp,DeviceName,RemotePort\n"
        for i in 0..<40 { csv += "2025-05-01T00:00:\(10 + i)Z,dev\(i),\(i)\n" }
        csv += "2025-05-01T01:00:00Z,\"quoted\nname\",notaport\n"     // line 42-43, bad value on line 43
        for i in 0..<40 { csv += "2025-05-01T02:00:\(10 + i)Z,dev\(i),\(i)\n" }
        let path = TestPaths.write(csv)
        let whole = FastRead.error { try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: FastRead.options()) }
        #expect(whole?.line == 43)
        #expect(whole?.column == 7)
        let s = try StreamRead.open(path, table: "DeviceNetworkEvents", StreamRead.options(workers: 2, pieceBytes: 64, first: 64))
        var got = 0
        var streamed: ReadError? = nil
        do { while let g = try s.next() { got += g.reduce(0) { $0 + $1.count } } } catch let e as ReadError { streamed = e }
        #expect(got > 0 && got <= 41)   // rows of the rounds before the bad row came first
        #expect(streamed?.line == whole?.line)
        #expect(streamed?.column == whole?.column)
        #expect(streamed?.message == whole?.message)
        #expect(streamed?.file == path)
    }

    @Test func skipCountsEqualAWholeRead() throws {
        var csv = "Timestamp,DeviceName,RemotePort,LocalPort\n"
        for i in 0..<300 {
            switch i % 37 {
            case 3: csv += "2025-05-01T00:00:00Z,d\(i),x\(i),1\n"            // bad value
            case 11: csv += "2025-05-01T00:00:00Z,d\(i),1\n"                  // too few fields
            case 19: csv += "2025-05-01T00:00:00Z,\"d\(i)\"x,1,2\n"           // junk after a quote
            case 23: csv += "notatime,\"multi\nline\",1,2\n"                  // bad datetime, quoted line break
            default: csv += "2025-05-01T00:00:00Z,d\(i),\(i),\(i * 2)\n"
            }
        }
        let path = TestPaths.write(csv)
        let (ref, rr) = try FastRead.plain(path, table: "DeviceNetworkEvents", skip: true)
        #expect((rr.skippedRows[path] ?? 0) > 20)
        for piece in [16, 100, 1000] {
            let o = StreamRead.options(workers: 2, pieceBytes: piece, first: piece, skip: true)
            let s = try StreamRead.open(path, table: "DeviceNetworkEvents", o, schema: ref.schema)
            let (t, _) = try StreamRead.drain(s)
            #expect(t.rows() == ref.rows())
            #expect(s.report.skippedRows == rr.skippedRows, "piece \(piece)")
            #expect(s.report.rows == rr.rows)
        }
    }

    @Test func aStoppedStreamReadsOnlyTheStart() throws {
        // 20,000 good rows, then a broken tail: a whole read fails; the first rounds do not.
        var csv = "Timestamp,DeviceName,RemotePort\n"
        for i in 0..<20_000 { csv += "2025-05-01T00:00:00Z,device-\(i).contoso.local,\(i % 65536)\n" }
        csv += "2025-05-01T00:00:00Z,\"unterminated,1\n"
        let path = TestPaths.write(csv)
        let size = csv.utf8.count
        #expect(FastRead.error { try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: FastRead.options()) } != nil)
        let s = try StreamRead.open(path, table: "DeviceNetworkEvents", StreamRead.options(workers: 2, pieceBytes: 1 << 20, first: 4096))
        let first = try s.next()
        let n = first?.reduce(0) { $0 + $1.count } ?? 0
        #expect(n >= 10)
        #expect(s.bytesParsed > 0 && s.bytesParsed < size / 10)
        #expect(s.report.rows == n)
        // Pulled on, it reaches the tail and reports it.
        #expect(FastRead.error { try StreamRead.drain(s) }?.message == "unterminated quoted field")
    }

    @Test func projectionAndPredicatesMatchAFilteredWholeRead() throws {
        let dir = TestPaths.tempDir()
        let path = dir + "/DeviceNetworkEvents.csv"
        try SyntheticDeviceNetworkEvents.write(GeneratorOptions(seed: 5, rows: 3000), to: path)
        let (ref, _) = try FastRead.plain(path, table: nil)
        let cols = ["RemotePort", "Timestamp", "DeviceName", "ActionType"]
        let preds = [ScanPredicate(column: "ActionType", op: .notEqual, value: .string("ConnectionAttempt")),
                     ScanPredicate(column: "RemotePort", op: .greaterOrEqual, value: .long(1000))]
        let s = try StreamRead.open(path, table: nil, StreamRead.options(workers: 2, pieceBytes: 9_000, first: 2_000),
                                    schema: ref.schema, columns: cols, predicates: preds)
        let (t, rounds) = try StreamRead.drain(s)
        #expect(rounds > 3)
        #expect(t.schema.names == cols)
        let expected = FastRead.filtered(ref, cols, preds)
        #expect(!expected.isEmpty)
        #expect(t.rows() == expected)
    }

    @Test func uncataloguedColumnsTakeTheDeclaredTypes() throws {
        let csv = "a,b,c\n1,x,2025-05-01T00:00:00Z\n2,,\n,y,2025-05-02T00:00:00Z\n"
        let path = TestPaths.write(csv)
        let (ref, _) = try FastRead.plain(path, table: nil)
        #expect(ref.type("a") == .long)
        let s = try StreamRead.open(path, table: nil, StreamRead.options(pieceBytes: 8, first: 8), schema: ref.schema)
        let (t, _) = try StreamRead.drain(s)
        #expect(t.schema == ref.schema)
        #expect(t.rows() == ref.rows())
    }

    @Test func multipleFilesStreamInOrder() throws {
        let dir = TestPaths.tempDir()
        FileManager.default.createFile(atPath: dir + "/1.csv", contents: Data("RemotePort,DeviceName\n1,a\n2,b\n".utf8))
        FileManager.default.createFile(atPath: dir + "/2.csv", contents: Data("DeviceName,RemotePort,ActionType\nc,3,X\n".utf8))
        let (ref, _) = try TableReader.read(path: dir, tableName: "DeviceNetworkEvents", options: FastRead.options())
        let s = try StreamRead.open(dir, table: "DeviceNetworkEvents", StreamRead.options(pieceBytes: 4, first: 4), schema: ref.schema)
        let (t, _) = try StreamRead.drain(s)
        #expect(t.rows() == ref.rows())
        #expect(s.report.files.count == 2)
    }

    @Test func gzipIsNotStreamed() throws {
        let path = TestPaths.write("a\n1\n")
        let gz = path + ".gz"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "gzip -c '\(path)' > '\(gz)'"]
        try p.run(); p.waitUntilExit()
        guard p.terminationStatus == 0 else { return }
        let schema = try TableReader.schema(path: gz, tableName: nil, options: ReadOptions())
        #expect(try TableReader.stream(paths: [gz], tableName: nil, options: ReadOptions(), schema: schema,
                                       columns: nil, predicates: []) == nil)
    }

    static func jsonLines(_ rows: Int, extraAt: Int? = nil) -> String {
        var s = ""
        for i in 0..<rows {
            s += "{\"Timestamp\":\"2025-05-01T00:00:\(10 + i % 50)Z\",\"DeviceName\":\"dev-\(i).contoso.local\",\"RemotePort\":\(i % 65536),\"ActionType\":\"\(i % 3 == 0 ? "ConnectionSuccess" : "InboundConnectionAccepted")\""
            if let e = extraAt, i >= e { s += ",\"Extra\":\"e\(i)\"" }
            s += "}\n"
        }
        return s
    }

    @Test func jsonLinesRoundsMatchWholeRead() throws {
        let path = TestPaths.write(Self.jsonLines(3000), name: "data.jsonl")
        let (ref, _) = try FastRead.plain(path, table: "DeviceNetworkEvents")
        #expect(ref.rowCount == 3000)
        for (first, piece, workers) in [(100, 1000, 2), (4096, 1 << 20, 2), (1, 1, 3), (1 << 40, 1 << 40, 1)] {
            let s = try StreamRead.open(path, table: "DeviceNetworkEvents", StreamRead.options(workers: workers, pieceBytes: piece, first: first),
                                        schema: ref.schema)
            let (t, _) = try StreamRead.drain(s)
            #expect(t.rows() == ref.rows(), "first \(first) piece \(piece)")
            #expect(s.report.rows == 3000)
        }
        // Projection and a string equality (the line prefilter).
        let cols = ["DeviceName", "ActionType", "RemotePort"]
        let preds = [ScanPredicate(column: "ActionType", op: .equal, value: .string("ConnectionSuccess"))]
        let s = try StreamRead.open(path, table: "DeviceNetworkEvents", StreamRead.options(pieceBytes: 5000, first: 5000),
                                    schema: ref.schema, columns: cols, predicates: preds)
        let (t, _) = try StreamRead.drain(s)
        // The reader may keep rows a predicate rules out (the engine filters again); it drops none that pass.
        #expect(FastRead.filtered(t, cols, preds) == FastRead.filtered(ref, cols, preds))
        #expect(t.rowCount < ref.rowCount)
    }

    @Test func jsonLinesColumnAddedLateAndErrorsLocated() throws {
        // A column first seen after the seed is still read (the later pieces' builders carry it).
        let late = TestPaths.write(Self.jsonLines(3000, extraAt: 2500), name: "late.jsonl")
        let (ref, _) = try FastRead.plain(late, table: "DeviceNetworkEvents")
        #expect(ref.schema.index(of: "Extra") != nil)
        let s = try StreamRead.open(late, table: "DeviceNetworkEvents", StreamRead.options(pieceBytes: 7000, first: 7000), schema: ref.schema)
        let (t, _) = try StreamRead.drain(s)
        #expect(t.rows() == ref.rows())

        // A bad record after the seed: the same error as a whole read, after the rows before it.
        var text = Self.jsonLines(2000)
        text += "{\"Timestamp\":\"2025-05-01T00:00:00Z\",\"RemotePort\":\"notaport\"}\n"
        text += Self.jsonLines(10)
        let bad = TestPaths.write(text, name: "bad.jsonl")
        let whole = FastRead.error { try TableReader.read(path: bad, tableName: "DeviceNetworkEvents", options: FastRead.options()) }
        #expect(whole?.line == 2001)
        let b = try StreamRead.open(bad, table: "DeviceNetworkEvents", StreamRead.options(pieceBytes: 9000, first: 9000))
        var got = 0
        var streamed: ReadError? = nil
        do { while let g = try b.next() { got += g.reduce(0) { $0 + $1.count } } } catch let e as ReadError { streamed = e }
        #expect(got > 0 && got <= 2000)
        #expect(streamed?.line == whole?.line)
        #expect(streamed?.column == whole?.column)
        #expect(streamed?.message == whole?.message)
    }

    @Test func jsonLinesStoppedStreamReadsOnlyTheStart() throws {
        let text = Self.jsonLines(20_000) + "{\"DeviceName\": \n"
        let path = TestPaths.write(text, name: "tail.jsonl")
        #expect(FastRead.error { try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: FastRead.options()) } != nil)
        let s = try StreamRead.open(path, table: "DeviceNetworkEvents", StreamRead.options(pieceBytes: 1 << 20, first: 4096))
        let first = try s.next()
        #expect((first?.reduce(0) { $0 + $1.count } ?? 0) >= 10)
        #expect(s.bytesParsed < text.utf8.count / 10)
        #expect(FastRead.error { try StreamRead.drain(s) } != nil)
    }

    @Test func jsonArraysAndSkipBadRowsAreNotStreamed() throws {
        let arr = TestPaths.write("[{\"a\":1},{\"a\":2}]", name: "arr.json")
        let schema = try TableReader.schema(path: arr, tableName: nil, options: ReadOptions())
        #expect(try TableReader.stream(paths: [arr], tableName: nil, options: ReadOptions(), schema: schema, columns: nil, predicates: []) == nil)
        // Pretty-printed records (even when the 64 KiB seed happens to end at a record's end).
        var pretty = ""
        for i in 0..<2000 { pretty += "{\n  \"DeviceName\": \"d\(i)\",\n  \"RemotePort\": \(i)\n}\n" }
        let pp = TestPaths.write(pretty, name: "pretty.json")
        let ps = try TableReader.schema(path: pp, tableName: "DeviceNetworkEvents", options: ReadOptions())
        #expect(try TableReader.stream(paths: [pp], tableName: "DeviceNetworkEvents", options: ReadOptions(), schema: ps, columns: nil, predicates: []) == nil)
        #expect(JSONLinesRounds.oneObjectPerLine(UnsafeBufferPointer(start: nil, count: 0)))
        let lines = TestPaths.write(Self.jsonLines(10), name: "l.jsonl")
        var o = ReadOptions()
        o.skipBadRows = true
        let ls = try TableReader.schema(path: lines, tableName: "DeviceNetworkEvents", options: o)
        #expect(try TableReader.stream(paths: [lines], tableName: "DeviceNetworkEvents", options: o, schema: ls, columns: nil, predicates: []) == nil)
    }
}
