import Foundation
import Testing
import KQLColumns
@testable import QuarryIO

/// The fast read paths (parallel pieces, projection, raw predicates, dictionary strings) give
/// exactly what the plain sequential read of all columns gives, filtered afterwards.
enum FastRead {
    static func options(workers: Int = 1, pieceBytes: Int = 1 << 40, skip: Bool = false, batch: Int = 65_536) -> ReadOptions {
        var o = ReadOptions()
        o.workers = workers
        o.pieceBytes = pieceBytes
        o.skipBadRows = skip
        o.batchSize = batch
        return o
    }

    /// The plain read: one piece, all columns, no predicates.
    static func plain(_ path: String, table: String?, skip: Bool = false) throws -> (Table, ReadReport) {
        try TableReader.read(path: path, tableName: table, options: options(skip: skip))
    }

    static func holds(_ v: Value, _ p: ScanPredicate) -> Bool {
        if case .null = v { return p.op == .notEqual }
        func cmp<T: Comparable>(_ a: T, _ b: T) -> Bool { RawPredicate.compare(a, p.op, b) }
        switch (v, p.value) {
        case (.string(let a), .string(let b)): return cmp(a, b)
        case (.int(let a), .long(let b)): return cmp(Int64(a), b)
        case (.int(let a), .int(let b)): return cmp(a, b)
        case (.long(let a), .long(let b)): return cmp(a, b)
        case (.datetime(let a), .datetime(let b)): return cmp(a, b)
        default: Issue.record("unsupported predicate in test"); return true
        }
    }

    /// Rows of `t` (columns `cols`) for which every predicate holds.
    static func filtered(_ t: Table, _ cols: [String], _ preds: [ScanPredicate]) -> [[Value]] {
        let all = t.rows()
        let idx = cols.map { t.schema.index(of: $0)! }
        return all.filter { r in preds.allSatisfy { p in holds(r[t.schema.index(of: p.column)!], p) } }
            .map { r in idx.map { r[$0] } }
    }

    static func error(_ body: () throws -> Any) -> ReadError? {
        do { _ = try body(); return nil } catch let e as ReadError { return e } catch { return nil }
    }

    /// A CSV with every awkward form: quoted commas and line breaks (LF and CRLF inside quotes),
    /// doubled quotes, empty fields, blank lines, CRLF record ends.
    static func awkwardCSV(rows: Int, crlf: Bool = false, bom: Bool = false) -> String {
        let eol = crlf ? "\r\n" : "\n"
        var s = bom ? "\u{FEFF}" : ""
        s += "Timestamp,DeviceName,ActionType,RemoteIP,RemotePort,InitiatingProcessCommandLine,LocalPort" + eol
        let actions = ["InboundConnectionAccepted", "ConnectionSuccess", "ConnectionFailed"]
        for i in 0..<rows {
            let day = 1 + i % 9
            let ts = i % 13 == 5 ? "" : "2025-05-0\(day)T0\(i % 10):00:0\(i % 7).\(i % 1000)Z"
            let dev = i % 3 == 0 ? "test.domain.tld" : (i % 3 == 1 ? "\"test.domain.tld\"" : "ws-\(i % 17).contoso.local")
            let cmd: String
            switch i % 5 {
            case 0: cmd = "\"cmd.exe /c \"\"echo, hi\"\"\nsecond line\""
            case 1: cmd = "\"a,b\r\nc\""
            case 2: cmd = ""
            case 3: cmd = "plain-\(i)"
            default: cmd = "\"\n\n\""
            }
            let port = i % 11 == 4 ? "" : "\(i % 600)"
            s += "\(ts),\(dev),\(actions[i % 3]),10.0.\(i % 256).\(i % 7),\(port),\(cmd),\(i % 9 == 0 ? "\"445\"" : "\(i)")" + eol
            if i % 50 == 17 { s += eol }   // a blank line
        }
        return s
    }

    static let dayTicks = DateTime.ticks(year: 2025, month: 5, day: 4)
    static let huntPredicates = [
        ScanPredicate(column: "DeviceName", op: .equal, value: .string("test.domain.tld")),
        ScanPredicate(column: "ActionType", op: .equal, value: .string("InboundConnectionAccepted")),
        ScanPredicate(column: "Timestamp", op: .greater, value: .datetime(dayTicks)),
    ]
}

