import Foundation
import KQLColumns
@testable import KQLEngine
import KQLSyntax
import Testing

/// Operators whose output or state can dwarf their input (issue 10 §2): mv-expand streams its
/// expansion in bounded batches; make-series reserves its series before building them; long
/// arithmetic runs on typed storage. Each with the answers of the plain implementation.
@Suite struct OperatorMemoryTests {
    /// A 1,000-element array on each of 100 rows (one input batch): 100,000 output rows.
    static let bigExpansion = "let arr = toscalar(range i from 1 to 1000 step 1 | summarize make_list(i)); range x from 1 to 100 step 1 | extend a = arr | mv-expand a"

    func rows(_ query: String, _ options: QueryOptions = QueryOptions(now: 0)) throws -> [[Value]] {
        let t = try QuerySession().run(query, options: options).table
        return t.batches.flatMap { b in (0..<b.count).map { r in b.columns.map { $0.value(at: r) } } }
    }

    @Test func mvExpandEmitsBoundedBatchesAndTheRightCount() throws {
        var o = QueryOptions(now: 0)
        o.maxMemory = 1 << 20
        o.truncation = nil
        let stream = try QuerySession().stream(Self.bigExpansion, options: o)
        var total = 0, largest = 0, sum: Int64 = 0
        while let group = try stream.next() {
            let n = group.reduce(0) { $0 + $1.count }
            total += n
            largest = max(largest, n)
            for b in group {
                for r in 0..<b.count { if case .dynamic(.long(let v)) = b.columns[1].value(at: r) { sum += v } }
            }
        }
        #expect(sum == 100 * 500_500)
        #expect(total == 100_000)
        #expect(largest <= Executor.mvExpandBatchRows)
        #expect(try rows(Self.bigExpansion + " | count", o) == [[.long(100_000)]])
        #expect(try rows(Self.bigExpansion + " | take 3 | project x, a", o) == [[.long(1), .dynamic(.long(1))], [.long(1), .dynamic(.long(2))], [.long(1), .dynamic(.long(3))]])
    }

    /// Pieces smaller than a row's expansion, and rows spanning pieces, give the rows of one pass.
    @Test(arguments: [1, 2, 3, 5, 7, 64])
    func mvExpandPiecesKeepOrderIndexesAndLockstep(_ batchRows: Int) throws {
        let query = """
        datatable(k:long, a:dynamic, b:dynamic)[
          1, dynamic([10, 20, 30]), dynamic(["x"]),
          2, dynamic([]), dynamic([]),
          3, dynamic(null), dynamic([1, 2]),
          4, dynamic({"p": 1, "q": 2}), dynamic([true, false, true, false]),
          5, dynamic([40]), dynamic(7)]
        | mv-expand with_itemindex = i a, b
        """
        let session = QuerySession()
        let whole = try session.run(query, options: QueryOptions(now: 0)).table
        let expected = whole.batches.flatMap { b in (0..<b.count).map { r in b.columns.map { $0.value(at: r) } } }
        #expect(expected.count == 3 + 0 + 2 + 4 + 1)
        let i = try #require(whole.schema.fields.firstIndex { $0.name == "i" })
        #expect(expected.map { $0[i] } == [0, 1, 2, 0, 1, 0, 1, 2, 3, 0].map { Value.long($0) })
        #expect(expected.map { $0[0] } == [1, 1, 1, 3, 3, 4, 4, 4, 4, 5].map { Value.long($0) })

        // The same plan through pieces of `batchRows` rows.
        let plan = try #require(try Self.mvExpandPlan(query))
        guard case .mvExpand(let spec) = plan else { Issue.record("not an mv-expand"); return }
        let executor = Executor(session: SessionContext(now: 0, tables: [:]))
        let stream = executor.mvExpandStream(try executor.stream(spec.input), spec, batchRows: batchRows)
        var got: [[Value]] = []
        while let group = try stream.next() {
            #expect(group.reduce(0) { $0 + $1.count } <= batchRows)
            for b in group { for r in 0..<b.count { got.append(b.columns.map { $0.value(at: r) }) } }
        }
        #expect(got == expected)
    }

    @Test func mvExpandLimitAcrossPieces() throws {
        let q = "range x from 1 to 3 step 1 | extend a = dynamic([1, 2, 3, 4, 5]) | mv-expand a limit 2 | project x, a"
        #expect(try rows(q) == [[1, 1], [1, 2], [2, 1], [2, 2], [3, 1], [3, 2]].map { [.long($0[0]), .dynamic(.long($0[1]))] })
    }

