import KQLColumns
@testable import KQLEngine
import KQLSyntax
import Testing

/// Query governance as Kusto does it: result truncation (500,000 records or 64 MB unless
/// `set notruncation;`), a memory budget for the operators that hold rows, a deadline and
/// cancellation — each a clean error, never an abort.
@Suite struct GovernanceTests {
    func limitError(_ query: String, _ options: QueryOptions = QueryOptions(now: 0)) -> QueryLimitError? {
        do {
            _ = try QuerySession().run(query, options: options)
            return nil
        } catch let e as QueryLimitError {
            return e
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func resultsPastKustosRecordLimitFailWithKustosMessage() throws {
        let e = try #require(limitError("range x from 1 to 500001 step 1"))
        #expect(e.code == .resultTooLarge)
        #expect(e.message.contains("Query result set has exceeded the internal record count limit 500000 (E_QUERY_RESULT_SET_TOO_LARGE)"))
        #expect(limitError("range x from 1 to 500000 step 1") == nil)
    }

    @Test func setNotruncationLiftsTheLimit() throws {
        let r = try QuerySession().run("set notruncation;\nrange x from 1 to 500001 step 1", options: QueryOptions(now: 0))
        #expect(r.table.rowCount == 500_001)
    }

    @Test func setTruncationLimitsChangeThem() throws {
        #expect(limitError("set truncationmaxrecords = 10; range x from 1 to 11 step 1")?.code == .resultTooLarge)
        #expect(limitError("set truncationmaxrecords = 10; range x from 1 to 10 step 1") == nil)
        let e = try #require(limitError("set truncationmaxsize = 100; range x from 1 to 20 step 1"))
        #expect(e.message.contains("internal data size limit 100"))
        var o = QueryOptions(now: 0)
        o.truncation = nil
        #expect(limitError("range x from 1 to 500001 step 1 | count", o) == nil)
    }

    @Test func operatorsThatHoldRowsStopAtTheMemoryBudget() throws {
        var o = QueryOptions(now: 0)
        o.maxMemory = 1 << 20
        let sort = try #require(limitError("range x from 1 to 1000000 step 1 | sort by x desc | take 1", o))
        #expect(sort.code == .memoryBudgetExceeded)
        #expect(sort.message.contains("sort"))
        // 3,000 rows on each side sharing one key: 9,000,000 output rows, refused before they are built.
        o.maxMemory = 64 << 20
        let join = try #require(limitError("let t = range x from 1 to 3000 step 1 | extend k = 1; t | join kind=inner (t) on k | count", o))
        #expect(join.message.contains("join (9000000 output rows)"))
        // Streaming operators hold no rows: a large range filtered and counted fits a small budget.
        o.maxMemory = 1 << 20
        #expect(limitError("range x from 1 to 3000000 step 1 | where x % 7 == 0 | count", o) == nil)
    }

    @Test func aDeadlineStopsTheQuery() throws {
        var o = QueryOptions(now: 0)
        o.timeout = 0
        let e = try #require(limitError("range x from 1 to 10 step 1", o))
        #expect(e.code == .timeout)
    }

    @Test func cancellationStopsTheQueryBetweenBatches() throws {
        var o = QueryOptions(now: 0)
        let c = Cancellation()
        o.cancellation = c
        let stream = try QuerySession().stream("range x from 1 to 1000000 step 1", options: o)
        #expect(try stream.next() != nil)
        c.cancel()
        #expect(throws: QueryLimitError.self) { _ = try stream.next() }
    }
}