@Suite struct ParallelPieceTests {
    @Test(arguments: [false, true])
    func piecesMatchSequential(crlf: Bool) throws {
        let path = TestPaths.write(FastRead.awkwardCSV(rows: 700, crlf: crlf, bom: crlf), tag: "pieces\(crlf)")
        let (ref, rr) = try FastRead.plain(path, table: "DeviceNetworkEvents")
        #expect(ref.rowCount == 700)
        for pieceBytes in [1, 5, 64, 333, 4096] {
            for workers in [2, 3] {
                let o = FastRead.options(workers: workers, pieceBytes: pieceBytes, batch: 50)
                let (t, r) = try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: o)
                #expect(t.schema == ref.schema)
                #expect(t.rows() == ref.rows(), "pieceBytes \(pieceBytes) workers \(workers)")
                #expect(r.rows == rr.rows)
                #expect(t.batches.allSatisfy { b in b.columns.allSatisfy { $0.count == b.count } })
            }
        }
    }

    @Test func recordsLongerThanPieces() throws {
        // One quoted field spanning many pieces, with line starts inside it that look like records.
        var big = "\""
        for i in 0..<200 { big += "x\(i),\"\"y\"\"\nA,B,C\n" }
        big += "\""
        let csv = "ActionType,InitiatingProcessCommandLine,RemotePort\nfirst,\(big),1\nsecond,short,2\nthird,\(big),3\n"
        let path = TestPaths.write(csv)
        let (ref, _) = try FastRead.plain(path, table: "DeviceNetworkEvents")
        #expect(ref.rowCount == 3)
        for pieceBytes in [1, 10, 100, 1000] {
            let (t, _) = try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: FastRead.options(workers: 2, pieceBytes: pieceBytes))
            #expect(t.rows() == ref.rows())
        }
    }

    @Test func generatedExportMatches() throws {
        let dir = TestPaths.tempDir()
        let path = dir + "/DeviceNetworkEvents.csv"
        try SyntheticDeviceNetworkEvents.write(GeneratorOptions(seed: 3, rows: 3000), to: path)
        let (ref, _) = try FastRead.plain(path, table: nil)
        let (t, _) = try TableReader.read(path: path, tableName: nil, options: FastRead.options(workers: 2, pieceBytes: 10_000, batch: 700))
        #expect(t.rows() == ref.rows())
        let cols = ["Timestamp", "DeviceName", "RemoteIP", "RemotePort", "LocalIP", "LocalPort", "ActionType"]
        let preds = [ScanPredicate(column: "ActionType", op: .notEqual, value: .string("ConnectionAttempt")),
                     ScanPredicate(column: "LocalPort", op: .greaterOrEqual, value: .long(1000))]
        let (h, _) = try TableReader.read(path: path, tableName: nil, options: FastRead.options(workers: 2, pieceBytes: 7_000),
                                          columns: cols, predicates: preds)
        let expected = FastRead.filtered(ref, cols, preds)
        #expect(!expected.isEmpty)
        #expect(h.rows() == expected)
    }

    @Test func errorsAndSkipCountsUnchanged() throws {
        // Bad rows of every kind, placed after multi-line quoted fields so lines != records.
        var csv = FastRead.awkwardCSV(rows: 120)
        csv += "2025-05-01T00:00:00Z,d,A,1.1.1.1,notanint,\"x\ny\",1\n"           // bad value
        csv += FastRead.awkwardCSV(rows: 40).split(separator: "\n", maxSplits: 1)[1] + "\n"
        csv += "2025-05-01T00:00:00Z,d,A,1.1.1.1,80,\"broken\"x,1\n"              // char after quote
        csv += "2025-05-01T00:00:00Z,d,A,1.1.1.1,80,cmd,1,extra\n"                // too many
        csv += "2025-05-01T00:00:00Z,d,A\n"                                        // too few
        csv += "2025-05-01T00:00:00Z,d,A,1.1.1.1,80,ok,1\n"
        let path = TestPaths.write(csv)
        let refError = FastRead.error { try FastRead.plain(path, table: "DeviceNetworkEvents") }
        let (refSkip, refReport) = try FastRead.plain(path, table: "DeviceNetworkEvents", skip: true)
        #expect(refError != nil)
        #expect(refReport.skippedRows[path] == 4)
        for pieceBytes in [3, 50, 800] {
            let e = FastRead.error { try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: FastRead.options(workers: 2, pieceBytes: pieceBytes)) }
            #expect(e?.line == refError?.line)
            #expect(e?.column == refError?.column)
            #expect(e?.message == refError?.message)
            let (t, r) = try TableReader.read(path: path, tableName: "DeviceNetworkEvents",
                                              options: FastRead.options(workers: 3, pieceBytes: pieceBytes, skip: true, batch: 33))
            #expect(r.skippedRows[path] == 4)
            #expect(t.rows() == refSkip.rows())
        }
        // An unterminated quote at the end swallows the rest of the file in every piece layout.
        let path2 = TestPaths.write(FastRead.awkwardCSV(rows: 60) + "2025-05-01T00:00:00Z,d,A,1.1.1.1,80,\"never closed,1\n" + FastRead.awkwardCSV(rows: 5).split(separator: "\n", maxSplits: 1)[1])
        let ref2 = FastRead.error { try FastRead.plain(path2, table: "DeviceNetworkEvents") }
        #expect(ref2 != nil)
        for pieceBytes in [2, 40, 500] {
            let e = FastRead.error { try TableReader.read(path: path2, tableName: "DeviceNetworkEvents", options: FastRead.options(workers: 2, pieceBytes: pieceBytes)) }
            #expect(e?.line == ref2?.line && e?.column == ref2?.column && e?.message == ref2?.message)
        }
    }
}

