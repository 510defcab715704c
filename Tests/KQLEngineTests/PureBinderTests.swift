import KQLColumns
@testable import KQLEngine
import KQLSyntax
import Testing

/// The binder binds and never runs anything: subqueries (`in (T)`, `toscalar(T)`), `materialize()`
/// and tabular lets are plans the executor runs — optimized, once per query.
@Suite struct PureBinderTests {
    struct BadValue: Error {}

    /// A table whose `LocalPort` column holds a value that cannot be parsed: reading that column
    /// (or the whole table) fails, as a real reader fails on `notanumber` in an int column. It
    /// counts the reads.
    final class PoisonedSource: @unchecked Sendable {
        static let schema = Schema([Field("DeviceName", .string), Field("RemotePort", .int), Field("LocalPort", .int)])
        static let rows: [[Value]] = [
            [.string("a"), .int(53), .int(1)], [.string("b"), .int(443), .int(2)],
            [.string("c"), .int(53), .int(3)], [.string("a"), .int(53), .int(4)], [.string("d"), .int(80), .int(5)],
        ]
        var reads = 0
        var source: TableSource {
            TableSource(schema: Self.schema, load: {
                self.reads += 1
                throw BadValue()
            }, loadColumns: { names, _ in
                self.reads += 1
                if names.contains("LocalPort") { throw BadValue() }
                let idx = names.map { Self.schema.index(of: $0)! }
                return Table.fromRows(schema: Schema(idx.map { Self.schema.fields[$0] }), rows: Self.rows.map { r in idx.map { r[$0] } })
            })
        }
    }

    func run(_ query: String, optimize: Bool = true, _ poisoned: PoisonedSource = PoisonedSource()) throws -> [[Value]] {
        try QuerySession(tables: ["T": poisoned.source]).run(query, options: QueryOptions(now: 0, optimize: optimize)).table.rows()
    }

    @Test func plainQueryReadsOnlyItsColumns() throws {
        #expect(try run("T | where RemotePort == 53 | distinct DeviceName | count") == [[.long(2)]])
    }

    /// The defect: the same subquery failed inside `in`, `toscalar` and `materialize`,
    /// because the binder ran it unoptimized, reading every column.
    @Test(arguments: [
        ("T | where DeviceName in (T | where RemotePort == 53 | distinct DeviceName) | count", Value.long(3)),
        ("T | where DeviceName !in (T | where RemotePort == 53 | distinct DeviceName) | count", Value.long(2)),
        ("print n = toscalar(T | where RemotePort == 53 | distinct DeviceName | count)", Value.long(2)),
        ("materialize(T | where RemotePort == 53 | distinct DeviceName) | count", Value.long(2)),
        ("let m = materialize(T | where RemotePort == 53 | distinct DeviceName); m | count", Value.long(2)),
        ("T | where DeviceName has_any (T | where RemotePort == 80 | project DeviceName) | count", Value.long(1)),
    ])
    func subqueriesReadOnlyTheColumnsTheyUse(query: String, expected: Value) throws {
        #expect(try run(query) == [[expected]])
    }

    @Test func aLetUsedTwiceReadsItsSourceOnce() throws {
        let p = PoisonedSource()
        let rows = try run("""
            let x = T | where RemotePort == 53 | project DeviceName, RemotePort;
            x | join kind=inner (x | summarize n = count() by DeviceName) on DeviceName | count
            """, p)
        #expect(rows == [[.long(3)]])
        #expect(p.reads == 1)
    }

    @Test func aToscalarLetUsedTwiceRunsOnce() throws {
        let p = PoisonedSource()
        let rows = try run("let n = toscalar(T | where RemotePort == 53 | count); print a = n, b = n * 2", p)
        #expect(rows == [[.long(3), .long(6)]])
        #expect(p.reads == 1)
    }

    @Test func aLetUsedOnceIsInlinedAndPushedDown() throws {
        let p = PoisonedSource()
        // Only DeviceName and RemotePort are read: the let is inlined, so pushdown sees through it.
        #expect(try run("let x = T; x | where RemotePort == 80 | project DeviceName", p) == [[.string("d")]])
        #expect(p.reads == 1)
    }

    @Test func withoutTheOptimizerSubqueriesStillRunAndAgree() throws {
        let q = "let n = toscalar(T | project RemotePort | summarize max(RemotePort)); T | project DeviceName, RemotePort | where RemotePort < n | count"
        // Unoptimized, the scan reads every column: the poisoned column fails, with the reader's error.
        #expect(throws: BadValue.self) { try run(q, optimize: false) }
        #expect(try run(q) == [[.long(4)]])
    }

    /// `quarry check` (QuerySession.check) binds against schemas and reads no data, ever.
    @Test(arguments: [
        "T | where DeviceName in (T | where RemotePort == 53 | distinct DeviceName)",
        "print toscalar(T | count)",
        "let m = materialize(T | take 1); m | union m",
        "T | where RemotePort > toscalar(T | summarize max(LocalPort))",
    ])
    func checkReadsNoTable(query: String) throws {
        let p = PoisonedSource()
        let (diagnostics, _) = QuerySession(tables: ["T": p.source]).check(query)
        #expect(diagnostics.isEmpty)
        #expect(p.reads == 0)
    }

    @Test func bindingAloneReadsNoTable() throws {
        let p = PoisonedSource()
        let session = SessionContext(now: 0, tables: ["T": p.source])
        let (q, _) = KQLParser.parse(SourceText("let x = T | where DeviceName in (T | project DeviceName); x | join (x) on DeviceName | extend m = toscalar(x | count)"))
        _ = try Binder(session: session).bind(q)
        #expect(p.reads == 0)
    }

    @Test func aConstantContextNamesTheSubquery() throws {
        #expect(throws: QueryError.self) { try run("T | take toscalar(T | count)") }
        do { _ = try run("T | take toscalar(T | count)") } catch let e as QueryError {
            #expect(e.diagnostics.first?.code == .nonConstantValue)
        }
    }
}

extension PureBinderTests {
    /// A `let` read by the main plan and by a subquery is shared; it reads the union of the
    /// columns its references use, so a column neither reads is still never parsed.
    @Test func aSharedLetReadsTheUnionOfItsReferencesColumns() throws {
        let p = PoisonedSource()
        let rows = try run("let x = T; x | where DeviceName in (x | where RemotePort == 53 | distinct DeviceName) | count", p)
        #expect(rows == [[.long(3)]])
        #expect(p.reads == 1)
    }

    @Test func nestedSharedPlansKeepTheirReferencesColumns() throws {
        let q = """
            let x = T | project DeviceName, RemotePort, LocalPort;
            let y = materialize(x | where RemotePort == 53);
            y | summarize n = count() by DeviceName | join kind=inner (y | distinct DeviceName) on DeviceName
              | where DeviceName in (x | where RemotePort == 80 | project DeviceName) or n > 1 | project DeviceName, n
            """
        #expect(try run(q) == [[.string("a"), .long(2)]])
    }
}