    @Test func makeSeriesPastTheBudgetFailsBeforeBuildingSeries() throws {
        var o = QueryOptions(now: 0)
        o.maxMemory = 64 << 20
        // 20,000 groups, each with data, × 8,784 hourly bins: 1.3 GB of series slots, refused
        // before any is built.
        let q = "range i from 1 to 20000 step 1 | extend k = i, t = datetime(2024-01-01) + i * 1s | make-series c = count() default = 0 on t from datetime(2024-01-01) to datetime(2025-01-01) step 1h by k"
        let start = Date()
        do {
            _ = try QuerySession().run(q, options: o)
            Issue.record("expected the memory budget error")
        } catch let e as QueryLimitError {
            #expect(e.code == .memoryBudgetExceeded)
            #expect(e.message.contains("make-series (20000 groups × 8784 bins × 1 aggregates)"))
        }
        #expect(Date().timeIntervalSince(start) < 5)
    }

    /// Groups whose rows all fall outside the axis range share one all-default series.
    @Test func makeSeriesEmptyGroupsShareTheirSeries() throws {
        var o = QueryOptions(now: 0)
        o.maxMemory = 64 << 20
        o.truncation = nil   // (the result is 20,000 × 8,784 values: past Kusto's 64 MB result limit)
        let q = "range i from 1 to 20000 step 1 | extend k = i, t = datetime(2025-01-01) + i * 1s | make-series c = count() default = 0 on t from datetime(2024-01-01) to datetime(2025-01-01) step 1h by k | project k, c"
        let t = try QuerySession().run(q, options: o).table
        #expect(t.rowCount == 20_000)
        let first = try #require(t.batches.first)
        #expect(first.columns[0].value(at: 0) == .long(1))
        #expect(first.columns[1].value(at: 0) == .dynamic(.array([DynamicValue](repeating: .long(0), count: 8784))))
    }

    @Test func makeSeriesWithinTheBudgetIsUnchanged() throws {
        var o = QueryOptions(now: 0)
        o.maxMemory = 64 << 20
        let q = """
        datatable(k:string, t:datetime, v:long)[
          'a', datetime(2025-01-01 00:10), 1, 'b', datetime(2025-01-01 01:10), 5,
          'a', datetime(2025-01-01 02:59), 2, 'a', datetime(2025-01-01 02:00), 3, 'b', datetime(2025-01-02), 9]
        | make-series s = sum(v) default = -1, c = count() on t from datetime(2025-01-01) to datetime(2025-01-01 04:00) step 1h by k
        | project k, s, c
        """
        let r = try rows(q, o)
        #expect(r.count == 2)
        #expect(r[0] == [.string("a"), .dynamic(.array([1, -1, 5, -1].map { .long($0) })), .dynamic(.array([1, 0, 2, 0].map { .long($0) }))])
        #expect(r[1] == [.string("b"), .dynamic(.array([-1, 5, -1, -1].map { .long($0) })), .dynamic(.array([0, 1, 0, 0].map { .long($0) }))])
    }

    /// The typed long kernel agrees with the per-value one: nulls, overflow, division by zero,
    /// Kusto's non-negative modulo.
    @Test func longArithmeticOnColumnsMatchesScalars() throws {
        let q = """
        datatable(x:long, y:long)[7, 3, -14, 12, 9223372036854775807, 1, 5, 0, long(null), 2, 4, long(null)]
        | extend s = x + y, d = x - y, m = x * y, q = x / y, r = x % y, r2 = x % 1000, a = x + 1
        | project s, d, m, q, r, r2, a
        """
        let got = try rows(q)
        #expect(got.count == 6)
        #expect(got[0] == [10, 4, 21, 2, 1, 7, 8].map { Value.long($0) })
        #expect(got[1][4] == .long(10))   // -14 % 12
        #expect(got[1][5] == .long(986))   // -14 % 1000
        #expect(got[2][0] == .null(.long))   // overflow
        #expect(got[2][6] == .null(.long))
        #expect(got[3][3] == .null(.long))   // 5 / 0
        #expect(got[4].allSatisfy { $0.isNull })
        #expect(got[5][0] == .null(.long))
        #expect(got[5][5] == .long(4))
        let minimum = try rows("range x from 1 to 2 step 1 | extend y = x - 9223372036854775807 - 2 | extend q = y / -1, r = y % -1 | project q, r")
        #expect(minimum == [[.null(.long), .long(0)], [.long(9223372036854775807), .long(0)]])
    }

    static func mvExpandPlan(_ query: String) throws -> LogicalPlan? {
        let (q, d) = KQLParser.parse(SourceText(query))
        #expect(d.isEmpty)
        var plan = try Binder(session: SessionContext(now: 0, tables: [:])).bind(q)
        while true {
            if case .mvExpand = plan { return plan }
            guard let child = plan.children.first else { return nil }
            plan = child
        }
    }
}