@Suite struct ProjectionPredicateTests {
    let cols = ["LocalPort", "Timestamp", "DeviceName", "RemotePort", "InitiatingProcessCommandLine"]

    @Test func projectionKeepsRequestedOrder() throws {
        let path = TestPaths.write(FastRead.awkwardCSV(rows: 300))
        let (ref, _) = try FastRead.plain(path, table: "DeviceNetworkEvents")
        for workers in [1, 2] {
            let (t, r) = try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: FastRead.options(workers: workers, pieceBytes: 97),
                                              columns: cols, predicates: [])
            #expect(t.schema.names == cols)
            #expect(t.rows() == FastRead.filtered(ref, cols, []))
            #expect(r.rows == 300)
        }
    }

    @Test func predicatesDropExactlyTheFailingRows() throws {
        let path = TestPaths.write(FastRead.awkwardCSV(rows: 400, crlf: true))
        let (ref, _) = try FastRead.plain(path, table: "DeviceNetworkEvents")
        let cases: [[ScanPredicate]] = [
            FastRead.huntPredicates,
            [ScanPredicate(column: "DeviceName", op: .notEqual, value: .string("test.domain.tld"))],
            [ScanPredicate(column: "RemotePort", op: .greaterOrEqual, value: .long(300))],     // nulls fail
            [ScanPredicate(column: "RemotePort", op: .notEqual, value: .long(5))],             // nulls pass
            [ScanPredicate(column: "Timestamp", op: .lessOrEqual, value: .datetime(FastRead.dayTicks))],
            [ScanPredicate(column: "LocalPort", op: .less, value: .int(100)), ScanPredicate(column: "InitiatingProcessCommandLine", op: .equal, value: .string("a,b\r\nc"))],
            [ScanPredicate(column: "InitiatingProcessCommandLine", op: .equal, value: .string("cmd.exe /c \"echo, hi\"\nsecond line"))],
        ]
        for preds in cases {
            for workers in [1, 2] {
                let (t, _) = try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: FastRead.options(workers: workers, pieceBytes: 211),
                                                  columns: cols, predicates: preds)
                let expected = FastRead.filtered(ref, cols, preds)
                #expect(!expected.isEmpty, "\(preds)")
                #expect(t.rows() == expected, "\(preds)")
            }
        }
    }

    @Test func unsupportedOrUnknownPredicatesAreIgnored() throws {
        let path = TestPaths.write(FastRead.awkwardCSV(rows: 50))
        let preds = [ScanPredicate(column: "DeviceName", op: .less, value: .string("m")),     // string order: not used
                     ScanPredicate(column: "Nope", op: .equal, value: .long(1)),              // not a column
                     ScanPredicate(column: "RemotePort", op: .equal, value: .string("1"))]    // type mismatch
        let (t, _) = try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: ReadOptions(), columns: nil, predicates: preds)
        #expect(t.rowCount == 50)
    }

    @Test func badInputContract() throws {
        let header = "DeviceName,RemotePort,LocalPort\n"
        // A bad value in a column that is not requested is not seen.
        let p1 = TestPaths.write(header + "a,1,2\nb,x,3\n", tag: "bad1")
        let (t1, _) = try TableReader.read(path: p1, tableName: "DeviceNetworkEvents", options: ReadOptions(), columns: ["DeviceName", "LocalPort"], predicates: [])
        #expect(t1.rowCount == 2)
        // Structural errors are always reported, even in rows a predicate would drop.
        let p2 = TestPaths.write(header + "a,1,2\nb,\"3\"x,3\n", tag: "bad2")
        let e2 = FastRead.error { try TableReader.read(path: p2, tableName: "DeviceNetworkEvents", options: ReadOptions(), columns: ["DeviceName"],
                                                       predicates: [ScanPredicate(column: "DeviceName", op: .equal, value: .string("a"))]) }
        #expect(e2?.line == 3 && e2?.column == 6)
        // The values of a row a predicate drops are never decoded: its bad RemotePort cannot
        // change the answer, and the read succeeds with the row that passes.
        let p3 = TestPaths.write(header + "a,1,2\nb,x,3\n", tag: "bad3")
        let (t3a, _) = try TableReader.read(path: p3, tableName: "DeviceNetworkEvents", options: ReadOptions(), columns: ["DeviceName", "RemotePort"],
                                            predicates: [ScanPredicate(column: "DeviceName", op: .equal, value: .string("a"))])
        #expect(t3a.rowCount == 1)
        // A bad value in a row that passes is an error at its line and column.
        let e3 = FastRead.error { try TableReader.read(path: p3, tableName: "DeviceNetworkEvents", options: ReadOptions(), columns: ["DeviceName", "RemotePort"],
                                                       predicates: [ScanPredicate(column: "DeviceName", op: .equal, value: .string("b"))]) }
        #expect(e3?.line == 3 && e3?.column == 3)
        // Counting bad rows type-checks dropped rows too, so the count equals a full read's.
        var o = ReadOptions(); o.skipBadRows = true
        let (t3, r3) = try TableReader.read(path: p3, tableName: "DeviceNetworkEvents", options: o, columns: ["DeviceName", "RemotePort"],
                                            predicates: [ScanPredicate(column: "DeviceName", op: .equal, value: .string("a"))])
        #expect(t3.rowCount == 1 && r3.skippedRows[p3] == 1)
        // A column no file has is an error.
        #expect(FastRead.error { try TableReader.read(path: p1, tableName: "DeviceNetworkEvents", options: ReadOptions(), columns: ["Missing"], predicates: []) } != nil)
    }

    @Test func predicatesOffForInferredColumns() throws {
        // Generic CSV: types come from all rows, so no row may be dropped before inference.
        let path = TestPaths.write("k,v\na,1\nb,x\n")
        let (t, _) = try TableReader.read(path: path, tableName: "Generic", options: ReadOptions(), columns: ["v"],
                                          predicates: [ScanPredicate(column: "k", op: .equal, value: .string("a"))])
        #expect(t.type("v") == .string)
        #expect(t.rowCount == 2)
    }
}

@Suite struct DictionaryStringTests {
    @Test func lowCardinalityIsDictionaryAndEqualsPlain() throws {
        var csv = "DeviceName,RemoteIP,ActionType,RemotePort\n"
        for i in 0..<5000 { csv += "dev\(i % 7),10.\(i / 65536).\((i / 256) % 256).\(i % 256),\(i % 2 == 0 ? "" : "A\(i % 3)"),\(i % 5 == 0 ? "x" : "\(i)")\n" }
        let path = TestPaths.write(csv)
        var o = ReadOptions()
        o.skipBadRows = true
        o.batchSize = 1024
        let (t, r) = try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: o)
        #expect(r.skippedRows[path] == 1000)
        let dev = t.schema.index(of: "DeviceName")!, ip = t.schema.index(of: "RemoteIP")!
        for b in t.batches {
            if case .dictionary = b.columns[dev].storage {} else { Issue.record("DeviceName not dictionary-coded") }
            if case .string = b.columns[ip].storage {} else { Issue.record("RemoteIP should be plain") }
        }
        var expected: [[Value]] = []
        for i in 0..<5000 where i % 5 != 0 {
            expected.append([.string("dev\(i % 7)"), .string("10.\(i / 65536).\((i / 256) % 256).\(i % 256)"), .string(i % 2 == 0 ? "" : "A\(i % 3)"), .int(Int32(i))])
        }
        #expect(t.rows() == expected)
        // The plain form and gather agree with the codes.
        let c = t.batches[1].columns[dev]
        #expect((0..<c.count).map { c.plain.value(at: $0) } == (0..<c.count).map { c.value(at: $0) })
        #expect(c.gather([3, 1, 2]).value(at: 0) == c.value(at: 3))
    }

    @Test func encoderAbandonsMidBatch() throws {
        var sink = ColumnSink(kind: .typed(.string), capacity: 512)   // limit 128
        var values: [String] = []
        for i in 0..<300 { values.append(i < 100 ? "v\(i % 3)" : "u\(i)") }
        for v in values { sink.appendString(v) }
        sink.truncate(to: 299)
        guard case .typed(let col) = sink.finishBatch(capacity: 512), case .string = col.storage else { Issue.record("expected plain"); return }
        #expect((0..<299).map { col.value(at: $0) } == values.prefix(299).map { .string($0) })
        #expect(!sink.dictOn)   // stays plain afterwards
        var low = ColumnSink(kind: .typed(.string), capacity: 512)
        for v in ["a", "", "a", "bb", ""] { low.appendString(v) }
        low.appendNull()
        low.truncate(to: 5)
        guard case .typed(let d) = low.finishBatch(capacity: 512), case .dictionary(let ds) = d.storage else { Issue.record("expected dictionary"); return }
        #expect(ds.dictionary.count == 3)
        #expect((0..<5).map { d.value(at: $0) } == ["a", "", "a", "bb", ""].map { .string($0) })
    }
}

@Suite struct SchemaProbeTests {
    @Test func schemaEqualsReadSchema() throws {
        let dir = TestPaths.tempDir()
        let csv = dir + "/DeviceNetworkEvents.csv"
        try SyntheticDeviceNetworkEvents.write(GeneratorOptions(seed: 5, rows: 20_000), to: csv)
        let jsonl = dir + "/rows.jsonl"
        try SyntheticDeviceNetworkEvents.write(GeneratorOptions(seed: 5, rows: 8_000, format: .jsonl), to: jsonl)
        let generic = TestPaths.write("a,b,c\n1,x,2025-01-01T00:00:00Z\n2,y,\n")
        for (p, name) in [(csv, nil), (jsonl, "DeviceNetworkEvents"), (jsonl, nil), (generic, nil)] as [(String, String?)] {
            let s = try TableReader.schema(path: p, tableName: name, options: ReadOptions())
            let (t, _) = try TableReader.read(path: p, tableName: name, options: ReadOptions())
            #expect(s == t.schema, "\(p)")
        }
    }
}

@Suite struct JSONLinesPieceTests {
    @Test func piecesMatchSequential() throws {
        let dir = TestPaths.tempDir()
        let path = dir + "/rows.jsonl"
        try SyntheticDeviceNetworkEvents.write(GeneratorOptions(seed: 9, rows: 2_000, format: .jsonl), to: path)
        var seq = ReadOptions(); seq.workers = 1
        let (ref, _) = try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: seq)
        for workers in [2, 3] {
            var o = ReadOptions(); o.workers = workers; o.pieceBytes = 1
            let (t, r) = try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: o)
            #expect(t.schema == ref.schema)
            #expect(t.rows() == ref.rows())
            #expect(r.rows == 2_000)
        }
        // Unknown table: inferred types over all pieces.
        let (refU, _) = try TableReader.read(path: path, tableName: "Custom", options: seq)
        var o = ReadOptions(); o.workers = 2
        let (u, _) = try TableReader.read(path: path, tableName: "Custom", options: o)
        #expect(u.schema == refU.schema)
        #expect(u.rows() == refU.rows())
    }

    @Test func projectionSkipsUnrequestedValues() throws {
        let dir = TestPaths.tempDir()
        let path = dir + "/rows.jsonl"
        try SyntheticDeviceNetworkEvents.write(GeneratorOptions(seed: 4, rows: 1_500, format: .jsonl), to: path)
        let (ref, _) = try FastRead.plain(path, table: "DeviceNetworkEvents")
        let cols = ["RemotePort", "DeviceName", "Timestamp", "AdditionalFields"]
        for workers in [1, 2] {
            for table in ["DeviceNetworkEvents", "Custom"] {
                var o = ReadOptions(); o.workers = workers
                let preds = FastRead.huntPredicates.filter { cols.contains($0.column) }
                let (t, _) = try TableReader.read(path: path, tableName: table, options: o, columns: cols, predicates: preds)
                let (full, _) = try FastRead.plain(path, table: table)
                #expect(t.schema.names == cols)
                #expect(t.schema.fields == cols.map { full.schema.fields[full.schema.index(of: $0)!] })
                // The reader may skip lines that cannot pass (JSONLinePrefilter); what passes is unchanged.
                #expect(FastRead.filtered(t, cols, preds) == FastRead.filtered(full, cols, preds))
                #expect(t.rowCount <= full.rowCount)
                if workers == 2, table == "DeviceNetworkEvents" { #expect(t.rowCount < full.rowCount) }   // lines were skipped
            }
        }
        #expect(ref.rowCount == 1_500)
        // A bad value in a column that is not requested is not seen; in a requested one it is.
        let bad = TestPaths.write(#"{"DeviceName":"a","RemotePort":"x"}"# + "\n" + #"{"DeviceName":"b","RemotePort":2}"# + "\n", name: "bad.jsonl")
        let (t, _) = try TableReader.read(path: bad, tableName: "DeviceNetworkEvents", options: ReadOptions(), columns: ["DeviceName"], predicates: [])
        #expect(t.rows() == [[.string("a")], [.string("b")]])
        #expect(FastRead.error { try TableReader.read(path: bad, tableName: "DeviceNetworkEvents", options: ReadOptions(), columns: ["RemotePort"], predicates: []) } != nil)
    }

    @Test func badRowsAndLateColumnsFallBackToExactSequential() throws {
        var text = ""
        for i in 0..<3_000 { text += #"{"ActionType":"A\#(i % 5)","RemotePort":\#(i),"DeviceName":"d\#(i % 3)"}"# + "\n" }
        text += #"{"ActionType":"late","RemotePort":"notanumber","DeviceName":"x"}"# + "\n"
        text += #"{"ActionType":"late","RemotePort":1,"DeviceName":"x","NewColumn":"n"}"# + "\n"
        for i in 0..<2_000 { text += #"{"ActionType":"B\#(i % 5)","RemotePort":\#(i),"DeviceName":"d\#(i % 3)"}"# + "\n" }
        let path = TestPaths.write(text, name: "rows.jsonl")
        var seq = ReadOptions(); seq.workers = 1
        var par = ReadOptions(); par.workers = 2
        let e1 = FastRead.error { try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: seq) }
        let e2 = FastRead.error { try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: par) }
        #expect(e1 != nil)
        #expect(e1?.line == e2?.line && e1?.column == e2?.column && e1?.message == e2?.message)
        seq.skipBadRows = true; par.skipBadRows = true
        let (a, ra) = try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: seq)
        let (b, rb) = try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: par)
        #expect(ra.skippedRows == rb.skippedRows && ra.skippedRows[path] == 1)
        #expect(a.schema == b.schema && a.schema.names.contains("NewColumn"))
        #expect(a.rows() == b.rows())
    }
}

@Suite struct SkimmedTailTests {
    /// Predicates and requested columns on leading fields: the tail of dropped rows is skimmed.
    @Test func skimmedTailsMatchFullParse() throws {
        let path = TestPaths.write(FastRead.awkwardCSV(rows: 500, crlf: true))
        let (ref, _) = try FastRead.plain(path, table: "DeviceNetworkEvents")
        let cols = ["DeviceName", "Timestamp"]
        for preds in [FastRead.huntPredicates, [ScanPredicate(column: "DeviceName", op: .equal, value: .string("test.domain.tld"))]] {
            for pieceBytes in [1 << 40, 37] {
                let (t, _) = try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: FastRead.options(workers: 2, pieceBytes: pieceBytes),
                                                  columns: cols, predicates: preds)
                #expect(t.rows() == FastRead.filtered(ref, cols, preds))
            }
        }
    }

    @Test func structuralErrorsInSkimmedTails() throws {
        let header = "DeviceName,ActionType,RemoteIP,InitiatingProcessCommandLine,LocalPort\n"
        let good = "a,X,1.1.1.1,\"q,\"\"x\"\"\",1\nb,Y,2.2.2.2,plain,2\n"
        let bads = [
            "c,Y,3.3.3.3,cmd,3,extra\n",            // too many fields in a dropped row
            "c,Y,3.3.3.3,cmd\n",                    // too few
            "c,Y,3.3.3.3,\"cmd\"x,3\n",             // character after closing quote
            "c,Y,3.3.3.3,\"never closed,3\n",       // unterminated
            "c,Y,3.3.3.3,cmd,\"4\"\"\n",            // unterminated at the end (doubled quote)
        ]
        let preds = [ScanPredicate(column: "DeviceName", op: .equal, value: .string("a"))]
        for (k, bad) in bads.enumerated() {
            let path = TestPaths.write(header + good + bad + good, tag: "tail\(k)")
            let ref = FastRead.error { try FastRead.plain(path, table: "DeviceNetworkEvents") }
            let e = FastRead.error { try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: ReadOptions(), columns: ["DeviceName"], predicates: preds) }
            #expect(ref != nil, "\(k)")
            #expect(e?.line == ref?.line && e?.column == ref?.column && e?.message == ref?.message, "\(k): \(String(describing: e)) vs \(String(describing: ref))")
            var o = ReadOptions(); o.skipBadRows = true
            let (_, rr) = try FastRead.plain(path, table: "DeviceNetworkEvents", skip: true)
            let (t, r) = try TableReader.read(path: path, tableName: "DeviceNetworkEvents", options: o, columns: ["DeviceName"], predicates: preds)
            #expect(r.skippedRows == rr.skippedRows, "\(k)")
            #expect(t.column("DeviceName").allSatisfy { $0 == .string("a") })
        }
    }
}

@Suite struct SchemaProbeFallbackTests {
    @Test func prettyPrintedEnvelopeLargerThanTheProbe() throws {
        var text = "{\n  \"Schema\": [\n    {\"Name\": \"DeviceName\", \"Type\": \"String\"},\n    {\"Name\": \"Extra\", \"Type\": \"Int64\"}\n  ],\n  \"Results\": [\n"
        for i in 0..<30_000 { text += "    {\n      \"DeviceName\": \"d\(i % 9)\",\n      \"Extra\": \(i)\n    }\(i < 29_999 ? "," : "")\n" }
        text += "  ]\n}\n"
        #expect(text.utf8.count > TableReader.schemaProbeBytes)
        let path = TestPaths.write(text, name: "DeviceNetworkEvents.json")
        let s = try TableReader.schema(path: path, tableName: nil, options: ReadOptions())
        let (t, _) = try TableReader.read(path: path, tableName: nil, options: ReadOptions())
        #expect(s == t.schema)
        #expect(t.rowCount == 30_000)
    }
}
